"""Obligation = round2(contract value x percentage / 100); threshold and rule-set warnings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sroi.rules.engine import RuleSetStatus, WarningCode, calculate
from tests.engine.builders import make_contract, request, utrecht_2024


@pytest.mark.parametrize(
    ("value", "percentage", "expected"),
    [
        # 1,000,000 x 5 (the rule set's default) / 100 = 50,000.00
        ("1000000", None, "50000.00"),
        # 1,000,000 x 3 / 100 = 30,000.00
        ("1000000", "3", "30000.00"),
        # 123,456.78 x 5 / 100 = 6,172.839 -> 6,172.84
        ("123456.78", "5", "6172.84"),
        # 0.10 x 5 / 100 = 0.005: a tie, rounds half up -> 0.01
        ("0.10", "5", "0.01"),
        # 0.09 x 5 / 100 = 0.0045 -> 0.00
        ("0.09", "5", "0.00"),
        # 1,000,000 x 0 / 100 = 0.00
        ("1000000", "0", "0.00"),
        # 250,000 x 100 / 100 = 250,000.00
        ("250000", "100", "250000.00"),
        # 333,333.33 x 2.5 / 100 = 8,333.33325 -> 8,333.33
        ("333333.33", "2.5", "8333.33"),
    ],
)
def test_obligation_is_contract_value_times_percentage_rounded_once(
    value: str, percentage: str | None, expected: str
) -> None:
    valuation = calculate(
        request(contract=make_contract(value, percentage=percentage)), utrecht_2024()
    )
    assert valuation.obligation_eur == Decimal(expected)
    assert valuation.obligation_net_eur == Decimal(expected)
    assert valuation.pso_discount_eur == Decimal("0.00")


def test_rule_set_default_percentage_applies_when_the_contract_gives_none() -> None:
    ruleset = replace(utrecht_2024(), default_percentage=Decimal("4"))
    # 1,000,000 x 4 / 100 = 40,000.00
    assert calculate(request(), ruleset).obligation_eur == Decimal("40000.00")
    # the contract's own percentage wins: 1,000,000 x 6 / 100 = 60,000.00
    valuation = calculate(request(contract=make_contract(percentage="6")), ruleset)
    assert valuation.obligation_eur == Decimal("60000.00")


@pytest.mark.parametrize(
    ("value", "threshold", "warned", "obligation"),
    [
        # 40,000 x 5 / 100 = 2,000.00
        ("40000", "50000", True, "2000.00"),
        # 49,999.99 x 5 / 100 = 2,499.9995 -> 2,500.00
        ("49999.99", "50000", True, "2500.00"),
        ("50000", "50000", False, "2500.00"),
        ("60000", "50000", False, "3000.00"),
        # 10 x 5 / 100 = 0.50; no threshold in the rule set
        ("10", None, False, "0.50"),
    ],
)
def test_below_threshold_is_a_warning_and_keeps_the_obligation(
    value: str, threshold: str | None, warned: bool, obligation: str
) -> None:
    ruleset = replace(
        utrecht_2024(), threshold_eur=None if threshold is None else Decimal(threshold)
    )
    valuation = calculate(request(contract=make_contract(value)), ruleset)
    assert (WarningCode.BELOW_THRESHOLD in valuation.warnings) is warned
    assert valuation.obligation_eur == Decimal(obligation)


@pytest.mark.parametrize(
    ("status", "warnings"),
    [
        (RuleSetStatus.SOURCED, ()),
        (RuleSetStatus.INDICATIVE, (WarningCode.INDICATIVE_RULESET,)),
        (RuleSetStatus.PARTIAL, (WarningCode.PARTIAL_RULESET,)),
    ],
)
def test_rule_set_status_gives_a_warning_unless_sourced(
    status: RuleSetStatus, warnings: tuple[WarningCode, ...]
) -> None:
    valuation = calculate(request(), replace(utrecht_2024(), status=status))
    assert valuation.warnings == warnings


def test_warnings_come_threshold_first_then_status() -> None:
    ruleset = replace(
        utrecht_2024(), status=RuleSetStatus.INDICATIVE, threshold_eur=Decimal("50000")
    )
    valuation = calculate(request(contract=make_contract("1000")), ruleset)
    assert valuation.warnings == (WarningCode.BELOW_THRESHOLD, WarningCode.INDICATIVE_RULESET)


def test_reference_date_defaults_to_the_contract_start() -> None:
    assert calculate(request(), utrecht_2024()).reference_date == date(2026, 1, 1)
    given = calculate(request(reference_date=date(2026, 6, 1)), utrecht_2024())
    assert given.reference_date == date(2026, 6, 1)


def test_the_valuation_carries_the_rule_set_it_used() -> None:
    ruleset = utrecht_2024()
    assert calculate(request(), ruleset).ruleset == ruleset


def test_obligation_eur_is_the_obligation_in_euros() -> None:
    from sroi.rules.engine.calculate import obligation_eur

    # 1,000,000 x 5 / 100
    assert obligation_eur(Decimal("1000000"), Decimal("5")) == Decimal("50000.00")
