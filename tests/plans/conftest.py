"""Every plans test runs against the shipped rule sets, imported as a coordinator would."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

from sroi.accounts.models import User
from sroi.plans.models import Plan
from sroi.rules.services import ruleset_import_shipped
from tests.plans.factories import PlanFactory


@pytest.fixture(autouse=True)
def _rulesets(db: None) -> None:
    ruleset_import_shipped()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def plan_a(contractor_a: User) -> Plan:
    """A complete draft plan of contractor A's organisation."""
    return PlanFactory(contract__organisation=contractor_a.organisation)


@pytest.fixture
def plan_b(contractor_b: User) -> Plan:
    return PlanFactory(contract__organisation=contractor_b.organisation)
