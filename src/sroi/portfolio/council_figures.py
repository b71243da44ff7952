"""The figures of a council report: a typed, versioned snapshot (``CouncilReport.figures``).

Built ONLY from ``sroi.portfolio.figures`` (the one definition of every total) over the
contracts of ``council_contracts``. The PDF and the Excel file are rendered from this snapshot,
and the page reads it back, so the three always agree. Money is a decimal string in JSON.

Which contracts: the buyer's contracts that run in the year (``PortfolioFilter(buyer_id,
year)``, the portfolio's one definition of "runs in"), in the region's scope (a coordinator's,
``REGION``), narrowed to the contracts a buyer user of that buyer reads
(``plans.selectors.contracts_shown_to_buyer_q``: of record, or with a submitted plan). So the
report of a buyer and year holds the same figures whoever requested it, a coordinator or the
buyer's own user, and no draft the buyer may not see is counted in a document the buyer gets.

Council reports are public documents: a count of people from 1 to ``SUPPRESS_BELOW - 1``
is never stored here, only that it is small (``PeopleCount.small``). The one suppression rule
of ``sroi.portfolio.suppression`` (the open figures' too) runs over the target groups against
the total: when exactly one count is small, the smallest other group (or else the total) is
withheld as well (``PeopleCount.withheld``), so the small one cannot be worked out by
subtraction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from sroi.monitoring.constants import AssessmentOutcome
from sroi.plans.constants import ContractLight
from sroi.plans.models import Buyer, Contract
from sroi.plans.selectors import contracts_shown_to_buyer_q
from sroi.portfolio import figures
from sroi.portfolio.selectors import PortfolioFilter, portfolio_contracts
from sroi.portfolio.suppression import Count, is_small, suppress

SCHEMA_VERSION = 1


class CouncilFiguresError(ValueError):
    """A stored snapshot of an unknown schema version or shape."""


class _Region:
    """The region's scope (a coordinator's) for a report built in the background, where no
    user is signed in: ``contracts_visible_q`` gives every organisation's contracts except
    those of a sign-up awaiting verification."""

    is_authenticated = True
    is_active = True
    is_coordinator = True
    is_contractor = False
    role = "coordinator"


REGION = _Region()


def council_contracts(buyer_id: int, year: int) -> QuerySet[Contract]:
    """The contracts a council report of ``buyer_id`` and ``year`` counts (see the module)."""
    contracts = portfolio_contracts(REGION, PortfolioFilter(buyer_id=buyer_id, year=year))
    return contracts.filter(contracts_shown_to_buyer_q())


@dataclass(frozen=True)
class Money:
    obligation_eur: Decimal
    agreed_eur: Decimal
    realised_eur: Decimal
    pending_eur: Decimal
    forecast_eur: Decimal


@dataclass(frozen=True)
class ContractCounts:
    """Contracts by their stored traffic light, and the closed ones by the outcome of the
    final assessment that closed them."""

    total: int
    on_track: int
    at_risk: int
    behind: int
    closed: int
    fulfilled: int
    not_fulfilled: int


@dataclass(frozen=True)
class PeopleCount:
    """A number of people as a public document may show it: ``number`` is None when it is
    small (1 to ``SUPPRESS_BELOW - 1``) or withheld to protect a small one."""

    number: int | None
    small: bool = False
    withheld: bool = False


@dataclass(frozen=True)
class TargetGroupRow:
    code: str
    label: str
    agreed_eur: Decimal
    realised_eur: Decimal
    people: PeopleCount


@dataclass(frozen=True)
class EffortKindRow:
    code: str
    label: str
    agreed_eur: Decimal
    realised_eur: Decimal


@dataclass(frozen=True)
class RulesetRow:
    code: str
    version: str
    name: str
    status: str
    contracts: int


@dataclass(frozen=True)
class CouncilFigures:
    schema: int
    buyer_id: int
    buyer_name: str
    year: int
    generated_at: datetime
    money: Money
    contracts: ContractCounts
    people_total: PeopleCount
    target_groups: tuple[TargetGroupRow, ...]
    effort_kinds: tuple[EffortKindRow, ...]
    rulesets: tuple[RulesetRow, ...]

    @property
    def first_day(self) -> date:
        return date(self.year, 1, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, 12, 31)

    @property
    def any_small(self) -> bool:
        return self.people_total.small or any(
            row.people.small or row.people.withheld for row in self.target_groups
        )


def people_count(number: int) -> PeopleCount:
    """``0`` and from ``SUPPRESS_BELOW`` up: the number; 1 to 4: small, no number."""
    if is_small(number):
        return PeopleCount(number=None, small=True)
    return PeopleCount(number=number)


def _public(count: Count) -> PeopleCount:
    return PeopleCount(number=count.shown, small=count.small, withheld=count.withheld)


def _people_shown(total: int, groups: list[int]) -> tuple[PeopleCount, list[PeopleCount]]:
    """The people in total and per target group, by the one suppression rule
    (``sroi.portfolio.suppression``): the groups against the total."""
    whole, parts = Count(total), [Count(number) for number in groups]
    suppress([(whole, parts)])
    return _public(whole), [_public(part) for part in parts]


def council_figures(buyer: Buyer, year: int, *, now: datetime | None = None) -> CouncilFigures:
    """The snapshot of ``buyer``'s contracts that run in ``year`` (a constant number of
    queries, whatever the number of contracts)."""
    contracts = council_contracts(buyer.pk, year)
    totals = figures.portfolio_totals(contracts)
    outcomes = figures.closed_outcomes(contracts)
    groups = figures.totals_by_target_group(contracts)
    people_total, group_people = _people_shown(
        figures.people_placed(contracts), [group.people for group in groups]
    )
    return CouncilFigures(
        schema=SCHEMA_VERSION,
        buyer_id=buyer.pk,
        buyer_name=buyer.name,
        year=year,
        generated_at=now or timezone.now(),
        money=Money(
            obligation_eur=totals.obligation_eur,
            agreed_eur=totals.agreed_eur,
            realised_eur=totals.realised_eur,
            pending_eur=totals.pending_eur,
            forecast_eur=totals.forecast_eur,
        ),
        contracts=ContractCounts(
            total=totals.count,
            on_track=totals.lights.get(ContractLight.ON_TRACK, 0),
            at_risk=totals.lights.get(ContractLight.AT_RISK, 0),
            behind=totals.lights.get(ContractLight.BEHIND, 0),
            closed=totals.lights.get(ContractLight.CLOSED, 0),
            fulfilled=outcomes.get(AssessmentOutcome.FULFILLED, 0),
            not_fulfilled=outcomes.get(AssessmentOutcome.NOT_FULFILLED, 0),
        ),
        people_total=people_total,
        target_groups=tuple(
            TargetGroupRow(
                code=group.key,
                label=group.label or group.key,
                agreed_eur=group.agreed_eur,
                realised_eur=group.realised_eur,
                people=people,
            )
            for group, people in zip(groups, group_people, strict=True)
        ),
        effort_kinds=tuple(
            EffortKindRow(
                code=kind.key,
                label=kind.label,
                agreed_eur=kind.agreed_eur,
                realised_eur=kind.realised_eur,
            )
            for kind in figures.totals_by_effort_kind(contracts)
        ),
        rulesets=tuple(
            RulesetRow(
                code=use.code,
                version=use.version,
                name=use.name,
                status=use.status,
                contracts=use.count,
            )
            for use in figures.rulesets_used(contracts)
        ),
    )


# --- JSON ----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def figures_to_json(snapshot: CouncilFigures) -> dict[str, Any]:
    """The snapshot as JSON data (``{"schema": 1, ...}``)."""
    data: dict[str, Any] = _plain(asdict(snapshot))
    return data


def _people(data: Any) -> PeopleCount:
    return PeopleCount(
        number=None if data["number"] is None else int(data["number"]),
        small=bool(data.get("small", False)),
        withheld=bool(data.get("withheld", False)),
    )


def figures_from_json(data: Any) -> CouncilFigures:
    """The stored snapshot read back; ``CouncilFiguresError`` for another schema version or
    a broken shape."""
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_VERSION:
        raise CouncilFiguresError("unknown council report schema")
    try:
        money = {key: Decimal(value) for key, value in data["money"].items()}
        return CouncilFigures(
            schema=SCHEMA_VERSION,
            buyer_id=int(data["buyer_id"]),
            buyer_name=str(data["buyer_name"]),
            year=int(data["year"]),
            generated_at=datetime.fromisoformat(data["generated_at"]),
            money=Money(**money),
            contracts=ContractCounts(**{k: int(v) for k, v in data["contracts"].items()}),
            people_total=_people(data["people_total"]),
            target_groups=tuple(
                TargetGroupRow(
                    code=str(row["code"]),
                    label=str(row["label"]),
                    agreed_eur=Decimal(row["agreed_eur"]),
                    realised_eur=Decimal(row["realised_eur"]),
                    people=_people(row["people"]),
                )
                for row in data["target_groups"]
            ),
            effort_kinds=tuple(
                EffortKindRow(
                    code=str(row["code"]),
                    label=str(row["label"]),
                    agreed_eur=Decimal(row["agreed_eur"]),
                    realised_eur=Decimal(row["realised_eur"]),
                )
                for row in data["effort_kinds"]
            ),
            rulesets=tuple(RulesetRow(**row) for row in data["rulesets"]),
        )
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        raise CouncilFiguresError("broken council report snapshot") from error
