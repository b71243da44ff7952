"""Server time and queries of a buyer's open figures: computing them, and the public page, CSV
and JSON with the figures cached (what an anonymous crowd costs) and not cached. Prints only
(speed is never asserted in tests).

A fresh SQLite database (migrate, import_rulesets) with one buyer, ``--contracts`` contracts of
record spread over five start years, each with ``--people`` approved placements (distinct
candidates, two target groups). Each output is requested ``--repeat`` times through Django's
test client in this process after a warm-up; p50 and p95 in ms and the queries of one request.

    .venv/bin/python benchmarks/open_figures.py
    .venv/bin/python benchmarks/open_figures.py --contracts 2000 --people 3 --repeat 10
"""

from __future__ import annotations

import argparse
import logging
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import support

SLUG = "gemeente-bench"


def seed(contracts: int, people: int) -> None:
    from sroi.accounts.constants import OrganisationKind
    from sroi.accounts.models import Organisation
    from sroi.monitoring.constants import RealisationKind, RealisationStatus
    from sroi.monitoring.models import Candidate, Realisation
    from sroi.plans.constants import TargetGroup
    from sroi.plans.models import Buyer, Contract
    from sroi.portfolio.models import Publication
    from sroi.rules.selectors import ruleset_version_valid_on

    contractor = Organisation.objects.create(name="Bouwbedrijf Bench B.V.", kvk_number="90000001")
    buyer_org = Organisation.objects.create(name="Gemeente Bench", kind=OrganisationKind.BUYER)
    buyer = Buyer.objects.create(name="Gemeente Bench", organisation=buyer_org)
    ruleset = ruleset_version_valid_on(code="nhn-werksaam", day=date(2026, 1, 1))
    made = Contract.objects.bulk_create(
        Contract(
            organisation=contractor,
            buyer=buyer,
            name=f"Onderhoud {number}",
            value_eur=Decimal("1000000.00"),
            sroi_percentage=Decimal("5.00"),
            start_date=date(2022 + number % 5, 1, 1),
            end_date=date(2028, 12, 31),
            ruleset_version=ruleset,
            of_record=True,
            obligation_eur=Decimal("50000.00"),
            agreed_eur=Decimal("30000.00"),
            realised_eur=Decimal("10000.00"),
        )
        for number in range(contracts)
    )
    candidates = Candidate.objects.bulk_create(
        Candidate(organisation=contractor, reference=f"K-{n:05d}", birth_year=1990)
        for n in range(contracts * people)
    )
    groups = [TargetGroup.PW_LT2, TargetGroup.PW_GT2]
    Realisation.objects.bulk_create(
        Realisation(
            contract=contract,
            kind=RealisationKind.PLACEMENT,
            status=RealisationStatus.APPROVED,
            block_code="PW_LT2",
            candidate=candidates[index * people + n],
            target_group=groups[n % 2],
            start_date=date(2026, 3, 1),
            hours_per_week=Decimal("36"),
            value_eur=Decimal("5000.00"),
        )
        for index, contract in enumerate(made)
        for n in range(people)
    )
    Publication.objects.create(buyer=buyer, slug=SLUG, published=True)


def timed(call: Callable[[], object], repeat: int) -> tuple[float, float, int]:
    from django.db import connection

    call()
    call()
    queries: list[str] = []

    def count(execute: Callable[..., object], sql: str, *args: object) -> object:
        queries.append(sql)  # a request resets connection.queries: count here instead
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        call()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return statistics.median(times), p95, len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--contracts", type=int, default=500)
    parser.add_argument("--people", type=int, default=2, help="placements per contract")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="sroi-bench-open-"))
    try:
        env = support.app_environment(f"sqlite:///{workdir / 'bench.sqlite3'}", workdir)
        support.manage(env, "migrate", "--noinput")
        support.manage(env, "import_rulesets")
        support.setup_django(env)
        logging.getLogger("django.request").setLevel(logging.ERROR)
        from django.core.cache import cache
        from django.test import Client

        from sroi.plans.models import Buyer
        from sroi.portfolio.open_figures import compute_open_figures

        seed(args.contracts, args.people)
        buyer = Buyer.objects.get(name="Gemeente Bench")
        client = Client()

        def get(path: str, *, cold: bool) -> Callable[[], object]:
            def one() -> object:
                if cold:
                    cache.clear()
                response = client.get(path)
                if response.status_code != 200:
                    raise SystemExit(f"{path}: HTTP {response.status_code}")
                return response

            return one

        print(
            f"Open figures, SQLite, {args.contracts} contracts, "
            f"{args.contracts * args.people} placements. ms (p50, p95) and queries."
        )
        rows = [("compute_open_figures", lambda: compute_open_figures(buyer))]
        for name, path in (
            ("page", f"/open/{SLUG}/"),
            ("CSV", f"/open/{SLUG}/cijfers.csv"),
            ("JSON", f"/open/{SLUG}/cijfers.json"),
        ):
            rows.append((f"{name}, cached", get(path, cold=False)))
            rows.append((f"{name}, not cached", get(path, cold=True)))
        for name, call in rows:
            p50, p95, queries = timed(call, args.repeat)
            print(f"{name:<24} {p50:8.1f} {p95:8.1f} {queries:>7}", flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
