"""PSO discount = round2(obligation x pso_discount_pct[level] / 100); net = obligation - it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sroi.rules.engine import PsoLevel, RuleSet, calculate, obligation_net_eur
from tests.engine.builders import make_contract, placement, request, utrecht_2024


def with_discounts() -> RuleSet:
    # A hypothetical rule set: no shipped table gives a PSO discount (all 0 or none).
    return replace(
        utrecht_2024(),
        pso_discount_pct=(
            (PsoLevel.TREDE_1, Decimal("10")),
            (PsoLevel.TREDE_2, Decimal("15")),
            (PsoLevel.TREDE_3, Decimal("33.33")),
            (PsoLevel.PSO_30PLUS, Decimal("100")),
        ),
    )


@pytest.mark.parametrize(
    ("value", "level", "discount", "net"),
    [
        # 1,000,000 -> obligation 50,000.00; no level -> no discount
        ("1000000", None, "0.00", "50000.00"),
        # aspirant is not in the map -> 0 %
        ("1000000", PsoLevel.ASPIRANT, "0.00", "50000.00"),
        # 50,000.00 x 10 / 100 = 5,000.00; net 45,000.00
        ("1000000", PsoLevel.TREDE_1, "5000.00", "45000.00"),
        # 50,000.00 x 33.33 / 100 = 16,665.00; net 33,335.00
        ("1000000", PsoLevel.TREDE_3, "16665.00", "33335.00"),
        # 1,234,567 x 5 / 100 = 61,728.35; x 15 / 100 = 9,259.2525 -> 9,259.25; net 52,469.10
        ("1234567", PsoLevel.TREDE_2, "9259.25", "52469.10"),
        # 123,456.78 -> 6,172.84; x 10 / 100 = 617.284 -> 617.28; net 5,555.56
        ("123456.78", PsoLevel.TREDE_1, "617.28", "5555.56"),
        # 100 % discount: net 0
        ("1000000", PsoLevel.PSO_30PLUS, "50000.00", "0.00"),
    ],
)
def test_pso_discount_is_taken_off_the_obligation(
    value: str, level: PsoLevel | None, discount: str, net: str
) -> None:
    valuation = calculate(request(contract=make_contract(value), pso_level=level), with_discounts())
    assert valuation.pso_discount_eur == Decimal(discount)
    assert valuation.obligation_net_eur == Decimal(net)
    assert valuation.obligation_eur - valuation.pso_discount_eur == valuation.obligation_net_eur


@pytest.mark.parametrize("value", ["1000000", "1234567", "123456.78", "0.01", "999999999.99", "7"])
@pytest.mark.parametrize("level", [None, *PsoLevel])
def test_obligation_net_eur_is_the_valuations_net_obligation(
    value: str, level: PsoLevel | None
) -> None:
    """The agreements compute the net obligation from a stored gross obligation: the same."""
    ruleset = with_discounts()
    valuation = calculate(request(contract=make_contract(value), pso_level=level), ruleset)
    assert (
        obligation_net_eur(valuation.obligation_eur, ruleset.pso_discount(level))
        == valuation.obligation_net_eur
    )


def test_remaining_and_fulfilment_use_the_net_obligation() -> None:
    # net 45,000.00 (trede 1); PW 40,000 x 36/36 x 12/12 = 40,000.00
    valuation = calculate(
        request(
            placement("PW", "36", date(2026, 1, 1), date(2026, 12, 31)), pso_level=PsoLevel.TREDE_1
        ),
        with_discounts(),
    )
    assert valuation.total_eur == Decimal("40000.00")
    # 45,000.00 - 40,000.00 = 5,000.00
    assert valuation.remaining_eur == Decimal("5000.00")
    # 40,000 / 45,000 x 100 = 88.888... -> 88.9
    assert valuation.fulfilment_pct == Decimal("88.9")


def test_full_discount_leaves_no_fulfilment_percentage() -> None:
    valuation = calculate(request(pso_level=PsoLevel.PSO_30PLUS), with_discounts())
    assert valuation.obligation_net_eur == Decimal("0.00")
    assert valuation.fulfilment_pct is None
    assert valuation.remaining_eur == Decimal("0.00")


def test_discount_is_explained_in_dutch() -> None:
    valuation = calculate(request(pso_level=PsoLevel.TREDE_1), with_discounts())
    assert valuation.obligation_explanation == (
        "Verplichting: 5 % van EUR 1.000.000 = EUR 50.000,00",
        "Korting PSO trede 1: 10 % van EUR 50.000,00 = EUR 5.000,00",
        "Verplichting na korting: EUR 45.000,00",
    )


def test_without_level_only_the_obligation_is_explained() -> None:
    valuation = calculate(request(), with_discounts())
    assert valuation.obligation_explanation == (
        "Verplichting: 5 % van EUR 1.000.000 = EUR 50.000,00",
    )
