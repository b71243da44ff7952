"""per_euro: round2(value x amount_eur); value is a factor (1 = full invoice excl. VAT)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sroi.rules.engine import Basis, Block, CalculationError, Category, Language, Line, calculate
from tests.engine.builders import request, utrecht_2024, with_blocks

HALF = Block(
    "HALF", "Half meetellend", "Counts half", Category.PROCUREMENT, Basis.PER_EURO,
    Decimal("0.5"),
)  # fmt: skip


@pytest.mark.parametrize(
    ("block", "amount", "value"),
    [
        ("SOCIAAL_INKOPEN", "4000", "4000.00"),  # 1 x 4,000
        ("SOCIAAL_INKOPEN", "1234.565", "1234.57"),  # a tie in the third decimal: up
        ("HALF", "999.99", "500.00"),  # 0.5 x 999.99 = 499.995 -> 500.00
        ("HALF", "0", "0.00"),
    ],
)
def test_per_euro_value(block: str, amount: str, value: str) -> None:
    line = Line(block=block, amount_eur=Decimal(amount))
    (result,) = calculate(request(line), with_blocks(utrecht_2024(), HALF)).lines
    assert result.value_eur == Decimal(value)
    assert result.months is None


def test_per_euro_is_explained_in_english() -> None:
    (result,) = calculate(
        request(Line(block="SOCIAAL_INKOPEN", amount_eur=Decimal("4000"))),
        utrecht_2024(),
        language=Language.EN,
    ).lines
    assert result.explanation == (
        "Buying from social enterprises: factor 1 of the amount",
        "Value: 1 x EUR 4,000 = EUR 4,000.00",
    )


def test_per_euro_refuses_a_count() -> None:
    line = Line(block="SOCIAAL_INKOPEN", amount_eur=Decimal("4000"), count=2)
    with pytest.raises(CalculationError) as caught:
        calculate(request(line), utrecht_2024())
    assert [(p.field, p.code) for p in caught.value.problems] == [("count", "count_not_applicable")]
