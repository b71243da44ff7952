"""One rounding rule: half up (away from zero on a tie), to cents, 0.1 % or 0.0001 month."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sroi.rules.engine.money import Number, half_up, round2, round_months, to_decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("2956.98924"), "2956.99"),
        (Decimal("0.005"), "0.01"),  # tie: up
        (Decimal("0.0049"), "0.00"),
        (Decimal("1.115"), "1.12"),
        (Decimal("-1.115"), "-1.12"),  # tie away from zero, as ROUND_HALF_UP
        (Decimal("50000"), "50000.00"),
        (Fraction(1, 3), "0.33"),
        (Fraction(2, 3), "0.67"),
        (Fraction(10000 * 110, 31 * 12), "2956.99"),  # the worked example's line 1
        (7, "7.00"),
    ],
)
def test_round2(value: Number, expected: str) -> None:
    result = round2(value)
    assert result == Decimal(expected)
    assert str(result) == expected  # always exactly two decimals


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(5695699, 50000), "113.9"),  # 56,956.99 / 50,000 x 100 = 113.91398
        (Decimal("0.05"), "0.1"),  # tie: up
        (Decimal("88.88"), "88.9"),
        (Decimal("100"), "100.0"),
    ],
)
def test_half_up_to_one_decimal(value: Number, expected: str) -> None:
    units = half_up(*value.as_integer_ratio(), 1)
    assert f"{units // 10}.{units % 10}" == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(110, 31), "3.5484"),
        (Fraction(12), "12.0000"),
        (Fraction(1, 20000), "0.0001"),  # 0.00005: tie, up
    ],
)
def test_round_months(value: Number, expected: str) -> None:
    assert str(round_months(value)) == expected


def test_to_decimal_is_exact_when_the_ratio_terminates() -> None:
    assert to_decimal(12, 1) == Decimal("12")
    assert to_decimal(14, 4) == Decimal("3.5")
    assert str(to_decimal(1, 3)) == "0." + "3" * 28


@given(
    st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False, places=6)
)
def test_round2_equals_decimal_quantize_half_up(value: Decimal) -> None:
    assert round2(value) == value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
