"""Test data of the portfolio lane: contracts of record with their stored figures and light, as
``revalue_contracts`` would have left them (the figures themselves are tested in
tests/monitoring; here they are given)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sroi.accounts.models import Organisation
from sroi.plans.constants import ContractLight
from sroi.plans.models import Buyer, Contract
from sroi.rules.selectors import ruleset_version_valid_on
from tests.plans.factories import ContractFactory


def portfolio_contract(
    organisation: Organisation, buyer: Buyer | None, number: int, **overrides: Any
) -> Contract:
    """Contract ``number`` of record with figures that differ per number (cents included)."""
    lights = list(ContractLight)
    fields: dict[str, Any] = {
        "organisation": organisation,
        "buyer": buyer,
        "of_record": True,
        "name": f"Portefeuillecontract {number:03d}",
        "reference": f"REF-{number:03d}",
        "start_date": date(2025 + number % 3, 1 + number % 12, 1),
        "end_date": date(2028, 12, 31),
        "obligation_eur": Decimal("50000.00") + number,
        "agreed_eur": Decimal("25000.50") + number,
        "realised_eur": Decimal("1000.25") * number,
        "pending_eur": Decimal("10.10") * number,
        "outlook_eur": Decimal("40000.01") + number,
        "light": lights[number % len(lights)],
    }
    fields.update(overrides)
    if fields["start_date"] is None and "ruleset_version" not in fields:
        fields["ruleset_version"] = ruleset_version_valid_on(
            code="nhn-werksaam", day=date(2026, 1, 1)
        )
    return ContractFactory(**fields)
