"""The time of building one council report (snapshot, PDF with charts, Excel) for a buyer with
1,000 contracts.

Issue 9's target: the council report for a buyer with 1,000 contracts <= 20 s. Prints only
(speed is never asserted in tests).

For each database the script makes a fresh database (migrate, import_rulesets) and seeds it:

- ``--data scale`` (default): the scale data of ``sroi.portfolio.scale.seed_scale`` (issue 9's
  region generator), with one buyer of ``--contracts`` contracts among 25 % more contracts of
  four other buyers, 20 realisations a contract; the report is that buyer's for the year in
  which most of its contracts run (the scale data spreads the starts over 2022-2027).
- ``--data running``: the worst case, every one of the buyer's ``--contracts`` contracts runs
  in 2026 (stored figures and lights, a few closed by a final assessment), each with an
  accepted agreements version of three agreements and ``--placements`` approved placements,
  plus another buyer's contracts that the report must leave out.

It then queues one report and times ``council_reports_build_due`` building it (``--repeat``
times, a fresh request each), and the queries of one build. The first build of a process
includes loading WeasyPrint and the fonts (the worker pays that once).

    .venv/bin/python benchmarks/council.py
    .venv/bin/python benchmarks/council.py --data running --contracts 200 --no-postgres
"""

from __future__ import annotations

import argparse
import logging
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import support

START = date(2026, 1, 1)
END = date(2027, 12, 31)
TARGET_GROUPS = ("pw_lt2", "pw_gt2", "ww_gt1", "wia_wao", "bbl", "nug")


def _contracts(buyer: Any, organisation: Any, count: int, ruleset: Any) -> list[Any]:
    from sroi.plans.constants import ContractLight, ContractStatus
    from sroi.plans.models import Contract

    lights = [ContractLight.ON_TRACK, ContractLight.AT_RISK, ContractLight.BEHIND]
    return Contract.objects.bulk_create(
        (
            Contract(
                organisation=organisation,
                buyer=buyer,
                name=f"Contract {buyer.name} {i}",
                reference=f"B-{i:05d}",
                value_eur=Decimal("1000000.00"),
                sroi_percentage=Decimal("5.00"),
                start_date=START,
                end_date=END,
                ruleset_version=ruleset,
                status=ContractStatus.AGREEMENTS_IN_FORCE,
                of_record=True,
                obligation_eur=Decimal("50000.00"),
                agreed_eur=Decimal("45000.00"),
                realised_eur=Decimal(1000 * (i % 40)),
                pending_eur=Decimal("500.00"),
                outlook_eur=Decimal("48000.00"),
                light=ContractLight.CLOSED if i % 50 == 0 else lights[i % 3],
            )
            for i in range(count)
        ),
        batch_size=500,
    )


def seed(contracts: int, placements: int) -> Any:
    """The buyer of the report; ``contracts`` contracts with agreements and realisations."""
    from sroi.accounts.constants import OrganisationKind, Role
    from sroi.accounts.models import Organisation, User
    from sroi.agreements.constants import AgreementStatus
    from sroi.agreements.models import Agreement, AgreementVersion
    from sroi.monitoring.constants import AssessmentOutcome, RealisationKind, RealisationStatus
    from sroi.monitoring.models import Candidate, FinalAssessment, Realisation
    from sroi.plans.constants import ContractLight, EffortKind, PlanStatus
    from sroi.plans.models import Buyer, Plan, PlanVersion
    from sroi.rules.selectors import ruleset_version_valid_on

    ruleset = ruleset_version_valid_on(code="nhn-werksaam", day=START)
    organisation = Organisation.objects.create(name="Bouwbedrijf Bench B.V.", kvk_number="90000001")
    buyers = []
    for name in ("Gemeente Bench", "Gemeente Anders"):
        buyer_org = Organisation.objects.create(name=name, kind=OrganisationKind.BUYER)
        buyers.append(Buyer.objects.create(name=name, organisation=buyer_org))
    coordinator = User.objects.create_user(
        email="coordinator@bench.example", password=None, role=Role.COORDINATOR
    )
    rows = _contracts(buyers[0], organisation, contracts, ruleset)
    _contracts(buyers[1], organisation, contracts // 10, ruleset)
    plans = Plan.objects.bulk_create(
        (
            Plan(contract=contract, status=PlanStatus.APPROVED, current_version=1)
            for contract in rows
        ),
        batch_size=500,
    )
    plan_versions = PlanVersion.objects.bulk_create(
        (PlanVersion(plan=plan, number=1, snapshot={}) for plan in plans), batch_size=500
    )
    versions = AgreementVersion.objects.bulk_create(
        (
            AgreementVersion(
                contract=contract,
                based_on=plan_version,
                number=1,
                status=AgreementStatus.ACCEPTED,
                total_eur=Decimal("45000.00"),
                obligation_eur=Decimal("50000.00"),
            )
            for contract, plan_version in zip(rows, plan_versions, strict=True)
        ),
        batch_size=500,
    )
    Agreement.objects.bulk_create(
        (
            Agreement(
                version=version,
                position=j,
                effort_kind=(EffortKind.JOBS, EffortKind.JOBS, EffortKind.SOCIAL_PROCUREMENT)[j],
                target_group=TARGET_GROUPS[(i + j) % len(TARGET_GROUPS)] if j < 2 else "",
                block_code="PW_LT2",
                value_eur=Decimal("15000.00"),
            )
            for i, version in enumerate(versions)
            for j in range(3)
        ),
        batch_size=1000,
    )
    candidates = Candidate.objects.bulk_create(
        (
            Candidate(organisation=organisation, reference=f"K-{i:06d}", birth_year=1990)
            for i in range(contracts * placements)
        ),
        batch_size=1000,
    )
    Realisation.objects.bulk_create(
        (
            Realisation(
                contract=rows[i // placements],
                kind=RealisationKind.PLACEMENT,
                status=RealisationStatus.APPROVED,
                block_code="PW_LT2",
                candidate=candidate,
                target_group=TARGET_GROUPS[i % len(TARGET_GROUPS)],
                eligibility_evidence="gemeente_verklaring",
                start_date=START,
                planned_end_date=END,
                hours_per_week=Decimal("36"),
                employment_type="temporary",
                value_eur=Decimal("1000.00"),
            )
            for i, candidate in enumerate(candidates)
        ),
        batch_size=1000,
    )
    FinalAssessment.objects.bulk_create(
        FinalAssessment(
            contract=contract,
            outcome=AssessmentOutcome.FULFILLED
            if i % 100 == 0
            else AssessmentOutcome.NOT_FULFILLED,
            obligation_eur=Decimal("50000.00"),
            realised_eur=Decimal("0.00"),
            shortfall_eur=Decimal("0.00"),
        )
        for i, contract in enumerate(rows)
        if contract.light == ContractLight.CLOSED
    )
    return buyers[0], coordinator


def seed_from_scale(contracts: int) -> tuple[Any, Any, int]:
    """The scale data with one buyer of ``contracts`` contracts; the year most of them run."""
    from sroi.portfolio.council_figures import council_contracts
    from sroi.portfolio.scale import seed_scale

    total = contracts + contracts // 4
    region = seed_scale(
        contracts=total,
        realisations=total * 20,
        buyers=5,
        organisations=max(1, total // 25),
        big_buyer_contracts=contracts,
    )
    buyer = region.buyers[0]
    year = max(range(2022, 2028), key=lambda y: council_contracts(buyer.pk, y).count())
    return buyer, region.coordinator, year


def child(
    database: str,
    contracts: int,
    placements: int,
    repeat: int,
    pg_url: str,
    save: str,
    data: str,
) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="sroi-bench-council-"))
    try:
        if database == "postgresql":
            support.postgres_recreate(pg_url)
            url = pg_url
        else:
            url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        env = support.app_environment(url, workdir)
        support.manage(env, "migrate", "--noinput")
        support.manage(env, "import_rulesets")
        support.setup_django(env)
        logging.getLogger("sroi").setLevel(logging.ERROR)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from sroi.portfolio.constants import CouncilReportStatus
        from sroi.portfolio.council import council_report_request, council_reports_build_due
        from sroi.portfolio.models import CouncilReport

        started = time.perf_counter()
        if data == "scale":
            buyer, coordinator, year = seed_from_scale(contracts)
        else:
            (buyer, coordinator), year = seed(contracts, placements), 2026
        if connection.vendor == "postgresql":
            # What autovacuum does soon after a bulk load: without statistics the planner
            # joins the freshly loaded tables in nested loops (a build then takes minutes).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        seeded = time.perf_counter() - started
        times = []
        queries = 0
        for attempt in range(repeat):
            report = council_report_request(user=coordinator, buyer=buyer, year=year)
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                run = council_reports_build_due()
                times.append(time.perf_counter() - started)
            if attempt == 0:
                queries = len(captured)
            report.refresh_from_db()
            if report.status != CouncilReportStatus.READY or run.ready != 1:
                raise SystemExit(f"report {report.pk} not built: {report.status} {report.error}")
        report = CouncilReport.objects.get(pk=report.pk)
        from sroi.portfolio.council_figures import council_figures

        started = time.perf_counter()
        council_figures(buyer, year)
        snapshot_s = time.perf_counter() - started
        if save:
            Path(save).mkdir(parents=True, exist_ok=True)
            Path(save, f"council-{database}.pdf").write_bytes(bytes(report.pdf or b""))
            Path(save, f"council-{database}.xlsx").write_bytes(bytes(report.xlsx or b""))
        print(
            f"{database:<11} {data:<8} {contracts:>9} {statistics.median(times):9.2f}"
            f" {max(times):9.2f} {queries:>7}  (year {year}: contracts counted"
            f" {report.figures['contracts']['total']},"
            f" PDF {len(bytes(report.pdf or b'')) // 1024} KiB,"
            f" Excel {len(bytes(report.xlsx or b'')) // 1024} KiB; the figures alone"
            f" {snapshot_s:.2f} s; the first build includes loading WeasyPrint and the fonts;"
            f" seeding {seeded:.0f} s)",
            flush=True,
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--contracts", type=int, default=1000, help="contracts (default 1000)")
    parser.add_argument(
        "--placements", type=int, default=5, help="approved placements per contract (default 5)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="builds (default 3)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/sroi_bench_council",
        help="PostgreSQL database to drop and create (its name must contain 'bench')",
    )
    parser.add_argument("--save", default="", help="write the last PDF and Excel file here")
    parser.add_argument(
        "--data", choices=("scale", "running"), default="scale", help="see above (default scale)"
    )
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(
            args.child,
            args.contracts,
            args.placements,
            args.repeat,
            args.database_url,
            args.save,
            args.data,
        )
        return 0
    print("Seconds to build one council report (snapshot, PDF, Excel) and its queries.")
    print("Target (issue 9): a buyer with 1,000 contracts <= 20 s.")
    print(
        f"{'database':<11} {'data':<8} {'contracts':>9} {'median s':>9} {'max s':>9} {'queries':>7}"
    )
    for database in ["sqlite"] if args.no_postgres else ["sqlite", "postgresql"]:
        subprocess.run(  # noqa: S603 (our own interpreter and script)
            [
                sys.executable,
                __file__,
                "--child",
                database,
                "--contracts",
                str(args.contracts),
                "--placements",
                str(args.placements),
                "--repeat",
                str(args.repeat),
                "--database-url",
                args.database_url,
                *(["--save", args.save] if args.save else []),
                "--data",
                args.data,
            ],
            check=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
