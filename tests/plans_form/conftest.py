"""The plan form's tests run against the shipped rule sets, imported as a coordinator would."""

from __future__ import annotations

import pytest
from django.test import Client
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
    """A complete draft plan of contractor A's organisation (see tests/plans/factories.py)."""
    return PlanFactory(contract__organisation=contractor_a.organisation)


@pytest.fixture
def client_a(client: Client, contractor_a: User) -> Client:
    client.force_login(contractor_a)
    return client
