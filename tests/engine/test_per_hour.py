"""per_hour: round2(value x hours). The line holds the total hours; count is not used."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sroi.rules.engine import Basis, Block, CalculationError, Category, Line, calculate
from tests.engine.builders import request, utrecht_2024, with_blocks

HALF_HOURLY = Block(
    "UUR_37_5", "Inzet tegen 37,50", "Effort at 37.50", Category.SOCIAL_ACTIVITY,
    Basis.PER_HOUR, Decimal("37.5"),
)  # fmt: skip


@pytest.mark.parametrize(
    ("block", "hours", "value"),
    [
        ("SCHOLING_KENNIS", "12.5", "1250.00"),  # 100 x 12.5
        ("SCHOLING_KENNIS", "0", "0.00"),
        ("SCHOLING_KENNIS", "0.333", "33.30"),  # 100 x 0.333
        ("UUR_37_5", "0.333", "12.49"),  # 37.5 x 0.333 = 12.4875 -> 12.49
        ("UUR_37_5", "0.3332", "12.50"),  # 37.5 x 0.3332 = 12.495 (tie) -> 12.50
    ],
)
def test_per_hour_value(block: str, hours: str, value: str) -> None:
    line = Line(block=block, hours=Decimal(hours))
    (result,) = calculate(request(line), with_blocks(utrecht_2024(), HALF_HOURLY)).lines
    assert result.value_eur == Decimal(value)
    assert result.months is None


def test_per_hour_is_explained() -> None:
    (result,) = calculate(
        request(Line(block="SCHOLING_KENNIS", hours=Decimal("12.5"))), utrecht_2024()
    ).lines
    assert result.explanation == (
        "Scholing, kennis of middelen: EUR 100 per uur",
        "Waarde: EUR 100 x 12,5 uur = EUR 1.250,00",
    )


def test_per_hour_refuses_a_count() -> None:
    line = Line(block="SCHOLING_KENNIS", hours=Decimal("10"), count=3)
    with pytest.raises(CalculationError) as caught:
        calculate(request(line), utrecht_2024())
    (problem,) = caught.value.problems
    assert (problem.line, problem.field, problem.code) == (0, "count", "count_not_applicable")
    assert problem.message_nl == (
        "Aantal kan niet bij bouwblok 'SCHOLING_KENNIS'; vul het totaal in bij uren."
    )
