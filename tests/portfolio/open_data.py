"""Data for the open-figures tests (tests/portfolio/test_open_*.py): a buyer with contracts
whose stored figures are set directly, and approved placements (distinct candidates)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sroi.plans.constants import ContractLight, TargetGroup
from sroi.plans.models import Buyer, Contract
from sroi.portfolio.models import Publication
from tests.monitoring.factories import RealisationFactory
from tests.plans.factories import BuyerFactory, ContractFactory, PlanFactory


def buyer_named(name: str = "Gemeente Hoorn") -> Buyer:
    return BuyerFactory(name=name)


def contract_of(
    buyer: Buyer,
    *,
    start: date | None = date(2026, 1, 1),
    obligation: str = "50000.00",
    agreed: str = "30000.00",
    realised: str = "10000.00",
    light: str = ContractLight.ON_TRACK,
    of_record: bool = True,
    name: str = "",
) -> Contract:
    extra = {"name": name} if name else {}
    return ContractFactory(
        buyer=buyer,
        of_record=of_record,
        start_date=start,
        obligation_eur=Decimal(obligation),
        agreed_eur=Decimal(agreed),
        realised_eur=Decimal(realised),
        light=light,
        **extra,
    )


def draft_contract_of(buyer: Buyer) -> Contract:
    """A contract whose plan was never submitted (not of record): a buyer never sees it."""
    plan = PlanFactory(contract__buyer=buyer, contract__of_record=False)
    contract: Contract = plan.contract
    Contract.objects.filter(pk=contract.pk).update(
        obligation_eur=Decimal("999999.00"), realised_eur=Decimal("77777.00")
    )
    return contract


def place(contract: Contract, people: int, *, target_group: str = TargetGroup.PW_LT2) -> None:
    """``people`` distinct candidates with an approved placement on ``contract``."""
    for _ in range(people):
        RealisationFactory(contract=contract, approved=True, target_group=target_group)


def publish(buyer: Buyer, slug: str = "gemeente-hoorn", *, published: bool = True) -> Publication:
    return Publication.objects.create(
        buyer=buyer, slug=slug, published=published, introduction="Wij kopen sociaal in."
    )
