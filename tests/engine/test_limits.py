"""The engine refuses numbers beyond the limits of ``sroi.rules.engine.limits``, by comparison.

An amount the database cannot store (more than EUR 100 billion), a count above 10,000 or an
absurd exponent is a problem at its field, never an overflow in the output nor minutes of
arithmetic.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from sroi.rules.engine import CalculationError, Contract, Language, Line, calculate
from sroi.rules.engine.limits import (
    AMOUNT_EUR,
    HOURS,
    PERCENTAGE,
    DecimalLimit,
    IntegerLimit,
    number_text_is_oversized,
)
from tests.engine.builders import make_contract, placement, request, utrecht_2024

D = Decimal
HUGE = D("1E+999999999")  # valid JSON; its integer ratio has a billion digits


def problems(calculation: object, language: Language = Language.NL) -> list[tuple[object, ...]]:
    with pytest.raises(CalculationError) as caught:
        calculate(calculation, utrecht_2024(), language=language)  # type: ignore[arg-type]
    return [(p.line, p.field, p.code, p.message_nl) for p in caught.value.problems]


def test_contract_value_above_the_column_is_refused() -> None:
    assert problems(request(contract=make_contract(value="100000000000.01"))) == [
        (
            None,
            "contract.value_eur",
            "too_large",
            "Opdrachtwaarde mag ten hoogste 100.000.000.000 zijn.",
        )
    ]


def test_the_maximum_amount_itself_is_valued() -> None:
    valuation = calculate(request(contract=make_contract(value="100000000000")), utrecht_2024())
    assert valuation.obligation_eur == D("5000000000.00")


def test_an_absurd_exponent_is_refused_without_arithmetic() -> None:
    calculation = request(
        Line("SOCIAAL_INKOPEN", amount_eur=HUGE),
        contract=Contract(HUGE, make_contract().start, make_contract().end, HUGE),
    )
    found = problems(calculation)
    assert [(line, field, code) for line, field, code, _ in found] == [
        (None, "contract.value_eur", "too_large"),
        (None, "contract.sroi_percentage", "percentage_out_of_range"),
        (0, "amount_eur", "too_large"),
    ]
    assert "1E+999999999" in found[1][3]


@pytest.mark.parametrize(
    ("line", "field"),
    [
        (Line("SCHOLING_KENNIS", hours=D("1000000.01")), "hours"),
        (Line("SOCIAAL_INKOPEN", amount_eur=D("100000000001")), "amount_eur"),
        (placement(count=10_001), "count"),
    ],
)
def test_line_numbers_above_their_limit_are_refused(line: Line, field: str) -> None:
    codes = [(f, code) for _, f, code, _ in problems(request(line)) if code == "too_large"]
    assert codes == [(field, "too_large")]


def test_custom_agreed_value_above_the_limit_is_refused() -> None:
    line = Line("ONTWIKKELING", agreed_value_eur=D("1E+30"))
    found = [(f, code) for _, f, code, _ in problems(request(line))]
    assert ("agreed_value_eur", "too_large") in found


def test_hours_per_week_keep_their_own_message() -> None:
    found = problems(request(placement(hours="169")), Language.EN)
    codes = [(f, code) for _, f, code, _ in found]
    assert codes == [("hours_per_week", "hours_per_week_above_168")]


def test_negative_percentage_shows_the_value() -> None:
    contract = make_contract(percentage="-1E+40")
    assert problems(request(contract=contract))[0][2:] == (
        "percentage_out_of_range",
        "SROI-percentage (-1E+40) moet tussen 0 en 100 liggen.",
    )


def test_limits_fit_their_columns() -> None:
    assert AMOUNT_EUR.admits(D("100000000000.00"))
    assert not AMOUNT_EUR.admits(D("NaN"))
    assert PERCENTAGE.has_too_many_decimals(D("2.555"))
    assert not PERCENTAGE.has_too_many_decimals(D("2.55"))
    assert not HOURS.has_too_many_decimals(D("NaN"))
    assert IntegerLimit(1, 3).admits(2)
    with pytest.raises(ValueError, match="does not fit"):
        DecimalLimit(D("0"), D("1000"), 2, 5)


@pytest.mark.parametrize(
    ("text", "oversized"),
    [
        ("12.50", False),
        ("1e20", False),
        ("1E-20", False),
        ("1e21", True),
        ("1e-999999999", True),
        ("1e999999999", True),
        ("1" * 31, True),
        ("1" * 30, False),
    ],
)
def test_number_text_is_oversized(text: str, oversized: bool) -> None:
    assert number_text_is_oversized(text) is oversized
