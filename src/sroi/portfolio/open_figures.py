"""A buyer's open figures: the aggregated Social Return results it may publish (no login) on
``/open/<slug>/`` and as CSV and JSON (docs/open-figures.md).

Built ONLY from ``sroi.portfolio.figures`` (the one definition of every total) over the
contracts a buyer user of that buyer reads: the buyer's contracts of record or with a submitted
plan (``sroi.plans.selectors.contracts_shown_to_buyer_q``), never a draft. No per-contract rows,
no names of contracts, contractors or candidates: totals, per year (the year of the start date)
and per target group and kind of effort.

Counts of people are suppressed so no person can be recognised (``suppress_people``), by the
one rule of ``sroi.portfolio.suppression`` (also used by the council reports). The lines a
reader could subtract in (``_lines``): the years against the total, the target groups (and the
kinds of effort) of one year or of the total, and one target group (or kind of effort) across
the years against its total. Contract counts and money are not counts of people and are shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from sroi.plans.constants import ContractLight, EffortKind
from sroi.plans.models import Buyer, Contract
from sroi.plans.selectors import contracts_shown_to_buyer_q
from sroi.portfolio import figures, suppression
from sroi.portfolio.constants import OPEN_FIGURES_CACHE_SECONDS

# Bump when the cached structure changes (a deploy never reads an old shape).
CACHE_VERSION = 1
# The key of a part without a target group (an agreement or realisation without one).
NO_TARGET_GROUP = ""


@dataclass
class People:
    """A count of people; ``value`` is None when suppressed (never shown, never written)."""

    value: int | None
    # The real count, kept only while suppressing (cleared before the figures leave).
    _count: int = field(default=0, repr=False)
    # Hidden although not small (5 or more), so that a small count cannot be worked out by
    # subtraction: shown as "niet getoond", never as "minder dan 5" (which would be untrue).
    withheld: bool = False

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass
class Part:
    """One row of a breakdown: a target group or a kind of effort (``code``)."""

    code: str
    agreed_eur: Decimal
    realised_eur: Decimal
    people: People


@dataclass
class Scope:
    """The figures of one year (``year``; None: contracts without a start date) or of all
    years (``year`` None and ``total`` True)."""

    year: int | None
    contracts: int
    obligation_eur: Decimal
    agreed_eur: Decimal
    realised_eur: Decimal
    people: People
    lights: dict[str, int]
    target_groups: list[Part]
    effort_kinds: list[Part]


@dataclass
class OpenFigures:
    """A buyer's open figures, as every output (page, CSV, JSON) shows them."""

    buyer_id: int
    computed_at: datetime
    total: Scope
    years: list[Scope]


def open_contracts(buyer: Buyer) -> QuerySet[Contract]:
    """The contracts the open figures are made of: those a buyer user of ``buyer`` reads."""
    return Contract.objects.filter(buyer=buyer).filter(contracts_shown_to_buyer_q())


def _people(count: int) -> People:
    return People(value=count, _count=count)


def _parts(rows: Iterable[figures.EffortTotals]) -> list[Part]:
    return [
        Part(
            code=row.key or NO_TARGET_GROUP,
            agreed_eur=row.agreed_eur,
            realised_eur=row.realised_eur,
            people=_people(row.people),
        )
        for row in rows
    ]


def _scope(contracts: QuerySet[Contract], year: int | None) -> Scope:
    totals = figures.portfolio_totals(contracts)
    return Scope(
        year=year,
        contracts=totals.count,
        obligation_eur=totals.obligation_eur,
        agreed_eur=totals.agreed_eur,
        realised_eur=totals.realised_eur,
        people=_people(figures.people_placed(contracts)),
        lights={light: totals.lights.get(light, 0) for light in ContractLight.values},
        target_groups=_parts(figures.totals_by_target_group(contracts)),
        effort_kinds=_parts(figures.totals_by_effort_kind(contracts)),
    )


def _lines(total: Scope, years: list[Scope]) -> list[tuple[People, list[People]]]:
    """Every (total, parts) line a reader could subtract in (see the module's rule)."""
    lines: list[tuple[People, list[People]]] = [(total.people, [y.people for y in years])]
    for scope in [total, *years]:
        lines.append((scope.people, [p.people for p in scope.target_groups]))
        lines.append((scope.people, [p.people for p in scope.effort_kinds]))
    for attribute in ("target_groups", "effort_kinds"):
        for whole in getattr(total, attribute):
            parts = [
                part.people
                for scope in years
                for part in getattr(scope, attribute)
                if part.code == whole.code
            ]
            lines.append((whole.people, parts))
    return lines


def suppress_people(lines: list[tuple[People, list[People]]]) -> None:
    """Apply the one suppression rule (``sroi.portfolio.suppression``) to the counts of these
    lines, in place: a hidden count's ``value`` becomes None."""
    counts: dict[int, tuple[People, suppression.Count]] = {}

    def count_of(people: People) -> suppression.Count:
        return counts.setdefault(id(people), (people, suppression.Count(people._count)))[1]

    suppression.suppress(
        [(count_of(whole), [count_of(part) for part in parts]) for whole, parts in lines]
    )
    for people, count in counts.values():
        if count.hidden:
            people.value = None
            people.withheld = not count.small


def _forget_counts(scopes: Iterable[Scope]) -> None:
    """The real counts never leave this module (not even into the cache)."""
    for scope in scopes:
        for people in [
            scope.people,
            *(p.people for p in scope.target_groups),
            *(p.people for p in scope.effort_kinds),
        ]:
            people._count = 0 if people.suppressed else people.value or 0


def compute_open_figures(buyer: Buyer) -> OpenFigures:
    """The open figures of ``buyer``, computed now (about ten queries per year of contracts)."""
    contracts = open_contracts(buyer)
    total = _scope(contracts, None)
    years: list[Scope] = []
    for row in figures.totals_by_year(contracts):
        year = row.key if isinstance(row.key, int) else None
        of_year = (
            contracts.filter(start_date__year=year)
            if year is not None
            else contracts.filter(start_date__isnull=True)
        )
        years.append(_scope(of_year, year))
    suppress_people(_lines(total, years))
    _forget_counts([total, *years])
    return OpenFigures(buyer_id=buyer.pk, computed_at=timezone.now(), total=total, years=years)


def _cache_key(buyer_id: int) -> str:
    return f"sroi:open-figures:{CACHE_VERSION}:{buyer_id}"


def open_figures(buyer: Buyer) -> OpenFigures:
    """The open figures of ``buyer``, from the cache when computed in the last
    ``OPEN_FIGURES_CACHE_SECONDS`` (the page, CSV and JSON then show the same figures)."""
    key = _cache_key(buyer.pk)
    cached = cache.get(key)
    if isinstance(cached, OpenFigures):
        return cached
    result = compute_open_figures(buyer)
    cache.set(key, result, OPEN_FIGURES_CACHE_SECONDS)
    return result


def effort_kind_label(code: str) -> str:
    return str(EffortKind(code).label) if code in EffortKind.values else code
