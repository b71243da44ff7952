"""The portfolio's aggregates: ONE definition of every total, used by the portfolio page, the
exports, the council report, the open figures and the API (docs/portfolio.md, "Cijfers").

All take a queryset of contracts (already scoped to the user and filtered) and aggregate in
SQL: a constant number of queries, whatever the number of contracts.

- Contract figures are the stored ones: obligation (gross, ``Contract.obligation_eur``),
  agreed (the accepted agreements), realised (approved realisations to date), awaiting
  verification, forecast at the end (``Contract.outlook_eur``).
- Per target group and per kind of effort: agreed is the value of the accepted agreements;
  realised the value of the approved realisations. A realisation linked to an agreement counts
  under that agreement's kind of effort; an unlinked one under ``UNLINKED_EFFORT_KIND`` of its
  kind (placement: jobs, purchase: social procurement, activity: social added value).
- People are distinct candidates with an approved placement.
- A contract's year is the year of its start date (``None``: no start date yet).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import get_language

from sroi.agreements.constants import AgreementStatus
from sroi.agreements.models import Agreement
from sroi.monitoring.constants import AssessmentOutcome, RealisationKind, RealisationStatus
from sroi.monitoring.models import FinalAssessment, Realisation
from sroi.plans.constants import ContractLight, EffortKind
from sroi.plans.models import Contract

T = TypeVar("T")

ZERO = Decimal("0.00")

UNLINKED_EFFORT_KIND: dict[str, str] = {
    RealisationKind.PLACEMENT: EffortKind.JOBS,
    RealisationKind.PURCHASE: EffortKind.SOCIAL_PROCUREMENT,
    RealisationKind.ACTIVITY: EffortKind.SOCIAL_VALUE,
}


def _dec(value: object) -> Decimal:
    """A sum as an amount in cents: SQLite's SUM gives ``10000`` where PostgreSQL gives
    ``10000.00``; both become ``Decimal("10000.00")``."""
    return Decimal(str(value)).quantize(ZERO) if value is not None else ZERO


@dataclass(frozen=True)
class Totals:
    """Totals of a set of contracts (sums of the stored figures; missing counts as 0)."""

    count: int
    obligation_eur: Decimal
    agreed_eur: Decimal
    realised_eur: Decimal
    pending_eur: Decimal
    forecast_eur: Decimal
    lights: dict[str, int] = field(default_factory=dict)  # ContractLight value -> count


def _sums(contracts: QuerySet[Contract]) -> dict[str, object]:
    return {
        "count": Count("id"),
        "obligation": Sum("obligation_eur"),
        "agreed": Sum("agreed_eur"),
        "realised": Sum("realised_eur"),
        "pending": Sum("pending_eur"),
        "forecast": Sum("outlook_eur"),
    }


@dataclass(frozen=True)
class GroupTotals:
    """One row of a breakdown: ``key`` is the group's value (buyer id, year, target group or
    kind of effort; None for "unknown"), ``label`` its name."""

    key: object
    label: str
    count: int
    obligation_eur: Decimal
    agreed_eur: Decimal
    realised_eur: Decimal
    pending_eur: Decimal
    forecast_eur: Decimal


@dataclass(frozen=True)
class Summary:
    """The totals and the breakdowns per buyer and per year of one set of contracts."""

    totals: Totals
    by_buyer: list[GroupTotals]
    by_year: list[GroupTotals]


_FIGURES = ("obligation", "agreed", "realised", "pending", "forecast")


def _add(into: dict[str, Any], row: dict[str, Any]) -> None:
    into["count"] = into.get("count", 0) + int(row["count"] or 0)
    for name in _FIGURES:
        into[name] = into.get(name, ZERO) + _dec(row[name])


def _group(key: object, label: str, sums: dict[str, Any]) -> GroupTotals:
    return GroupTotals(
        key=key,
        label=label,
        count=sums["count"],
        obligation_eur=sums["obligation"],
        agreed_eur=sums["agreed"],
        realised_eur=sums["realised"],
        pending_eur=sums["pending"],
        forecast_eur=sums["forecast"],
    )


def portfolio_summary(contracts: QuerySet[Contract]) -> Summary:
    """Count, sums, the count per light and the breakdowns per buyer (by name, contracts
    without a buyer last) and per year of the start date (oldest first, no start date last).

    ONE query, whatever the number of contracts: the sums are grouped by buyer, year and light
    in SQL (a few hundred rows at region scale) and added up here. A filter that reads the
    agreements or realisations is evaluated once instead of once per breakdown."""
    rows: list[Any] = list(
        contracts.order_by()
        .annotate(start_year=ExtractYear("start_date"))
        .values("buyer_id", "buyer__name", "start_year", "light")
        .annotate(**_sums(contracts))
        .order_by()
    )
    total: dict[str, Any] = {"count": 0, **{name: ZERO for name in _FIGURES}}
    lights = {light: 0 for light in ContractLight.values}
    buyers: dict[object, dict[str, Any]] = {}
    buyer_names: dict[object, str] = {}
    years: dict[object, dict[str, Any]] = {}
    for row in rows:
        _add(total, row)
        lights[row["light"]] = lights.get(row["light"], 0) + int(row["count"] or 0)
        _add(buyers.setdefault(row["buyer_id"], {}), row)
        buyer_names[row["buyer_id"]] = str(row["buyer__name"] or "")
        _add(years.setdefault(row["start_year"], {}), row)
    by_buyer = sorted(
        (_group(key, buyer_names[key], sums) for key, sums in buyers.items()),
        key=lambda g: (g.key is None, g.label.lower()),
    )
    by_year = sorted(
        (_group(key, str(key or ""), sums) for key, sums in years.items()),
        key=lambda g: (g.key is None, g.key or 0),
    )
    totals = Totals(
        count=total["count"],
        obligation_eur=total["obligation"],
        agreed_eur=total["agreed"],
        realised_eur=total["realised"],
        pending_eur=total["pending"],
        forecast_eur=total["forecast"],
        lights=lights,
    )
    return Summary(totals=totals, by_buyer=by_buyer, by_year=by_year)


def portfolio_totals(contracts: QuerySet[Contract]) -> Totals:
    """Count, sums and the count per light. One query (``portfolio_summary``)."""
    return portfolio_summary(contracts).totals


def totals_by_buyer(contracts: QuerySet[Contract]) -> list[GroupTotals]:
    """Per buyer, by name (contracts without a buyer last). One query."""
    return portfolio_summary(contracts).by_buyer


def totals_by_year(contracts: QuerySet[Contract]) -> list[GroupTotals]:
    """Per year of the start date, oldest first (no start date last). One query."""
    return portfolio_summary(contracts).by_year


@dataclass(frozen=True)
class EffortTotals:
    """Agreed and realised value (and people placed) per target group or kind of effort."""

    key: str
    label: str
    agreed_eur: Decimal
    realised_eur: Decimal
    people: int


def _accepted_agreements(contracts: QuerySet[Contract]) -> QuerySet[Agreement]:
    return Agreement.objects.filter(
        version__contract__in=contracts.order_by().values("pk"),
        version__status=AgreementStatus.ACCEPTED,
    )


def _approved(contracts: QuerySet[Contract]) -> QuerySet[Realisation]:
    return Realisation.objects.filter(
        contract__in=contracts.order_by().values("pk"), status=RealisationStatus.APPROVED
    )


def totals_by_target_group(contracts: QuerySet[Contract]) -> list[EffortTotals]:
    """Per target group (the rule sets' codes, with their labels). Three queries."""
    from sroi.plans.constants import target_group_label

    agreed: dict[str, Decimal] = defaultdict(lambda: ZERO)
    realised: dict[str, Decimal] = defaultdict(lambda: ZERO)
    people: dict[str, int] = defaultdict(int)
    for row in (
        _accepted_agreements(contracts)
        .values("target_group")
        .annotate(total=Sum("value_eur"))
        .order_by()
    ):
        agreed[row["target_group"] or ""] += _dec(row["total"])
    approved = _approved(contracts)
    for done in approved.values("target_group").annotate(total=Sum("value_eur")).order_by():
        realised[done["target_group"] or ""] += _dec(done["total"])
    for placed in (
        approved.filter(kind=RealisationKind.PLACEMENT, candidate__isnull=False)
        .values("target_group")
        .annotate(n=Count("candidate", distinct=True))
        .order_by()
    ):
        people[placed["target_group"] or ""] += int(placed["n"])
    keys = sorted(set(agreed) | set(realised) | set(people))
    return [
        EffortTotals(
            key=key,
            label=str(target_group_label(key)) if key else "",
            agreed_eur=agreed[key],
            realised_eur=realised[key],
            people=people[key],
        )
        for key in keys
    ]


def totals_by_effort_kind(contracts: QuerySet[Contract]) -> list[EffortTotals]:
    """Per kind of effort, in the order of ``EffortKind``. Three queries."""
    agreed: dict[str, Decimal] = defaultdict(lambda: ZERO)
    realised: dict[str, Decimal] = defaultdict(lambda: ZERO)
    people: dict[str, int] = defaultdict(int)
    for row in (
        _accepted_agreements(contracts)
        .values("effort_kind")
        .annotate(total=Sum("value_eur"))
        .order_by()
    ):
        agreed[row["effort_kind"]] += _dec(row["total"])
    approved = _approved(contracts)
    by_kind = approved.values("kind", "agreement__effort_kind").annotate(total=Sum("value_eur"))
    for done in by_kind.order_by():
        kind = done["agreement__effort_kind"] or UNLINKED_EFFORT_KIND[done["kind"]]
        realised[kind] += _dec(done["total"])
    for placed in (
        approved.filter(kind=RealisationKind.PLACEMENT, candidate__isnull=False)
        .values("agreement__effort_kind")
        .annotate(n=Count("candidate", distinct=True))
        .order_by()
    ):
        kind = placed["agreement__effort_kind"] or EffortKind.JOBS
        people[kind] += int(placed["n"])
    return [
        EffortTotals(
            key=kind.value,
            label=str(kind.label),
            agreed_eur=agreed[kind.value],
            realised_eur=realised[kind.value],
            people=people[kind.value],
        )
        for kind in EffortKind
        if kind.value in agreed or kind.value in realised or kind.value in people
    ]


def people_placed(contracts: QuerySet[Contract]) -> int:
    """Distinct candidates with an approved placement on these contracts. One query."""
    return (
        _approved(contracts)
        .filter(kind=RealisationKind.PLACEMENT, candidate__isnull=False)
        .values("candidate")
        .distinct()
        .count()
    )


def closed_outcomes(contracts: QuerySet[Contract]) -> dict[str, int]:
    """Contracts closed by a final assessment, per outcome (``AssessmentOutcome``: fulfilled,
    not fulfilled). Only the assessment that closes the contract counts (a recovery period is
    not an end). One query."""
    outcomes = {outcome: 0 for outcome in AssessmentOutcome.values}
    for row in (
        FinalAssessment.objects.filter(
            contract__in=contracts.order_by().values("pk"), closes_contract=True
        )
        .values("outcome")
        .annotate(n=Count("contract", distinct=True))
        .order_by()
    ):
        outcomes[row["outcome"]] = int(row["n"])
    return outcomes


@dataclass(frozen=True)
class RulesetUse:
    """A rule-set version and the number of these contracts valued by it (``code`` empty:
    contracts without a rule set yet, before their first submitted plan)."""

    code: str
    version: str
    name: str
    status: str
    count: int


def rulesets_used(contracts: QuerySet[Contract]) -> list[RulesetUse]:
    """The rule-set versions of the contracts (``Contract.ruleset_version``), by code and
    version (none last). One query."""
    rows = (
        contracts.order_by()
        .values(
            "ruleset_version__code",
            "ruleset_version__version",
            "ruleset_version__name",
            "ruleset_version__status",
        )
        .annotate(n=Count("id"))
    )
    uses = [
        RulesetUse(
            code=str(row["ruleset_version__code"] or ""),
            version=str(row["ruleset_version__version"] or ""),
            name=str(row["ruleset_version__name"] or ""),
            status=str(row["ruleset_version__status"] or ""),
            count=int(row["n"]),
        )
        for row in rows
    ]
    return sorted(uses, key=lambda use: (not use.code, use.code, use.version))


# --- kept breakdowns -------------------------------------------------------------------------
# The breakdowns per target group and per kind of effort read every agreement and realisation
# of the contracts (the costliest part of the portfolio page at 100,000 realisations). The page
# keeps them in the cache (shared by the workers in production) until any contract's figures
# change: ``figures_changed`` raises a generation counter on ``contract_figures_changed``
# (connected in ``PortfolioConfig.ready``), and the generation is part of every key.
GENERATION_KEY = "portfolio:figures:generation"
KEEP_SECONDS = 600


def figures_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if not isinstance(generation, int):
        generation = 0
        cache.add(GENERATION_KEY, generation, None)
    return generation


def figures_changed(sender: Any = None, **kwargs: Any) -> None:
    """A contract's figures changed: every kept breakdown is stale from now on. The signal
    comes inside the change's transaction, so the generation is raised now and once more when
    that transaction commits: a breakdown another request computed in between (from the old,
    still committed figures) is not used after the commit."""
    _next_generation()
    transaction.on_commit(_next_generation)


def _next_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted)
        cache.set(GENERATION_KEY, 1, None)


def _kept(
    name: str, contracts: QuerySet[Contract], compute: Callable[[QuerySet[Contract]], T]
) -> T:
    sql, params = contracts.order_by().values("pk").query.sql_with_params()
    digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    key = f"portfolio:figures:{name}:{figures_generation()}:{get_language()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute(contracts)
        cache.set(key, value, KEEP_SECONDS)
    return value  # type: ignore[no-any-return]


def totals_by_target_group_kept(contracts: QuerySet[Contract]) -> list[EffortTotals]:
    """``totals_by_target_group``, kept until a contract's figures change."""
    return _kept("target_group", contracts, totals_by_target_group)


def totals_by_effort_kind_kept(contracts: QuerySet[Contract]) -> list[EffortTotals]:
    """``totals_by_effort_kind``, kept until a contract's figures change."""
    return _kept("effort_kind", contracts, totals_by_effort_kind)
