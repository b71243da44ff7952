"""Monitoring tests: the shipped rule sets, the personas of tests/conftest.py and a contract
of contractor A with its agreements in force (tests/agreements/conftest.py has the figures:
contract EUR 1,000,000 at 5 % from 2026-01-01 to 2027-12-31, obligation EUR 50,000.00; one
agreement, a Participatiewet candidate 36 h/week for 2026, EUR 25,000.00)."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

from sroi.accounts.constants import OrganisationKind, Role
from sroi.accounts.models import User
from sroi.agreements import services as agreement_services
from sroi.agreements.models import AgreementVersion
from sroi.plans.models import Contract, Plan
from sroi.rules.services import ruleset_import_shipped
from tests.factories import OrganisationFactory, UserFactory
from tests.plans.factories import BuyerFactory, PlanFactory


@pytest.fixture(autouse=True)
def _rulesets(db: None) -> None:
    ruleset_import_shipped()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _evidence_root(settings: Settings, tmp_path: object) -> None:
    settings.SROI_EVIDENCE_ROOT = str(tmp_path) + "/evidence"


@pytest.fixture
def approved_plan(contractor_a: User) -> Plan:
    buyer_org = OrganisationFactory(name="Gemeente Hoorn", kind=OrganisationKind.BUYER)
    buyer = BuyerFactory(name="Gemeente Hoorn", organisation=buyer_org)
    return PlanFactory(
        contract__organisation=contractor_a.organisation, contract__buyer=buyer, approved=True
    )


@pytest.fixture
def contract(approved_plan: Plan) -> Contract:
    return approved_plan.contract


@pytest.fixture
def agreements(contract: Contract, coordinator: User, contractor_a: User) -> AgreementVersion:
    """Version 1 drawn up from the approved plan, proposed and accepted: in force."""
    version = agreement_services.agreements_draw_up(acting_user=coordinator, contract=contract)
    agreement_services.agreements_record_difference(
        acting_user=coordinator, version=version, reason="Krappe arbeidsmarkt in de regio."
    )
    version = agreement_services.agreements_propose(acting_user=coordinator, version=version)
    return agreement_services.agreements_accept(
        acting_user=contractor_a, version=version, name="Jan de Vries"
    )


@pytest.fixture
def buyer_user(contract: Contract) -> User:
    assert contract.buyer is not None
    return UserFactory(
        email="inkoper@hoorn.example.org", role=Role.BUYER, organisation=contract.buyer.organisation
    )
