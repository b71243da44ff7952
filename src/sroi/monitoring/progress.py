"""A contract's progress: obligation, agreed, realised, pending, remaining, the forecast at the
contract's end with its early warning, and the cumulative realised value over time against the
straight line to the obligation (docs/monitoring.md, "Verification and progress").

Aggregates only: nothing here reads or returns a candidate's reference, so the same figures
are shown to the contractor, the coordinator and the buyer's users.

The forecast at the contract's end::

    forecast = sum of the stored forecast values of every live realisation
               (approved, awaiting verification and draft; a running placement until its
               planned end: ``Realisation.forecast_eur``, i.e. ``Contract.forecast_eur``)
             + what the agreements in force still promise beyond that

where, per building block b of the agreements in force::

    open(b) = max(0, sum over agreements a of b of max(0, agreed(a) - linked(a)) - unlinked(b))

``linked(a)`` is the forecast value of the live realisations linked to agreement a;
``unlinked(b)`` that of the live realisations of block b linked to no agreement in force. A
realisation is thus counted once, by its own value, and an agreement only for the part that
no realisation covers yet: no double counting, with or without links.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from sroi.agreements.constants import AgreementStatus, MomentStatus
from sroi.agreements.models import Agreement, AssessmentMoment
from sroi.agreements.valuation import contract_obligation
from sroi.monitoring.constants import RealisationKind, RealisationStatus
from sroi.monitoring.models import Realisation
from sroi.monitoring.periods import periods as reporting_periods
from sroi.monitoring.valuation import COUNTED_STATUSES
from sroi.plans.constants import PlanStatus
from sroi.plans.models import Contract, Plan

ZERO = Decimal("0.00")
CENT = Decimal("0.01")

# The chart's drawing area in SVG user units (the SVG scales to the page's width).
CHART_WIDTH = 640
CHART_HEIGHT = 260
# Room for the y-axis label at 12 user units ("EUR 60.000.000,00" fits).
CHART_LEFT = 130
CHART_RIGHT = 20
CHART_TOP = 20
CHART_BOTTOM = 40


@dataclass(frozen=True)
class ChartPoint:
    day: date  # the end of a reporting period (or today, for the running period)
    period_start: date
    target_eur: Decimal  # the straight line from 0 at the start to the obligation at the end
    realised_eur: Decimal | None  # approved, cumulative up to ``day``; None for a future period
    x: Decimal
    y_target: Decimal
    y_realised: Decimal | None


@dataclass(frozen=True)
class ChartTick:
    """A mark on the x-axis at the end of a period; ``label`` (a date) on the contract's start,
    the middle period and the contract's end only, so the labels never overlap."""

    x: Decimal
    label: str
    anchor: str  # SVG text-anchor: start, middle or end


@dataclass(frozen=True)
class Chart:
    points: tuple[ChartPoint, ...]
    target_path: str  # SVG points of the straight line
    realised_path: str  # SVG points of the realised value so far
    y_max_eur: Decimal
    x_axis_y: int
    left: int
    right: int
    top: int
    width: int
    height: int
    ticks: tuple[ChartTick, ...] = ()


@dataclass(frozen=True)
class NextMoment:
    moment: AssessmentMoment
    target_eur: Decimal  # where the straight line stands on the moment's date


@dataclass(frozen=True)
class Progress:
    obligation_eur: Decimal | None
    agreed_eur: Decimal | None
    realised_eur: Decimal
    pending_eur: Decimal
    remaining_eur: Decimal | None
    forecast_eur: Decimal
    realisations_forecast_eur: Decimal  # the live realisations until their planned end
    open_agreements_eur: Decimal  # what the agreements still promise beyond the realisations
    shortfall_eur: Decimal | None  # the forecast short of the obligation (the early warning)
    realised_pct: Decimal | None  # of the obligation, for the bar
    pending_pct: Decimal | None
    next_moment: NextMoment | None
    chart: Chart | None
    today: date

    @property
    def warning(self) -> bool:
        return self.shortfall_eur is not None and self.shortfall_eur > 0


def net_obligation(contract: Contract) -> Decimal | None:
    """The obligation after the PSO discount of the approved plan (as the agreements use)."""
    plan = Plan.objects.filter(contract=contract, status=PlanStatus.APPROVED).first()
    return contract_obligation(contract, pso_level=plan.pso_level if plan is not None else "")


def open_agreements_eur(contract: Contract) -> Decimal:
    """What the agreements in force still promise beyond the live realisations (the rule in
    the module's docstring). Two queries."""
    agreements = list(
        Agreement.objects.filter(
            version__contract=contract, version__status=AgreementStatus.ACCEPTED
        ).only("pk", "block_code", "value_eur")
    )
    if not agreements:
        return ZERO
    ids = {a.pk for a in agreements}
    linked: dict[int, Decimal] = defaultdict(lambda: ZERO)
    unlinked: dict[str, Decimal] = defaultdict(lambda: ZERO)
    groups = (
        Realisation.objects.filter(contract=contract, status__in=COUNTED_STATUSES)
        .values("agreement_id", "block_code")
        .annotate(total=Sum("forecast_eur"))
        .order_by()
    )
    for group in groups:
        total = Decimal(group["total"] or ZERO)
        if group["agreement_id"] in ids:
            linked[group["agreement_id"]] += total
        else:
            unlinked[group["block_code"]] += total
    per_block: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for agreement in agreements:
        agreed = Decimal(agreement.value_eur or ZERO)
        per_block[agreement.block_code] += max(ZERO, agreed - linked[agreement.pk])
    return sum(
        (max(ZERO, open_ - unlinked[block]) for block, open_ in per_block.items()), ZERO
    ).quantize(CENT)


def _target(obligation: Decimal, start: date, end: date, day: date) -> Decimal:
    total_days = (end - start).days
    if total_days <= 0 or day >= end:
        return obligation
    if day <= start:
        return ZERO
    return (obligation * (day - start).days / total_days).quantize(CENT)


def _realised_by_period(
    contract: Contract, start: date, today: date, period_ends: list[date]
) -> list[Decimal]:
    """The approved value realised up to each period end (unrounded): a purchase or an
    activity on its date, a placement spread evenly over its days (until its end, or today
    while it runs). One query; each row touches only the periods it runs in."""
    rows = Realisation.objects.filter(
        contract=contract, status=RealisationStatus.APPROVED, value_eur__isnull=False
    ).values_list("kind", "start_date", "end_date", "date", "value_eur")
    count = len(period_ends)
    complete = [Decimal(0)] * (count + 1)  # values counted in full from this period on
    partial = [Decimal(0)] * count  # the part of a placement up to this period's end
    for kind, first_day, end_day, on_day, value in rows:
        amount = Decimal(value or ZERO)
        if kind == RealisationKind.PLACEMENT and first_day is not None:
            first = max(first_day, start)
            last = max(first, min(end_day or today, today))
            days = (last - first).days + 1
            index = bisect_left(period_ends, first)
            while index < count and period_ends[index] < last:
                partial[index] += amount * ((period_ends[index] - first).days + 1) / days
                index += 1
            complete[index] += amount
        else:
            complete[bisect_left(period_ends, max(on_day or start, start))] += amount
    cumulative = []
    running = Decimal(0)
    for index in range(count):
        running += complete[index]
        cumulative.append(running + partial[index])
    return cumulative


def _chart(contract: Contract, obligation: Decimal, realised: Decimal, today: date) -> Chart | None:
    start, end = contract.start_date, contract.end_date
    if start is None or end is None or end <= start:
        return None
    periods = [(period.start, period.end) for period in reporting_periods(contract)]
    ends = [min(last, today) if first <= today <= last else last for first, last in periods]
    cumulative = _realised_by_period(contract, start, today, ends)
    y_max = max(obligation, realised, Decimal(1))
    inner_w = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    inner_h = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    total_days = (end - start).days

    def x(day: date) -> Decimal:
        return (Decimal(CHART_LEFT) + Decimal(inner_w * (day - start).days) / total_days).quantize(
            Decimal("0.1")
        )

    def y(value: Decimal) -> Decimal:
        return (Decimal(CHART_TOP + inner_h) - Decimal(inner_h) * value / y_max).quantize(
            Decimal("0.1")
        )

    points = []
    for (first, _last), day, exact in zip(periods, ends, cumulative, strict=True):
        target = _target(obligation, start, end, day)
        shown = first <= today
        realised_eur = exact.quantize(CENT) if shown else None
        points.append(
            ChartPoint(
                day=day,
                period_start=first,
                target_eur=target,
                realised_eur=realised_eur,
                x=x(day),
                y_target=y(target),
                y_realised=y(realised_eur) if realised_eur is not None else None,
            )
        )
    bottom = CHART_TOP + inner_h
    realised_path = " ".join(
        [f"{x(start)},{bottom}"]
        + [f"{p.x},{p.y_realised}" for p in points if p.y_realised is not None]
    )
    middle = (len(periods) - 1) // 2
    ticks = [ChartTick(x=x(start), label=start.strftime("%d-%m-%Y"), anchor="start")]
    for index, (_first, last) in enumerate(periods):
        label = ""
        if index == len(periods) - 1:
            label, anchor = end.strftime("%d-%m-%Y"), "end"
        elif index == middle and len(periods) > 2:
            label, anchor = last.strftime("%d-%m-%Y"), "middle"
        else:
            anchor = "middle"
        ticks.append(ChartTick(x=x(min(last, end)), label=label, anchor=anchor))
    return Chart(
        points=tuple(points),
        target_path=f"{x(start)},{bottom} {x(end)},{y(obligation)}",
        realised_path=realised_path,
        y_max_eur=y_max.quantize(CENT),
        x_axis_y=bottom,
        left=CHART_LEFT,
        right=CHART_WIDTH - CHART_RIGHT,
        top=CHART_TOP,
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        ticks=tuple(ticks),
    )


def _next_moment(contract: Contract, obligation: Decimal | None, today: date) -> NextMoment | None:
    moment = (
        AssessmentMoment.objects.filter(contract=contract, planned_date__gte=today)
        .exclude(status=MomentStatus.HELD)
        .order_by("planned_date", "id")
        .first()
    )
    if moment is None:
        return None
    target = ZERO
    if obligation is not None and contract.start_date and contract.end_date:
        target = _target(obligation, contract.start_date, contract.end_date, moment.planned_date)
    return NextMoment(moment=moment, target_eur=target)


def _pct(part: Decimal, whole: Decimal | None) -> Decimal | None:
    if whole is None or whole <= 0:
        return None
    return min(Decimal(100), part * 100 / whole).quantize(Decimal("0.1"))


def contract_summary(contract: Contract, *, today: date | None = None) -> Progress:
    """The progress figures without the chart (the contract page's bar and warning)."""
    return _progress(contract, today=today, with_chart=False)


def contract_progress(contract: Contract, *, today: date | None = None) -> Progress:
    """Every figure of the progress page, with the chart. A constant number of queries."""
    return _progress(contract, today=today, with_chart=True)


def _progress(contract: Contract, *, today: date | None, with_chart: bool) -> Progress:
    today = today or timezone.localdate()
    obligation = net_obligation(contract)
    realised = Decimal(contract.realised_eur or ZERO)
    pending = Decimal(contract.pending_eur or ZERO)
    realisations_forecast = Decimal(contract.forecast_eur or ZERO)
    open_agreements = open_agreements_eur(contract)
    forecast = (realisations_forecast + open_agreements).quantize(CENT)
    realised_pct = _pct(realised, obligation)
    pending_pct = _pct(pending, obligation)
    if realised_pct is not None and pending_pct is not None:
        pending_pct = min(pending_pct, Decimal(100) - realised_pct)
    chart = None
    if with_chart and obligation is not None:
        chart = _chart(contract, obligation, realised, today)
    return Progress(
        obligation_eur=obligation,
        agreed_eur=contract.agreed_eur,
        realised_eur=realised,
        pending_eur=pending,
        remaining_eur=max(ZERO, obligation - realised) if obligation is not None else None,
        forecast_eur=forecast,
        realisations_forecast_eur=realisations_forecast,
        open_agreements_eur=open_agreements,
        shortfall_eur=max(ZERO, obligation - forecast) if obligation is not None else None,
        realised_pct=realised_pct,
        pending_pct=pending_pct,
        next_moment=_next_moment(contract, obligation, today) if with_chart else None,
        chart=chart,
        today=today,
    )
