"""Reads of the entry pages: who may open them, the realisations per kind (paginated, a
constant number of queries however many rows) and the reporting periods with their reports.

Access is ``sroi.monitoring.access`` (docs/access.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count

from sroi.monitoring.constants import RealisationKind, RealisationStatus, ReportStatus
from sroi.monitoring.models import Realisation, Report
from sroi.monitoring.periods import Period, current_period, periods
from sroi.monitoring.services import contract_is_closed
from sroi.monitoring.services_reports import drafts_until_q
from sroi.plans.constants import ContractStatus
from sroi.plans.models import Contract
from sroi.plans.valuation import contract_ruleset_version

ROWS_PER_PAGE = 25
# Beside the other kinds a table shows its newest rows only, with "show all" to page through.
OVERVIEW_ROWS = 10
# The order of the tables and of the status counts.
KINDS: tuple[str, ...] = (
    RealisationKind.PLACEMENT,
    RealisationKind.PURCHASE,
    RealisationKind.ACTIVITY,
)
STATUSES: tuple[str, ...] = tuple(RealisationStatus.values)


def reporting_open(contract: Contract) -> bool:
    """Whether realisations can be reported and changed now (the services check again)."""
    return contract.status == ContractStatus.AGREEMENTS_IN_FORCE and not contract_is_closed(
        contract
    )


def status_counts(contract: Contract) -> dict[str, dict[str, int]]:
    """{kind: {status: count}} of the contract's realisations, in one query (zeros included)."""
    counts = {kind: dict.fromkeys(STATUSES, 0) for kind in KINDS}
    rows = (
        Realisation.objects.filter(contract=contract)
        .order_by()
        .values_list("kind", "status")
        .annotate(n=Count("id"))
    )
    for kind, status, n in rows:
        counts.setdefault(kind, dict.fromkeys(STATUSES, 0))[status] = n
    return counts


def block_labels(contract: Contract) -> dict[str, str]:
    version = contract_ruleset_version(contract)
    if version is None:
        return {}
    return {block.code: block.label_nl for block in version.to_engine().blocks}


@dataclass
class KindTable:
    kind: str
    label: str
    total: int
    page: Page[Realisation] | None
    rows: list[Realisation] = field(default_factory=list)
    # Beside the other tables only the newest rows show (``page`` None); "show all" opens this
    # kind alone, paginated.
    more: bool = False


def kind_tables(
    contract: Contract,
    counts: dict[str, dict[str, int]],
    *,
    status: str = "",
    only_kind: str = "",
    page_number: Any = None,
) -> list[KindTable]:
    """One table per kind, each one page of rows (one query each; the totals come from
    ``counts``, so the paginator does not count again)."""
    labels = dict(RealisationKind.choices)
    blocks = block_labels(contract)
    tables = []
    for kind in KINDS:
        if only_kind and kind != only_kind:
            continue
        by_status = counts.get(kind, {})
        total = by_status.get(status, 0) if status else sum(by_status.values())
        rows = Realisation.objects.filter(contract=contract, kind=kind)
        if status:
            rows = rows.filter(status=status)
        # The coordinator who rejected a realisation is named beside the reason (no query per row).
        rows = rows.select_related("decided_by")
        if kind == RealisationKind.PLACEMENT:
            rows = rows.select_related("candidate")
        rows = rows.order_by("-id")
        page: Page[Realisation] | None = None
        if only_kind:
            paginator = Paginator(rows, ROWS_PER_PAGE)
            paginator.count = total  # counted with the status counts: no COUNT query
            page = paginator.get_page(page_number)
            items = list(page.object_list)
        else:
            items = list(rows[:OVERVIEW_ROWS])
        for item in items:
            item.block_label = blocks.get(item.block_code, item.block_code)  # type: ignore[attr-defined]
            item.contract = contract
        tables.append(
            KindTable(
                kind=kind,
                label=str(labels[kind]),
                total=total,
                page=page,
                rows=items,
                more=not only_kind and total > OVERVIEW_ROWS,
            )
        )
    return tables


@dataclass(frozen=True)
class PeriodRow:
    period: Period
    report: Report | None
    count: int
    overdue: bool
    current: bool

    @property
    def status(self) -> str:
        return self.report.status if self.report is not None else ReportStatus.OPEN

    @property
    def nothing_to_report(self) -> bool:
        """A submitted report with no realisations: "Niets te melden in deze periode"."""
        return self.report is not None and self.report.submitted_at is not None and not self.count

    @property
    def acknowledgeable(self) -> bool:
        """A nil report the coordinator has not verified yet."""
        return self.nothing_to_report and self.status == ReportStatus.SUBMITTED


def nil_report_periods(rows: Iterable[PeriodRow], today: date) -> list[Period]:
    """The periods a contractor may declare "nothing to report" for: started, no report yet
    (the service checks again, and also refuses a period with drafts waiting)."""
    return [
        row.period
        for row in rows
        if row.report is None and row.period.number > 0 and row.period.start <= today
    ]


def period_rows(contract: Contract, today: date) -> list[PeriodRow]:
    """Every period of the contract with its report (if submitted) and the number of
    realisations in it; a report whose dates match no period now (the interval changed) is
    listed as it was submitted. Two queries."""
    reports = {report.period_start: report for report in contract.reports.all()}
    counts = dict(
        Realisation.objects.filter(contract=contract, report__isnull=False)
        .order_by()
        .values_list("report_id")
        .annotate(n=Count("id"))
        .values_list("report_id", "n")
    )
    now = current_period(contract, today)
    rows = []
    seen: set[date] = set()
    for period in periods(contract, until=today):
        report = reports.get(period.start)
        seen.add(period.start)
        rows.append(_row(period, report, counts, today, now))
    for start, report in reports.items():
        if start not in seen:
            period = Period(number=0, start=report.period_start, end=report.period_end)
            rows.append(_row(period, report, counts, today, now))
    rows.sort(key=lambda row: row.period.start)
    return rows


def _row(
    period: Period,
    report: Report | None,
    counts: dict[int, int],
    today: date,
    now: Period | None,
) -> PeriodRow:
    deadline = report.deadline if report is not None else period.deadline
    return PeriodRow(
        period=period,
        report=report,
        count=counts.get(report.pk, 0) if report is not None else 0,
        overdue=report is None and today > deadline and period.end < today,
        current=now is not None and now.start == period.start,
    )


@dataclass(frozen=True)
class SubmitBlock:
    """The current period's "Submit report" block."""

    period: Period
    report: Report | None
    drafts: int

    @property
    def revision(self) -> int:
        return self.report.revision if self.report is not None else 0


def submit_block(contract: Contract, today: date) -> SubmitBlock | None:
    period = current_period(contract, today)
    if period is None:
        return None
    report = Report.objects.filter(contract=contract, period_start=period.start).first()
    drafts = Realisation.objects.filter(contract=contract).filter(drafts_until_q(period.end))
    return SubmitBlock(period=period, report=report, drafts=drafts.count())


def count_total(counts: dict[str, dict[str, int]], statuses: Iterable[str]) -> int:
    wanted = set(statuses)
    return sum(n for by_status in counts.values() for s, n in by_status.items() if s in wanted)
