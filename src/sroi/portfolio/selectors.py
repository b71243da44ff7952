"""The portfolio's reads: which contracts a user's portfolio holds, filtered and sorted.

Access is the one rule of ``sroi.plans.selectors.contracts_visible_q``: a coordinator sees the
region, a buyer user its buyer's contracts, a contractor its organisation's. The portfolio page
and the exports are for coordinators and buyer users (``can_use_portfolio``); the API follows
the visibility rule for every role.

Every figure is stored on the contract (``plans.contract_state``, ``monitoring.valuation``,
``monitoring.lights``), so filtering, sorting and totals are SQL and a page costs the same
number of queries at 500 and at 5,000 contracts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, F, Q, QuerySet, Value, When

from sroi.accounts.constants import OrganisationKind
from sroi.accounts.selectors import user_buyer_organisation_id
from sroi.agreements.constants import AgreementStatus
from sroi.agreements.models import Agreement
from sroi.monitoring.constants import RealisationStatus
from sroi.monitoring.models import Realisation
from sroi.plans.constants import ContractLight
from sroi.plans.models import Buyer, Contract
from sroi.plans.selectors import contract_list_for_user, user_is_buyer
from sroi.portfolio.constants import PortfolioSort
from sroi.portfolio.figures import UNLINKED_EFFORT_KIND

DEFAULT_SORT = PortfolioSort.NAME.value
# The lights from worst to best (the order of "sort by status").
LIGHT_SEVERITY = (
    ContractLight.BEHIND,
    ContractLight.AT_RISK,
    ContractLight.ON_TRACK,
    ContractLight.CLOSED,
)

# Sort key -> the column it orders by (every one has an index, plans migration 0014).
SORT_COLUMNS: dict[str, str] = {
    PortfolioSort.NAME: "name",
    PortfolioSort.BUYER: "buyer__name",
    PortfolioSort.CONTRACTOR: "organisation__name",
    PortfolioSort.LIGHT: "light",
    PortfolioSort.START: "start_date",
    PortfolioSort.END: "end_date",
    PortfolioSort.OBLIGATION: "obligation_eur",
    PortfolioSort.AGREED: "agreed_eur",
    PortfolioSort.REALISED: "realised_eur",
    PortfolioSort.FORECAST: "outlook_eur",
}


@dataclass(frozen=True)
class PortfolioFilter:
    """A validated filter (``forms.PortfolioFilterForm.portfolio_filter``); empty matches all."""

    buyer_id: int | None = None
    year: int | None = None
    light: str = ""
    target_group: str = ""
    effort_kind: str = ""
    search: str = ""
    running_from: date | None = None
    running_until: date | None = None
    sort: str = DEFAULT_SORT


def can_use_portfolio(user: Any) -> bool:
    """Coordinators (and administrators) and buyer users; contractors and anonymous users
    not (their contracts are on ``/contracten/``)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_coordinator) or user_is_buyer(user)


def _running(
    contracts: QuerySet[Contract], first: date | None, last: date | None
) -> QuerySet[Contract]:
    """Contracts whose term overlaps [first, last] (a missing date does not exclude)."""
    if last is not None:
        contracts = contracts.filter(Q(start_date__isnull=True) | Q(start_date__lte=last))
    if first is not None:
        contracts = contracts.filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
    return contracts


def portfolio_ordering(sort: str, *, prefix: str = "") -> list[Any]:
    """The order of a sort key, on ``Contract`` (``prefix=""``) or on a model that points at
    one (``prefix="contract__"``: the exports list agreements and realisations in the order
    of their contracts)."""
    descending = sort.startswith("-")
    column = SORT_COLUMNS.get(sort.removeprefix("-"), SORT_COLUMNS[DEFAULT_SORT])
    if column == "light":  # worst first when ascending: behind, at risk, on track, closed
        severity = Case(
            *(
                When(**{f"{prefix}light": light}, then=Value(rank))
                for rank, light in enumerate(LIGHT_SEVERITY)
            ),
            default=Value(len(LIGHT_SEVERITY)),
        )
        return [severity.desc() if descending else severity.asc(), f"{prefix}id"]
    expression = F(prefix + column)
    ordered = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    return [ordered, f"-{prefix}id" if descending else f"{prefix}id"]


def _accepted_agreements_contract_ids(**lookups: str) -> QuerySet[Agreement, Any]:
    return Agreement.objects.filter(version__status=AgreementStatus.ACCEPTED, **lookups).values(
        "version__contract_id"
    )


def _realisations_contract_ids(**lookups: str) -> QuerySet[Realisation, Any]:
    return Realisation.objects.filter(**lookups).values("contract_id")


def portfolio_contracts(user: Any, portfolio_filter: PortfolioFilter) -> QuerySet[Contract]:
    """The contracts ``user`` may see that match the filter, in the filter's order, with
    organisation and buyer joined (one query when evaluated)."""
    f = portfolio_filter
    contracts = contract_list_for_user(user).defer("ruleset_version__document")
    if f.buyer_id is not None:
        contracts = contracts.filter(buyer_id=f.buyer_id)
    if f.light in ContractLight.values:
        contracts = contracts.filter(light=f.light)
    if f.year is not None:
        contracts = _running(contracts, date(f.year, 1, 1), date(f.year, 12, 31))
    if f.running_from is not None or f.running_until is not None:
        contracts = _running(contracts, f.running_from, f.running_until)
    # A set of contract ids in a subquery (not a correlated EXISTS per contract): the database
    # reads the matching agreements and realisations once, through their (target group or
    # kind, contract) indexes, however many contracts there are (docs/performance.md).
    if f.target_group:
        contracts = contracts.filter(
            Q(pk__in=_accepted_agreements_contract_ids(target_group=f.target_group))
            | Q(
                pk__in=_realisations_contract_ids(
                    target_group=f.target_group, status=RealisationStatus.APPROVED
                )
            )
        )
    if f.effort_kind:
        # The same contracts as the breakdown "Per soort invulling" counts (figures.py): an
        # accepted agreement of this kind, or an approved realisation under an agreement of this
        # kind or, not linked to an agreement, of a kind of realisation counted under it. Without
        # the realisations, the breakdown's link "Sociaal inkopen" led to no contracts at all
        # where the purchases were reported without an agreement of that kind.
        unlinked_kinds = [
            kind for kind, effort in UNLINKED_EFFORT_KIND.items() if effort == f.effort_kind
        ]
        contracts = contracts.filter(
            Q(pk__in=_accepted_agreements_contract_ids(effort_kind=f.effort_kind))
            | Q(
                pk__in=_realisations_contract_ids(
                    agreement__effort_kind=f.effort_kind, status=RealisationStatus.APPROVED
                )
            )
            | Q(
                pk__in=Realisation.objects.filter(
                    agreement__isnull=True,
                    kind__in=unlinked_kinds,
                    status=RealisationStatus.APPROVED,
                ).values("contract_id")
            )
        )
    if f.search:
        contracts = contracts.filter(
            Q(name__icontains=f.search)
            | Q(reference__icontains=f.search)
            | Q(organisation__name__icontains=f.search)
        )
    return contracts.order_by(*portfolio_ordering(f.sort))


def portfolio_buyers(user: Any) -> QuerySet[Buyer]:
    """The buyers a user's filter offers: every buyer for a coordinator, only its own for a
    buyer user (no names of other buyers; also before it has a contract to see), for anyone
    else the buyers of the contracts it sees."""
    buyers = Buyer.objects.order_by("name")
    if getattr(user, "is_authenticated", False) and user.is_coordinator:
        return buyers
    buyer_organisation_id = user_buyer_organisation_id(user)
    if buyer_organisation_id is not None:
        return buyers.filter(
            organisation_id=buyer_organisation_id, organisation__kind=OrganisationKind.BUYER
        )
    return buyers.filter(pk__in=contract_list_for_user(user).values("buyer_id"))
