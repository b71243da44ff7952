"""Server time and queries of the monitoring pages, and the time of one verification.

Issue 8's targets: a contract page with 2,000 realisations, server time p95 <= 200 ms and a
constant query count (also the verification and the progress page); verifying one realisation
re-values its contract in <= 100 ms. Prints only (speed is never asserted in tests).

For each database the script makes a fresh database (migrate, import_rulesets), adds one
contract with its agreements in force, assessment moments, N placements over its quarterly
reports (a third approved, half awaiting verification, the rest drafts; each with one
evidence row) and values them once with ``contract_revalue``. It then requests each page in
this process through Django's test client (the server's time without the network), after two
warm-up requests: p50 and p95 over ``--repeat`` requests and the queries of one request. At
the largest size it also times ``--repeat`` single approvals (``realisation_approve``).

    .venv/bin/python benchmarks/monitoring.py
    .venv/bin/python benchmarks/monitoring.py --sizes 200 --repeat 10 --no-postgres
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import _harness

START = date(2026, 1, 1)
END = date(2027, 12, 31)
TODAY = date(2026, 11, 30)


def seed_contract(size: int) -> dict[str, Any]:
    """One contract of record with ``size`` placements; returns the users and the contract."""
    from django.utils import timezone

    from sroi.accounts.constants import OrganisationKind, Role
    from sroi.accounts.models import Organisation, User
    from sroi.agreements.constants import AgreementStatus
    from sroi.agreements.models import Agreement, AgreementVersion, AssessmentMoment
    from sroi.monitoring.constants import RealisationKind, RealisationStatus, ReportStatus
    from sroi.monitoring.models import Candidate, Evidence, Realisation, Report
    from sroi.monitoring.valuation import contract_revalue
    from sroi.plans.constants import ContractStatus, EffortKind, PlanStatus
    from sroi.plans.models import Buyer, Contract, Plan, PlanVersion
    from sroi.rules.selectors import ruleset_version_valid_on

    organisation = Organisation.objects.create(name="Bouwbedrijf Bench B.V.", kvk_number="90000001")
    buyer_org = Organisation.objects.create(name="Gemeente Bench", kind=OrganisationKind.BUYER)
    buyer = Buyer.objects.create(name="Gemeente Bench", organisation=buyer_org)
    coordinator = User.objects.create_user(
        email="coordinator@bench.example", password=None, role=Role.COORDINATOR
    )
    contractor = User.objects.create_user(
        email="contractor@bench.example",
        password=None,
        role=Role.CONTRACTOR,
        organisation=organisation,
    )
    buyer_user = User.objects.create_user(
        email="buyer@bench.example", password=None, role=Role.BUYER, organisation=buyer_org
    )
    contract = Contract.objects.create(
        organisation=organisation,
        buyer=buyer,
        name="Onderhoud bench",
        reference="BENCH-1",
        value_eur=Decimal("20000000.00"),
        sroi_percentage=Decimal("5.00"),
        start_date=START,
        end_date=END,
        ruleset_version=ruleset_version_valid_on(code="nhn-werksaam", day=START),
        status=ContractStatus.AGREEMENTS_IN_FORCE,
        of_record=True,
        obligation_eur=Decimal("1000000.00"),
        agreed_eur=Decimal("1000000.00"),
    )
    plan = Plan.objects.create(contract=contract, status=PlanStatus.APPROVED, current_version=1)
    plan_version = PlanVersion.objects.create(plan=plan, number=1, snapshot={})
    version = AgreementVersion.objects.create(
        contract=contract,
        based_on=plan_version,
        number=1,
        status=AgreementStatus.ACCEPTED,
        total_eur=Decimal("1000000.00"),
        obligation_eur=Decimal("1000000.00"),
    )
    Agreement.objects.bulk_create(
        Agreement(
            version=version,
            position=i,
            effort_kind=EffortKind.JOBS,
            block_code="PW_LT2",
            count=20,
            hours_per_week=Decimal("36"),
            start_date=START,
            end_date=END,
            value_eur=Decimal("100000.00"),
        )
        for i in range(10)
    )
    AssessmentMoment.objects.bulk_create(
        AssessmentMoment(contract=contract, planned_date=day)
        for day in (date(2026, 7, 1), date(2027, 1, 1), date(2027, 7, 1), END)
    )
    reports = [
        Report.objects.create(
            contract=contract,
            period_start=date(2026, month, 1),
            period_end=date(2026, month + 2, 28),
            deadline=date(2026, month + 2, 28) + timedelta(days=30),
            status=ReportStatus.SUBMITTED,
        )
        for month in (1, 4, 7)
    ]
    candidates = Candidate.objects.bulk_create(
        Candidate(organisation=organisation, reference=f"K-{i:05d}", birth_year=1990)
        for i in range(size)
    )
    statuses = [
        RealisationStatus.SUBMITTED,
        RealisationStatus.APPROVED,
        RealisationStatus.SUBMITTED,
        RealisationStatus.DRAFT,
        RealisationStatus.APPROVED,
        RealisationStatus.SUBMITTED,
    ]
    realisations = Realisation.objects.bulk_create(
        (
            Realisation(
                contract=contract,
                kind=RealisationKind.PLACEMENT,
                status=statuses[i % len(statuses)],
                report=reports[i % len(reports)]
                if statuses[i % len(statuses)] != RealisationStatus.DRAFT
                else None,
                block_code="PW_LT2",
                candidate=candidate,
                target_group="pw_lt2",
                eligibility_evidence="gemeente_verklaring",
                start_date=START + timedelta(days=i % 200),
                end_date=START + timedelta(days=200 + i % 100) if i % 3 else None,
                planned_end_date=date(2027, 6, 30),
                hours_per_week=Decimal(12 + i % 25),
                employment_type="temporary",
                created_at=timezone.now(),
            )
            for i, candidate in enumerate(candidates)
        ),
        batch_size=500,
    )
    Evidence.objects.bulk_create(
        (
            Evidence(
                realisation=r,
                original_name=f"contract-{r.pk}.pdf",
                content_type="application/pdf",
                size=1000,
                sha256="0" * 64,
            )
            for r in realisations
        ),
        batch_size=500,
    )
    started = time.perf_counter()
    contract_revalue(contract, today=TODAY)
    revalue_ms = (time.perf_counter() - started) * 1000
    # Again, as after one more change: the engine runs over every line, nothing new to store.
    started = time.perf_counter()
    if os.environ.get("SROI_BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        contract_revalue(contract, today=TODAY)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    else:
        contract_revalue(contract, today=TODAY)
    again_ms = (time.perf_counter() - started) * 1000
    return {
        "contract": contract,
        "coordinator": coordinator,
        "contractor": contractor,
        "buyer": buyer_user,
        "revalue_ms": revalue_ms,
        "again_ms": again_ms,
    }


def measure(seed: dict[str, Any], repeat: int) -> list[tuple[str, _harness.PageTime]]:
    from django.test import Client

    pk = seed["contract"].pk
    pages = (
        ("contract page, coordinator", "coordinator", f"/contracten/{pk}/"),
        ("contract page, buyer", "buyer", f"/contracten/{pk}/"),
        ("verification page", "coordinator", f"/contracten/{pk}/controle/"),
        ("verification page 10", "coordinator", f"/contracten/{pk}/controle/?pagina=10"),
        ("progress page, contractor", "contractor", f"/contracten/{pk}/voortgang/"),
        ("progress page, buyer", "buyer", f"/contracten/{pk}/voortgang/"),
    )
    results = []
    for name, persona, path in pages:
        client = Client()
        client.force_login(seed[persona])
        results.append((name, _harness.time_page(client, path, repeat)))
    return results


def measure_approval(seed: dict[str, Any], repeat: int) -> tuple[float, float, int]:
    """``repeat`` single approvals of realisations awaiting verification (service call)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sroi.monitoring.constants import RealisationStatus
    from sroi.monitoring.models import Realisation
    from sroi.monitoring.services_verify import realisation_approve

    waiting = list(
        Realisation.objects.filter(
            contract=seed["contract"], status=RealisationStatus.SUBMITTED
        ).order_by("pk")[: repeat + 1]
    )
    with CaptureQueriesContext(connection) as captured:
        realisation_approve(acting_user=seed["coordinator"], realisation=waiting[0])
    queries = len(captured)
    times = []
    for realisation in waiting[1:]:
        started = time.perf_counter()
        realisation_approve(
            acting_user=seed["coordinator"], realisation=realisation, revision=realisation.revision
        )
        times.append((time.perf_counter() - started) * 1000)
    p50, p95 = _harness.percentiles(times)
    return p50, p95, queries


def run_one(database: str, size: int, repeat: int, pg_url: str, approve: bool) -> None:
    """Measure one database at one size in a child process (Django is set up once per process)."""
    _harness.run_child(
        __file__,
        database,
        "--sizes",
        str(size),
        "--repeat",
        str(repeat),
        "--database-url",
        pg_url,
        *(["--approve"] if approve else []),
    )


def child(database: str, size: int, repeat: int, pg_url: str, approve: bool) -> None:
    with _harness.fresh_database(
        database, pg_url, "sroi-bench-mon-", SROI_EVIDENCE_ROOT="{workdir}/evidence"
    ):
        seed = seed_contract(size)
        for name, page in measure(seed, repeat):
            if page.status != 200:
                print(f"{database:<11} {size:>6} {name:<28} HTTP {page.status}", flush=True)
                continue
            print(
                f"{database:<11} {size:>6} {name:<28} {page.p50_ms:8.1f} {page.p95_ms:8.1f}"
                f" {page.queries:>7}",
                flush=True,
            )
        if approve:
            p50, p95, queries = measure_approval(seed, repeat)
            print(
                f"{database:<11} {size:>6} {'approve one realisation':<28} "
                f"{p50:8.1f} {p95:8.1f} {queries:>7}",
                flush=True,
            )
        print(
            f"{database:<11} {size:>6} (full contract_revalue: first"
            f" {seed['revalue_ms']:.0f} ms, again {seed['again_ms']:.0f} ms)",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="200,2000", help="realisations (default 200,2000)")
    parser.add_argument("--repeat", type=int, default=20, help="requests per page (default 20)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/sroi_bench_monitoring",
        help="PostgreSQL database to drop and create (its name must contain 'bench')",
    )
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    parser.add_argument("--approve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.child:
        child(args.child, sizes[0], args.repeat, args.database_url, args.approve)
        return 0
    print("Server time in ms (Django test client, in process) and queries of one request.")
    print("Targets (issue 8): pages p95 <= 200 ms with a constant query count at 2,000")
    print("realisations; approving one realisation <= 100 ms.")
    print(f"{'database':<11} {'size':>6} {'page':<28} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7}")
    databases = ["sqlite"] if args.no_postgres else ["sqlite", "postgresql"]
    for database in databases:
        for size in sizes:
            run_one(database, size, args.repeat, args.database_url, approve=size == max(sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
