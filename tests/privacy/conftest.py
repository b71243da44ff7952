"""Fixtures of the privacy tests: the shipped rule sets and contractor A's draft plan."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from sroi.accounts.models import User
from sroi.plans.models import Plan
from tests.plans.factories import PlanFactory

# A valid test BSN (eleven test, worked by hand):
#   9*1 + 8*2 + 7*3 + 6*4 + 5*5 + 4*6 + 3*7 + 2*8 = 9+16+21+24+25+24+21+16 = 156
#   156 - 1*2 = 154 = 14 * 11
TEST_BSN = "123456782"
REFUSED_NL = "Vul hier geen BSN in: gebruik een pseudoniem (bijvoorbeeld K-017)."


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def plan_a(contractor_a: User, shipped_rulesets: None) -> Plan:
    """A complete draft plan of contractor A's organisation (see tests/plans/factories.py)."""
    return PlanFactory(contract__organisation=contractor_a.organisation)


@pytest.fixture
def client_a(client: Client, contractor_a: User) -> Client:
    client.force_login(contractor_a)
    return client
