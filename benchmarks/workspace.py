"""Server time and queries of the coordinator's inbox and the contract list at region scale.

Issue 7's target: with 5,000 contracts, a constant number of queries and server time
p95 <= 150 ms on SQLite and on PostgreSQL. Prints only (speed is never asserted in tests).

For each database the script makes a fresh database (migrate, import_rulesets), adds a region
of N contracts with their organisations, buyers, plans and submitted versions in one bulk
insert per table, and then requests each page in this process through Django's test client
(the server's time without the network), after two warm-up requests: p50 and p95 over
``--repeat`` requests and the queries of one request. It does this at 500 and at 5,000
contracts, so a query count that grows with the data shows.

    .venv/bin/python benchmarks/workspace.py
    .venv/bin/python benchmarks/workspace.py --sizes 500 --repeat 10 --no-postgres
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import _harness

PAGES = (
    ("inbox", "/coordinator/"),
    ("inbox, search", "/coordinator/?q=bouw"),
    ("inbox, status filter", "/coordinator/?status=submitted"),
    ("contract list", "/contracten/"),
    ("contract list, sorted", "/contracten/?sorteer=-obligation"),
    ("contract list, search", "/contracten/?q=bouw"),
)


def seed_region(contracts: int) -> Any:
    """N contracts over 60 contractors and 12 buyers, each with a plan: a third waiting for a
    decision, the rest spread over the other statuses. Returns a coordinator."""
    from django.utils import timezone

    from sroi.accounts.constants import OrganisationKind, Role
    from sroi.accounts.models import Organisation, User
    from sroi.plans.constants import ContractStatus, PlanStatus
    from sroi.plans.models import Buyer, Contract, Plan, PlanVersion
    from sroi.rules.models import RuleSetVersion

    version = RuleSetVersion.objects.order_by("pk").first()
    coordinators = [
        User.objects.create_user(
            email=f"coordinator{i}@bench.example", password=None, role=Role.COORDINATOR
        )
        for i in range(5)
    ]
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"{'Bouwbedrijf' if i % 3 == 0 else 'Installatie'} {i:03d} B.V.",
            kvk_number=f"{10000000 + i}",
        )
        for i in range(60)
    )
    buyer_orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Gemeente {i:02d}", kind=OrganisationKind.BUYER) for i in range(12)
    )
    buyers = Buyer.objects.bulk_create(
        Buyer(name=f"Gemeente {i:02d}", organisation=org) for i, org in enumerate(buyer_orgs)
    )
    statuses = [
        PlanStatus.SUBMITTED,
        PlanStatus.DRAFT,
        PlanStatus.APPROVED,
        PlanStatus.CHANGES_REQUESTED,
        PlanStatus.SUBMITTED,
        PlanStatus.APPROVED,
    ]
    contract_status = {
        PlanStatus.SUBMITTED: ContractStatus.PLAN_IN_REVIEW,
        PlanStatus.DRAFT: ContractStatus.PLAN_REQUESTED,
        PlanStatus.CHANGES_REQUESTED: ContractStatus.PLAN_REQUESTED,
        PlanStatus.APPROVED: ContractStatus.AGREEMENTS_IN_FORCE,
    }
    start = date(2026, 1, 1)
    rows = []
    for i in range(contracts):
        value = Decimal(100_000 + (i * 7919) % 5_000_000)
        status = statuses[i % len(statuses)]
        rows.append(
            Contract(
                organisation=organisations[i % len(organisations)],
                buyer=buyers[i % len(buyers)],
                name=f"{'Onderhoud' if i % 2 else 'Bouw'} project {i:05d}",
                reference=f"REF-{i:05d}",
                value_eur=value,
                sroi_percentage=Decimal("5.00"),
                start_date=start + timedelta(days=i % 365),
                end_date=start + timedelta(days=i % 365 + 730),
                ruleset_version=version,
                status=contract_status[status],
                of_record=status == PlanStatus.APPROVED,
                obligation_eur=(value * Decimal("0.05")).quantize(Decimal("0.01")),
                planned_eur=(value * Decimal("0.04")).quantize(Decimal("0.01")),
                agreed_eur=(value * Decimal("0.05")).quantize(Decimal("0.01"))
                if status == PlanStatus.APPROVED
                else None,
            )
        )
    contract_rows = Contract.objects.bulk_create(rows, batch_size=500)
    now = timezone.now()
    plans = Plan.objects.bulk_create(
        (
            Plan(
                contract=contract,
                status=statuses[i % len(statuses)],
                current_version=0 if statuses[i % len(statuses)] == PlanStatus.DRAFT else 1,
                submitted_at=now - timedelta(days=i % 40),
                review_deadline=(now - timedelta(days=i % 40)).date() + timedelta(days=14),
                assigned_to=coordinators[i % len(coordinators)] if i % 4 else None,
            )
            for i, contract in enumerate(contract_rows)
        ),
        batch_size=500,
    )
    PlanVersion.objects.bulk_create(
        (
            PlanVersion(plan=plan, number=1, snapshot={}, submitted_at=now)
            for plan in plans
            if plan.current_version
        ),
        batch_size=500,
    )
    return coordinators[0]


def measure(user: Any, repeat: int) -> list[tuple[str, _harness.PageTime]]:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return [(name, _harness.time_page(client, path, repeat)) for name, path in PAGES]


def run_one(database: str, size: int, repeat: int, pg_url: str) -> None:
    """Measure one database at one size in a child process (Django is set up once per process)."""
    _harness.run_child(
        __file__, database, "--sizes", str(size), "--repeat", str(repeat), "--database-url", pg_url
    )


def child(database: str, size: int, repeat: int, pg_url: str) -> None:
    with _harness.fresh_database(database, pg_url, "sroi-bench-ws-"):
        started = time.perf_counter()
        user = seed_region(size)
        seeded = time.perf_counter() - started
        for name, page in measure(user, repeat):
            if page.status != 200:
                print(f"{database:<11} {size:>6} {name:<26} HTTP {page.status}")
                continue
            print(
                f"{database:<11} {size:>6} {name:<26} {page.p50_ms:8.1f} {page.p95_ms:8.1f}"
                f" {page.queries:>7}",
                flush=True,
            )
        print(f"{database:<11} {size:>6} (seeded in {seeded:.1f} s)", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="500,5000", help="contract counts (default 500,5000)")
    parser.add_argument("--repeat", type=int, default=20, help="requests per page (default 20)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/sroi_bench_workspace",
        help="PostgreSQL database to drop and create (its name must contain 'bench')",
    )
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.child:
        child(args.child, sizes[0], args.repeat, args.database_url)
        return 0
    print("Server time in ms (Django test client, in process) and queries of one request.")
    print("Target (issue 7): p95 <= 150 ms, the same query count at every size.")
    print(f"{'database':<11} {'size':>6} {'page':<26} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7}")
    databases = ["sqlite"] if args.no_postgres else ["sqlite", "postgresql"]
    for database in databases:
        for size in sizes:
            run_one(database, size, args.repeat, args.database_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
