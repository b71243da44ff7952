"""No double counting (issue 8, item 4): one candidate of an organisation placed on two of its
contracts counts once per hour (docs/rekenregels.md, section 9)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from sroi.accounts.models import User
from sroi.agreements import services as agreement_services
from sroi.agreements.models import AgreementVersion
from sroi.monitoring import services, services_reports, services_verify
from sroi.monitoring.models import Realisation
from sroi.monitoring.valuation import contract_revalue
from sroi.plans.models import Contract
from tests.monitoring.factories import placement
from tests.plans.factories import PlanFactory


def _in_force(contract: Contract, coordinator: User, contractor: User) -> Contract:
    """The contract with its agreements drawn up, proposed and accepted (as ``agreements``)."""
    version = agreement_services.agreements_draw_up(acting_user=coordinator, contract=contract)
    agreement_services.agreements_record_difference(
        acting_user=coordinator, version=version, reason="Krappe arbeidsmarkt in de regio."
    )
    version = agreement_services.agreements_propose(acting_user=coordinator, version=version)
    agreement_services.agreements_accept(acting_user=contractor, version=version, name="Jan")
    contract.refresh_from_db()
    return contract


@pytest.fixture
def first(agreements: AgreementVersion) -> Contract:
    contract = agreements.contract
    contract.refresh_from_db()
    return contract


@pytest.fixture
def second(first: Contract, coordinator: User, contractor_a: User) -> Contract:
    plan = PlanFactory(
        contract__organisation=contractor_a.organisation,
        contract__buyer=first.buyer,
        approved=True,
    )
    return _in_force(plan.contract, coordinator, contractor_a)


def _value(contract: Contract) -> Decimal | None:
    return Realisation.objects.get(contract=contract).value_eur


def test_one_candidate_on_two_contracts_counts_half_on_each(
    first: Contract,
    second: Contract,
    contractor_a: User,
    coordinator: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    assert (first.start_date, first.end_date) == (second.start_date, second.end_date)
    services.realisation_create(acting_user=contractor_a, contract=first, data=placement())
    # alone: PW_LT2 EUR 25,000 per full-time year, 36/36 for six months = 12,500.00
    assert _value(first) == Decimal("12500.00")

    # A placement counts on the candidate's other contracts once it is reported (submitted).
    with django_capture_on_commit_callbacks(execute=True):
        services_reports.report_submit(
            acting_user=contractor_a, contract=first, period_start=first.start_date
        )
        services.realisation_create(acting_user=contractor_a, contract=second, data=placement())
    assert _value(first) == Decimal("12500.00")  # the second is a draft: no change here yet
    with django_capture_on_commit_callbacks(execute=True):
        services_reports.report_submit(
            acting_user=contractor_a, contract=second, period_start=second.start_date
        )
    first_realisation = Realisation.objects.get(contract=first)
    second_realisation = Realisation.objects.get(contract=second)
    assert first_realisation.candidate_id == second_realisation.candidate_id
    # 36 + 36 = 72 hours a week: each contract counts 36/72 = 0.5
    # 25,000 x 0.5 x 6 / 12 = 6,250.00
    assert _value(second) == Decimal("6250.00")
    # the first contract is revalued after the commit (valuation.revalue_elsewhere_on_commit)
    assert _value(first) == Decimal("6250.00")
    first.refresh_from_db()
    assert first.forecast_eur == Decimal("6250.00")

    # the second placement rejected: the first counts in full again
    second_realisation.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services_verify.realisation_reject(
            acting_user=coordinator, realisation=second_realisation, reason="Geen bewijs."
        )
    assert _value(first) == Decimal("12500.00")


def test_another_organisations_reference_is_another_candidate(
    first: Contract, contractor_a: User, contractor_b: User, coordinator: User
) -> None:
    plan = PlanFactory(contract__organisation=contractor_b.organisation, approved=True)
    other = _in_force(plan.contract, coordinator, contractor_b)
    services.realisation_create(acting_user=contractor_a, contract=first, data=placement())
    services.realisation_create(acting_user=contractor_b, contract=other, data=placement())
    contract_revalue(first)
    assert _value(first) == _value(other) == Decimal("12500.00")
