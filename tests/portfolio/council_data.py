"""Data of the council report tests: a buyer's contracts with stored figures, accepted
agreements and approved placements written directly (the figures' sources), so each test can
state exactly what the report must sum."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sroi.agreements.constants import AgreementStatus
from sroi.agreements.models import Agreement, AgreementVersion
from sroi.monitoring.constants import AssessmentOutcome
from sroi.monitoring.models import FinalAssessment
from sroi.plans.constants import ContractLight, EffortKind, PlanStatus
from sroi.plans.models import Buyer, Contract, Plan, PlanVersion
from tests.monitoring.factories import CandidateFactory, RealisationFactory
from tests.plans.factories import ContractFactory


def contract_of(buyer: Buyer, **fields: Any) -> Contract:
    """A contract of record of ``buyer`` running in 2026-2027 with stored figures."""
    values: dict[str, Any] = {
        "buyer": buyer,
        "of_record": True,
        "obligation_eur": Decimal("50000.00"),
        "agreed_eur": Decimal("40000.00"),
        "realised_eur": Decimal("10000.00"),
        "pending_eur": Decimal("1000.00"),
        "outlook_eur": Decimal("45000.00"),
        "light": ContractLight.ON_TRACK,
    }
    values.update(fields)
    contract: Contract = ContractFactory(**values)
    return contract


def accept_agreement(
    contract: Contract, *, target_group: str, value: str, effort: str = EffortKind.JOBS
) -> Agreement:
    version = contract.agreement_versions.filter(status=AgreementStatus.ACCEPTED).first()
    if version is None:
        plan = Plan.objects.create(contract=contract, status=PlanStatus.APPROVED, current_version=1)
        version = AgreementVersion.objects.create(
            contract=contract,
            based_on=PlanVersion.objects.create(plan=plan, number=1, snapshot={}),
            number=1,
            status=AgreementStatus.ACCEPTED,
        )
    return Agreement.objects.create(
        version=version,
        effort_kind=effort,
        target_group=target_group,
        block_code="PW_LT2",
        value_eur=Decimal(value),
    )


def place(contract: Contract, *, target_group: str, people: int, value: str = "1000.00") -> None:
    """``people`` different candidates with an approved placement each."""
    for _ in range(people):
        RealisationFactory(
            contract=contract,
            candidate=CandidateFactory(organisation=contract.organisation),
            target_group=target_group,
            approved=True,
            value_eur=Decimal(value),
        )


def close(contract: Contract, outcome: str = AssessmentOutcome.FULFILLED) -> FinalAssessment:
    Contract.objects.filter(pk=contract.pk).update(light=ContractLight.CLOSED)
    return FinalAssessment.objects.create(
        contract=contract,
        outcome=outcome,
        obligation_eur=contract.obligation_eur or 0,
        realised_eur=contract.realised_eur or 0,
        shortfall_eur=0,
    )
