"""Hot pages against a Django hello-world, in one run (``make bench``). Prints, asserts nothing.

Starts two gunicorn servers on the loopback (2 sync workers each, DEBUG off): the app on its
own database (SQLite in a temporary directory, or ``--database-url postgres://.../sroi_bench``;
prepared here: migrate, import_rulesets, load_demo, plus a submitted 50-line plan) and
``benchmarks/hello_site.py`` (a small template with ``{% csrf_token %}``). Each page is driven
for a fixed time by a few client threads (``http.client``, a new connection per request), and
the script prints per page: requests per second, p50 and p99 in ms, the ratio to the
hello-world page, and the number of database queries one request makes (counted in this
process with Django's test client and ``CaptureQueriesContext``).

Targets (issue 6): every page >= 25 % of the hello-world page, the calculator's live update and
``POST /api/v1/calc/`` >= 50 %, the stored PDF of a 50-line plan served in < 50 ms (p50).

    .venv/bin/python benchmarks/pages.py            # about 6 s per page
    .venv/bin/python benchmarks/pages.py --short    # 2 s per page
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import support

# The worked example of docs/rekenregels.md as the calculator form posts it (live update).
LIVE_FORM: dict[str, Any] = {
    "ruleset": "utrecht",
    "shown_ruleset": "utrecht@2024-1",
    "value_eur": "1.000.000",
    "sroi_percentage": "5",
    "start": "2026-01-01",
    "end": "2027-12-31",
    "pso_level": "",
    "placements-TOTAL_FORMS": "2",
    "placements-INITIAL_FORMS": "0",
    "placements-0-block": "PW",
    "placements-0-hours_per_week": "36",
    "placements-0-start": "2026-01-01",
    "placements-0-end": "2026-12-31",
    "placements-0-count": "1",
    "placements-0-bonuses": ["BONUS_50PLUS"],
    "placements-1-block": "WW",
    "placements-1-hours_per_week": "18",
    "placements-1-start": "2026-03-15",
    "placements-1-end": "2026-06-30",
    "placements-1-count": "1",
    "amounts-TOTAL_FORMS": "1",
    "amounts-INITIAL_FORMS": "0",
    "amounts-0-block": "SOCIAAL_INKOPEN",
    "amounts-0-amount_eur": "4.000",
    "activities-TOTAL_FORMS": "0",
    "activities-INITIAL_FORMS": "0",
    "other-TOTAL_FORMS": "0",
    "other-INITIAL_FORMS": "0",
}
API_DOCUMENT: dict[str, Any] = {
    "ruleset": "utrecht",
    "contract": {
        "value_eur": "1000000",
        "sroi_percentage": "5",
        "start": "2026-01-01",
        "end": "2027-12-31",
    },
    "lines": [
        {
            "block": "PW",
            "hours_per_week": "36",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "bonuses": ["BONUS_50PLUS"],
        },
        {"block": "WW", "hours_per_week": "18", "start": "2026-03-15", "end": "2026-06-30"},
        {"block": "SOCIAAL_INKOPEN", "amount_eur": "4000"},
    ],
}
PDF_LINES = 50


@dataclass
class Page:
    name: str
    method: str
    path: str
    body: bytes | dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    content_type: str = ""
    target: float = 0.25  # of the hello-world page's requests per second
    queries: int | None = None

    def call(self, port: int) -> Callable[[int], support.Reply]:
        body: Any = json.dumps(self.body) if self.content_type else self.body
        headers = dict(self.headers)
        if self.content_type:
            headers["Content-Type"] = self.content_type

        def one(_thread: int) -> support.Reply:
            return support.request(
                port, self.method, self.path, body=body, headers=headers, cookies=self.cookies
            )

        return one


@dataclass
class Fixture:
    coordinator_session: str
    contractor_session: str
    edit_path: str
    pdf_path: str


def make_fixture() -> Fixture:
    """A submitted 50-line plan (its PDF) and sessions of the demo coordinator and contractor."""
    from django.test import Client
    from django.urls import reverse

    from sroi.accounts.models import User
    from sroi.plans import services
    from sroi.plans.constants import EffortKind, PlanStatus, TargetGroup
    from sroi.plans.models import Buyer, Plan, PlanVersionPdf

    contractor = User.objects.get(email="aannemer@example.org")
    coordinator = User.objects.get(email="coordinator@example.org")
    contract = services.contract_create(
        acting_user=contractor,
        organisation=contractor.organisation,
        data={
            "name": "Benchmark: vijftig regels",
            "buyer": Buyer.objects.get(name="Gemeente Hoorn"),
            "value_eur": Decimal("25000000"),
            "start_date": date(2026, 3, 1),
            "end_date": date(2028, 2, 29),
            "sroi_percentage": Decimal("5"),
        },
    )
    start = date(2026, 4, 1)
    groups = (TargetGroup.PW_LT2, TargetGroup.WW_GT1)
    lines = [
        {
            "target_group": groups[i % 2],
            "count": 1 + i % 3,
            "hours_per_week": Decimal(24 + i % 13),
            "start_date": start + timedelta(days=7 * i),
            "end_date": start + timedelta(days=7 * i + 180),
        }
        for i in range(PDF_LINES)
    ]
    plan = services.plan_create(
        acting_user=contractor,
        contract=contract,
        data={
            "effort_kinds": [EffortKind.JOBS],
            "target_groups": list(groups),
            "work_description": "Grondwerk en bestrating.",
        },
        lines=lines,
    )
    version = services.plan_submit(acting_user=contractor, plan=plan)
    if not PlanVersionPdf.objects.filter(version=version).exists():
        # The page measures serving the stored PDF of record, never a rendering.
        raise SystemExit("The submitted plan has no stored PDF (rendering failed?)")
    draft = (
        Plan.objects.filter(contract__organisation=contractor.organisation, status=PlanStatus.DRAFT)
        .order_by("pk")
        .first()
    )
    if draft is None:
        raise SystemExit("The demo data has no draft plan of the contractor")
    sessions = []
    for user in (coordinator, contractor):
        client = Client()
        client.force_login(user)
        sessions.append(client.cookies["sessionid"].value)
    return Fixture(
        coordinator_session=sessions[0],
        contractor_session=sessions[1],
        edit_path=reverse("plans:plan_edit", kwargs={"pk": draft.pk}),
        pdf_path=reverse(
            "plans:plan_version_pdf", kwargs={"pk": plan.pk, "number": version.number}
        ),
    )


def count_queries(page: Page) -> int:
    """Queries of one request to ``page`` (a second one: the first fills per-process caches)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for name, value in page.cookies.items():
        if name != "csrftoken":
            client.cookies[name] = value
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in page.headers.items()}
    for _attempt in range(2):
        with CaptureQueriesContext(connection) as captured:
            if page.method == "GET":
                response = client.get(page.path, **extra)
            elif page.content_type:
                response = client.post(
                    page.path, json.dumps(page.body), content_type=page.content_type, **extra
                )
            else:
                response = client.post(page.path, page.body, **extra)
        if response.status_code != 200:
            raise SystemExit(f"{page.name}: test client got {response.status_code}")
    return len(captured)


def pages(fixture: Fixture, csrf: str) -> list[Page]:
    coordinator = {"sessionid": fixture.coordinator_session}
    contractor = {"sessionid": fixture.contractor_session}
    return [
        Page("/rekenhulp/", "GET", "/rekenhulp/"),
        Page("/rekenmodellen/", "GET", "/rekenmodellen/"),
        Page("/plannen/ (coordinator)", "GET", "/plannen/", cookies=coordinator),
        Page("/plannen/ (contractor)", "GET", "/plannen/", cookies=contractor),
        Page(
            "live update (htmx POST)",
            "POST",
            "/rekenhulp/uitkomst/",
            body=LIVE_FORM,
            headers={"HX-Request": "true", "X-CSRFToken": csrf},
            cookies={"csrftoken": csrf},
            target=0.5,
        ),
        Page(
            "POST /api/v1/calc/",
            "POST",
            "/api/v1/calc/",
            body=API_DOCUMENT,
            content_type="application/json",
            target=0.5,
        ),
        Page("plan edit (contractor)", "GET", fixture.edit_path, cookies=contractor),
        Page(f"stored PDF, {PDF_LINES} lines", "GET", fixture.pdf_path, cookies=contractor),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="per page (default 6)")
    parser.add_argument("--short", action="store_true", help="2 s per page")
    parser.add_argument("--threads", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--port", type=int, default=18100, help="hello-world; the app +1")
    parser.add_argument(
        "--database-url", default="", help="postgres://.../sroi_bench (default: SQLite, temp)"
    )
    args = parser.parse_args()
    seconds = 2.0 if args.short else args.seconds

    workdir = Path(tempfile.mkdtemp(prefix="sroi-bench-pages-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    if url.startswith("postgres"):
        support.postgres_recreate(url)
    env = support.app_environment(url, workdir)
    print(f"Preparing {url.split('@')[-1]} (migrate, import_rulesets, load_demo) ...", flush=True)
    support.prepare_database(env)
    support.setup_django(env)
    fixture = make_fixture()

    hello = support.start_gunicorn(
        "hello", "hello_site:application", args.port, env, workdir, pythonpath=support.BENCHMARKS
    )
    app = support.start_gunicorn("app", "sroi.wsgi:application", args.port + 1, env, workdir)
    with support.running([hello, app]):
        first = support.request(app.port, "GET", "/rekenhulp/")
        csrf = first.cookies["csrftoken"]
        measured = pages(fixture, csrf)
        for page in measured:
            page.queries = count_queries(page)
        print(
            f"gunicorn, 2 sync workers each, DEBUG off; {args.threads} client threads, "
            f"{seconds:g} s per page\n",
            flush=True,
        )
        hello_page = Page("hello-world template", "GET", "/")
        for _warm in range(3):
            hello_page.call(hello.port)(0)
        results = [
            support.drive(
                "hello", hello_page.call(hello.port), seconds=seconds, threads=args.threads
            )
        ]
        rows = []
        for page in measured:
            call = page.call(app.port)
            for _warm in range(3):
                call(0)
            rows.append(
                (page, support.drive(page.name, call, seconds=seconds, threads=args.threads))
            )
        results.append(
            support.drive(
                "hello", hello_page.call(hello.port), seconds=seconds, threads=args.threads
            )
        )
    reference = sum(r.rate for r in results) / len(results)
    print(
        f"{'page':<28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>7} {'target':>7}"
        f" {'queries':>7}  statuses"
    )
    for result in results:
        print(
            f"{'hello-world template':<28} {result.rate:8.1f} {result.quantile(50):8.1f}"
            f" {result.quantile(99):8.1f} {result.rate / reference:7.1%} {'':>7} {'':>7}"
            f"  {dict(result.statuses)}"
        )
    for page, result in rows:
        ratio = result.rate / reference
        target = f"{page.target:.0%}"
        mark = "" if ratio >= page.target else "  BELOW TARGET"
        statuses = dict(result.statuses)
        if result.failures:
            statuses.update(result.failures)  # type: ignore[arg-type]
        print(
            f"{page.name:<28} {result.rate:8.1f} {result.quantile(50):8.1f}"
            f" {result.quantile(99):8.1f} {ratio:7.1%} {target:>7} {page.queries:>7}"
            f"  {statuses}{mark}"
        )
    pdf = rows[-1][1]
    verdict = "met" if pdf.quantile(50) < 50 else "NOT met"
    print(
        f"\nStored PDF of a {PDF_LINES}-line plan: p50 {pdf.quantile(50):.1f} ms"
        f" (< 50 ms: {verdict})"
    )
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
