"""Time of a spreadsheet import of placements (issue 8's target: 5,000 rows in <= 10 s).

For each database the script makes a fresh database (migrate, import_rulesets), a contract
with its agreements in force, and an .xlsx file of N placements made from the template's
headings (distinct candidates, running and finished placements, Excel dates and numbers).
Then it imports the file with ``imports.import_placements`` as the contractor: reading and
validating every row with PlacementForm, storing the rows and revaluing the contract, in one
call, and prints the seconds (best and worst of ``--repeat`` runs, each on an emptied
contract) and the rows per second. A CSV of the same rows is timed too. Prints only (speed is
never asserted in tests).

    .venv/bin/python benchmarks/monitoring_import.py
    .venv/bin/python benchmarks/monitoring_import.py --rows 1000 --repeat 1 --no-postgres
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import support


def seed_contract() -> tuple[Any, Any]:
    """A contractor and its contract (EUR 10 million at 5 %, from a year ago for two years)
    with the agreements in force."""
    from decimal import Decimal

    from django.utils import timezone

    from sroi.accounts.constants import OrganisationKind, Role
    from sroi.accounts.models import Organisation, User
    from sroi.plans.constants import ContractStatus
    from sroi.plans.models import Buyer, Contract
    from sroi.plans.valuation import contract_ruleset_version

    organisation = Organisation.objects.create(name="Bouwbedrijf Bench B.V.", kvk_number="12345678")
    buyer_org = Organisation.objects.create(name="Gemeente Bench", kind=OrganisationKind.BUYER)
    buyer = Buyer.objects.create(name="Gemeente Bench", organisation=buyer_org)
    user = User.objects.create_user(
        email="contractor@bench.example",
        password=None,
        role=Role.CONTRACTOR,
        organisation=organisation,
    )
    start = timezone.localdate().replace(day=1) - timedelta(days=365)
    contract = Contract(
        organisation=organisation,
        buyer=buyer,
        name="Onderhoud bench",
        reference="REF-BENCH",
        value_eur=Decimal("10000000"),
        sroi_percentage=Decimal("5.00"),
        start_date=start,
        end_date=start + timedelta(days=730),
        status=ContractStatus.AGREEMENTS_IN_FORCE,
        of_record=True,
        obligation_eur=Decimal("500000.00"),
    )
    contract.ruleset_version = contract_ruleset_version(contract)
    contract.save()
    return user, contract


def workbook_rows(contract: Any, rows: int) -> list[list[Any]]:
    from django.utils import timezone

    from sroi.monitoring import imports

    ruleset = imports.contract_ruleset(contract)
    names = imports.headings(ruleset)
    lists = imports.choice_lists(ruleset)
    groups = [label for _code, label in lists["target_group"]][:3]
    evidence = [label for _code, label in lists["eligibility_evidence"]]
    kinds = [label for _code, label in lists["employment_type"]]
    start = datetime.combine(contract.start_date, datetime.min.time())
    today = datetime.combine(timezone.localdate(), datetime.min.time())
    out: list[list[Any]] = [[names[name] for name in imports.COLUMNS]]
    for i in range(rows):
        begin = start + timedelta(days=i % 200)
        finished = i % 3 == 0
        out.append(
            [
                f"K-{i:05d}",
                1960 + i % 45,
                groups[i % len(groups)],
                None,
                evidence[i % len(evidence)],
                begin,
                begin + timedelta(days=90) if finished else None,
                None if finished else today + timedelta(days=180),
                36 if i % 2 else 18.5,
                kinds[i % 2],
                None if i % 4 else "Onderaannemer B.V.",
            ]
        )
    return out


def as_xlsx(rows: list[list[Any]]) -> bytes:
    import io

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Plaatsingen")
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def as_csv(rows: list[list[Any]]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in rows:
        writer.writerow(
            [
                value.strftime("%d-%m-%Y")
                if isinstance(value, datetime)
                else str(value).replace(".", ",")
                if isinstance(value, float)
                else ""
                if value is None
                else value
                for value in row
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def child(database: str, rows: int, repeat: int, pg_url: str) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="sroi-bench-import-"))
    try:
        if database == "postgresql":
            support.postgres_recreate(pg_url)
            url = pg_url
        else:
            url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        env = support.app_environment(url, workdir, SROI_EVIDENCE_ROOT=str(workdir / "evidence"))
        support.manage(env, "migrate", "--noinput")
        support.manage(env, "import_rulesets")
        support.setup_django(env)
        logging.getLogger("django.request").setLevel(logging.ERROR)
        from django.utils import translation

        from sroi.monitoring import imports, services
        from sroi.monitoring.models import Candidate, Realisation

        translation.activate("nl")
        user, contract = seed_contract()
        # The part of each import spent storing the rows and revaluing the contract.
        storing: list[float] = []
        store = services.realisations_create

        def timed_store(**kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return store(**kwargs)
            finally:
                storing.append(time.perf_counter() - started)

        services.realisations_create = timed_store  # type: ignore[assignment]
        sheet = workbook_rows(contract, rows)
        for label, data in (("xlsx", as_xlsx(sheet)), ("csv", as_csv(sheet))):
            times = []
            storing.clear()
            for _run in range(repeat):
                Realisation.objects.all().delete()
                Candidate.objects.all().delete()
                started = time.perf_counter()
                result = imports.import_placements(acting_user=user, contract=contract, data=data)
                times.append(time.perf_counter() - started)
                if result.problems:
                    print(f"{database:<11} {label:<5} problems: {result.problems[:3]}")
                    return
            stored = Realisation.objects.filter(contract=contract).count()
            contract.refresh_from_db()
            print(
                f"{database:<11} {label:<5} {rows:>6} {len(data) / 1024:8.0f} "
                f"{min(times):8.2f} {max(times):8.2f} {min(storing):8.2f} {rows / min(times):8.0f}"
                f"   ({stored} stored, forecast EUR {contract.forecast_eur})",
                flush=True,
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=5000, help="placements (default 5000)")
    parser.add_argument("--repeat", type=int, default=3, help="imports per file (default 3)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/sroi_bench_import",
        help="PostgreSQL database to drop and create (its name must contain 'bench')",
    )
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.rows, args.repeat, args.database_url)
        return 0
    print("Import of placements: read, validate every row, store, revalue (one call), seconds;")
    print("'store s': of the best run, storing the rows and revaluing the contract.")
    print("Target (issue 8): 5,000 rows in <= 10 s.")
    print(
        f"{'database':<11} {'file':<5} {'rows':>6} {'kB':>8} {'best s':>8} {'worst s':>8}"
        f" {'store s':>8} {'rows/s':>8}"
    )
    import subprocess

    for database in ["sqlite"] if args.no_postgres else ["sqlite", "postgresql"]:
        subprocess.run(  # noqa: S603 (our own interpreter and script)
            [
                sys.executable,
                __file__,
                "--child",
                database,
                "--rows",
                str(args.rows),
                "--repeat",
                str(args.repeat),
                "--database-url",
                args.database_url,
            ],
            check=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
