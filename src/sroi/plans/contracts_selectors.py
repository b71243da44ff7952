"""Reads of contracts of record: the list (filter, search, sort, totals) and the timeline.

Who sees which contract is decided by ``sroi.plans.selectors.contract_list_for_user`` (the
one place); this module only narrows and orders what that returns. The list's figures are
the stored ones (``sroi.plans.contract_state``), so sorting and totals are SQL: a page costs
the same number of queries whatever the number of contracts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.expressions import OrderBy

from sroi.core.models import AuditEntry
from sroi.plans.constants import ContractStatus
from sroi.plans.models import Buyer, Contract, ContractExtension, Plan
from sroi.plans.selectors import contract_list_for_user

# The sort keys the list accepts (in the URL: ``?sorteer=end`` or ``?sorteer=-end``) and the
# column each orders by. Anything else falls back to ``DEFAULT_SORT``.
SORT_FIELDS: dict[str, str] = {
    "name": "name",
    "buyer": "buyer__name",
    "reference": "reference",
    "contractor": "organisation__name",
    "status": "status",
    "end": "end_date",
    "obligation": "obligation_eur",
    "planned": "planned_eur",
    "agreed": "agreed_eur",
}
DEFAULT_SORT = "-created"


@dataclass(frozen=True)
class ContractTotals:
    count: int
    obligation_eur: Decimal
    planned_eur: Decimal
    agreed_eur: Decimal


def clean_sort(value: str) -> str:
    """The sort key as given when it is one of ``SORT_FIELDS`` (optionally with "-")."""
    return value if value.removeprefix("-") in SORT_FIELDS else DEFAULT_SORT


def _ordering(sort: str) -> list[Any]:
    if sort == DEFAULT_SORT:
        return ["-created_at", "-id"]
    descending = sort.startswith("-")
    column = SORT_FIELDS[sort.removeprefix("-")]
    expression: OrderBy = (
        F(column).desc(nulls_last=True) if descending else F(column).asc(nulls_last=True)
    )
    return [expression, "-id" if descending else "id"]


def contract_table_for_user(
    user: Any,
    *,
    status: str = "",
    buyer_id: int | None = None,
    search: str = "",
    sort: str = DEFAULT_SORT,
) -> QuerySet[Contract]:
    """The contracts ``user`` may see, filtered on status and buyer, searched on contract
    name, buyer's reference, company name and KvK number, in the order of ``sort``."""
    contracts = contract_list_for_user(user).defer("ruleset_version__document")
    if status in ContractStatus.values:
        contracts = contracts.filter(status=status)
    if buyer_id is not None:
        contracts = contracts.filter(buyer_id=buyer_id)
    search = search.strip()
    if search:
        contracts = contracts.filter(
            Q(name__icontains=search)
            | Q(reference__icontains=search)
            | Q(organisation__name__icontains=search)
            | Q(organisation__kvk_number__icontains=search)
        )
    return contracts.order_by(*_ordering(clean_sort(sort)))


def contract_totals(contracts: QuerySet[Contract]) -> ContractTotals:
    """Count and the sums of the stored figures, in one query."""
    row = contracts.order_by().aggregate(
        count=Count("id"),
        obligation=Sum("obligation_eur"),
        planned=Sum("planned_eur"),
        agreed=Sum("agreed_eur"),
    )
    return ContractTotals(
        count=row["count"] or 0,
        obligation_eur=Decimal(row["obligation"] or 0),
        planned_eur=Decimal(row["planned"] or 0),
        agreed_eur=Decimal(row["agreed"] or 0),
    )


def contract_extensions(contract: Contract) -> QuerySet[ContractExtension]:
    return contract.extensions.select_related("created_by").order_by("exercised_on", "id")


def contract_plans(contract: Contract) -> QuerySet[Plan]:
    """The contract's plans (normally one), newest first."""
    return contract.plans.order_by("-id")


def contract_timeline(contract: Contract) -> QuerySet[AuditEntry]:
    """Every audit entry of the contract, oldest first, with its actor (one query)."""
    return (
        AuditEntry.objects.filter(contract_id=contract.pk)
        .select_related("actor")
        .order_by("at", "id")
    )


def buyers_for_filter(user: Any) -> QuerySet[Buyer]:
    """The buyers the contract list offers as a filter: every buyer for a coordinator, only the
    buyers of the contracts ``user`` sees for anyone else (no names of other buyers)."""
    buyers = Buyer.objects.order_by("name")
    if getattr(user, "is_authenticated", False) and user.is_coordinator:
        return buyers
    return buyers.filter(pk__in=contract_list_for_user(user).values("buyer_id"))
