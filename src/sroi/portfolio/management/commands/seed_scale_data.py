"""``manage.py seed_scale_data``: add a whole region of contracts, agreements, moments and
realisations in bulk (``sroi.portfolio.scale.seed_scale``), for benchmarks and to look at the
portfolio with realistic numbers.

It never runs on a production database by accident: it refuses unless ``DEBUG`` is on or
``--yes-i-know`` is given, and it refuses a database that already holds scale data.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sroi.portfolio.scale import ScaleError, seed_scale

REFUSAL = (
    "seed_scale_data adds thousands of made-up contracts and users. It runs only with DEBUG on"
    " (SROI_DEBUG=1, the development default) or with --yes-i-know; never on a production"
    " database."
)


class Command(BaseCommand):
    help = (
        "Add a region of made-up contracts (default 5,000) with agreements, assessment moments "
        "and realisations (default 100,000), in bulk. Development and benchmarks only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--contracts", type=int, default=5000)
        parser.add_argument("--realisations", type=int, default=100_000)
        parser.add_argument("--buyers", type=int, default=10)
        parser.add_argument("--organisations", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument(
            "--big-buyer-contracts",
            type=int,
            default=0,
            help="give the first buyer this many of the contracts (0: spread evenly)",
        )
        parser.add_argument(
            "--yes-i-know",
            action="store_true",
            help="run although DEBUG is off (a benchmark or test database, never production)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG or options["yes_i_know"]):
            raise CommandError(REFUSAL)
        try:
            seed_scale(
                contracts=options["contracts"],
                realisations=options["realisations"],
                buyers=options["buyers"],
                organisations=options["organisations"],
                seed=options["seed"],
                big_buyer_contracts=options["big_buyer_contracts"],
                stdout=self.stdout if options["verbosity"] > 0 else None,
            )
        except ScaleError as exc:
            raise CommandError(str(exc)) from exc
