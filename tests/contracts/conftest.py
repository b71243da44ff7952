"""Contracts of record: the shipped rule sets, a buyer, and a registered contract."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pytest_django.fixtures import Settings

from sroi.accounts.constants import Role
from sroi.accounts.models import User
from sroi.plans.contracts_services import contract_register
from sroi.plans.models import Buyer, Contract
from sroi.rules.services import ruleset_import_shipped
from tests.factories import UserFactory
from tests.plans.factories import BuyerFactory


@pytest.fixture(autouse=True)
def _rulesets(db: None) -> None:
    ruleset_import_shipped()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def buyer(db: None) -> Buyer:
    return BuyerFactory(name="Gemeente Hoorn")


@pytest.fixture
def buyer_user(db: None) -> User:
    return UserFactory(email="inkoper@hoorn.example.org", role=Role.BUYER, organisation=None)


def contract_data(the_buyer: Buyer | None, /, **changes: Any) -> dict[str, Any]:
    """A complete registration: EUR 1,000,000 at 5 % from 2026-01-01 to 2027-12-31."""
    return {
        "name": "Onderhoud kunstwerken Hoorn",
        "buyer": the_buyer,
        "reference": "HRN-2026-017",
        "lot": "Perceel 2",
        "award_date": date(2025, 11, 14),
        "value_eur": Decimal("1000000.00"),
        "start_date": date(2026, 1, 1),
        "end_date": date(2027, 12, 31),
        "sroi_percentage": Decimal("5.00"),
        **changes,
    }


@pytest.fixture
def registered(coordinator: User, contractor_a: User, buyer: Buyer) -> Contract:
    """A contract of record for contractor A's organisation (no invitation)."""
    assert contractor_a.organisation is not None
    return contract_register(
        acting_user=coordinator,
        data=contract_data(buyer),
        organisation=contractor_a.organisation,
    )
