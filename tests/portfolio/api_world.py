"""The API lane's world (imported by tests/portfolio/test_api_*.py): two buyers, each with a
contract of its own contractor; buyer Hoorn's contract (contractor A) has agreements in force
and an approved placement of candidate K-API-777, whose reference no API answer may hold.

Personas: the coordinator, contractor A and B (tests/conftest.py), a buyer user of Hoorn and
one of Enkhuizen. ``key_for(user)`` makes a personal API key through the service.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from pytest_django.fixtures import Settings

from sroi.accounts.constants import Role
from sroi.accounts.models import User
from sroi.agreements import services as agreement_services
from sroi.plans.models import Contract
from sroi.portfolio.token_services import api_token_create
from sroi.rules.services import ruleset_import_shipped
from tests.factories import UserFactory
from tests.monitoring.factories import CandidateFactory, RealisationFactory
from tests.plans.factories import BuyerFactory, PlanFactory

CANDIDATE_REFERENCE = "K-API-777"


@dataclass(frozen=True)
class World:
    hoorn: Contract  # contractor A, buyer Hoorn, agreements in force
    enkhuizen: Contract  # contractor B, buyer Enkhuizen
    buyer_hoorn: User
    buyer_enkhuizen: User


def key_for(user: User, name: str = "BI") -> str:
    return api_token_create(acting_user=user, name=name, expires_at=None).key


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def world(
    db: None, settings: Settings, coordinator: User, contractor_a: User, contractor_b: User
) -> World:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ruleset_import_shipped()
    hoorn = BuyerFactory(name="Gemeente Hoorn")
    enkhuizen = BuyerFactory(name="Gemeente Enkhuizen")
    plan_a = PlanFactory(
        contract__organisation=contractor_a.organisation,
        contract__buyer=hoorn,
        contract__name="Onderhoud wegen Hoorn",
        approved=True,
    )
    plan_b = PlanFactory(
        contract__organisation=contractor_b.organisation,
        contract__buyer=enkhuizen,
        contract__name="Schoonmaak Enkhuizen",
        approved=True,
    )
    version = agreement_services.agreements_draw_up(
        acting_user=coordinator, contract=plan_a.contract
    )
    agreement_services.agreements_record_difference(
        acting_user=coordinator, version=version, reason="Krappe arbeidsmarkt in de regio."
    )
    version = agreement_services.agreements_propose(acting_user=coordinator, version=version)
    agreement_services.agreements_accept(acting_user=contractor_a, version=version, name="Jan")
    candidate = CandidateFactory(
        organisation=contractor_a.organisation, reference=CANDIDATE_REFERENCE
    )
    RealisationFactory(contract=plan_a.contract, candidate=candidate, approved=True)
    return World(
        hoorn=Contract.objects.get(pk=plan_a.contract.pk),
        enkhuizen=Contract.objects.get(pk=plan_b.contract.pk),
        buyer_hoorn=UserFactory(
            email="bi@hoorn.example.org", role=Role.BUYER, organisation=hoorn.organisation
        ),
        buyer_enkhuizen=UserFactory(
            email="bi@enkhuizen.example.org", role=Role.BUYER, organisation=enkhuizen.organisation
        ),
    )
