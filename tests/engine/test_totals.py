"""Totals: total = sum of line values; remaining = max(0, net - total); fulfilment 0.1 %."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Decimal, localcontext

import pytest

from sroi.rules.engine import Line, calculate
from tests.engine.builders import make_contract, placement, request, utrecht_2024

D = Decimal


def euro(amount: str, ref: str | None = None) -> Line:
    return Line(block="SOCIAAL_INKOPEN", amount_eur=D(amount), ref=ref)


@pytest.mark.parametrize(
    ("contract_value", "amounts", "total", "remaining", "fulfilment"),
    [
        # obligation 50,000.00; no lines: total 0.00, remaining 50,000.00, 0.0 %
        ("1000000", [], "0.00", "50000.00", "0.0"),
        # 10,000 + 20,000 = 30,000.00; remaining 20,000.00; 30,000/50,000 = 60.0 %
        ("1000000", ["10000", "20000"], "30000.00", "20000.00", "60.0"),
        # exactly met
        ("1000000", ["50000"], "50000.00", "0.00", "100.0"),
        # exceeded: remaining never negative; 60,000/50,000 = 120.0 %
        ("1000000", ["60000"], "60000.00", "0.00", "120.0"),
        # obligation 30,000.00 (600,000 x 5 %): 10,000/30,000 = 33.333... -> 33.3
        ("600000", ["10000"], "10000.00", "20000.00", "33.3"),
        # 20,000/30,000 = 66.666... -> 66.7
        ("600000", ["20000"], "20000.00", "10000.00", "66.7"),
        # obligation 100.00 (2,000 x 5 %): 0.05/100 x 100 = 0.05 % -> 0.1 (half up)
        ("2000", ["0.05"], "0.05", "99.95", "0.1"),
        # each line is rounded first: 0.005 -> 0.01 twice = 0.02 (not round2(0.01) = 0.01)
        ("2000", ["0.005", "0.005"], "0.02", "99.98", "0.0"),
    ],
)
def test_totals(
    contract_value: str, amounts: list[str], total: str, remaining: str, fulfilment: str
) -> None:
    valuation = calculate(
        request(*(euro(amount) for amount in amounts), contract=make_contract(contract_value)),
        utrecht_2024(),
    )
    assert valuation.total_eur == D(total)
    assert str(valuation.total_eur) == total  # always two decimals
    assert valuation.remaining_eur == D(remaining)
    assert str(valuation.fulfilment_pct) == fulfilment


def test_no_fulfilment_when_there_is_no_obligation() -> None:
    valuation = calculate(
        request(euro("100"), contract=make_contract("1000000", percentage="0")), utrecht_2024()
    )
    assert valuation.obligation_net_eur == D("0.00")
    assert valuation.fulfilment_pct is None
    assert valuation.remaining_eur == D("0.00")
    assert valuation.total_eur == D("100.00")


def test_lines_keep_their_order_index_and_ref() -> None:
    valuation = calculate(
        request(euro("1", ref="a"), placement("PW"), euro("2", ref="c")), utrecht_2024()
    )
    assert [(line.index, line.block, line.ref) for line in valuation.lines] == [
        (0, "SOCIAAL_INKOPEN", "a"),
        (1, "PW", None),
        (2, "SOCIAAL_INKOPEN", "c"),
    ]


def test_zero_lines_count_in_the_total_as_zero() -> None:
    # PW started before the contract (0.00) + 4,000.00 = 4,000.00
    valuation = calculate(
        request(placement("PW", "36", date(2025, 1, 1), date(2026, 12, 31)), euro("4000")),
        utrecht_2024(),
    )
    assert [line.value_eur for line in valuation.lines] == [D("0.00"), D("4000.00")]
    assert valuation.total_eur == D("4000.00")


def test_the_callers_decimal_context_does_not_matter() -> None:
    calculation = request(
        placement("PW", "36", bonuses=("BONUS_50PLUS",)),
        placement("WW", "18", date(2026, 3, 15), date(2026, 6, 30)),
        euro("4000"),
    )
    expected = calculate(calculation, utrecht_2024())
    with localcontext() as context:
        context.prec = 3
        context.rounding = ROUND_DOWN
        assert calculate(calculation, utrecht_2024()) == expected
    # 50,000.00 + 2,956.99 + 4,000.00
    assert expected.total_eur == D("56956.99")
