"""Custom (maatwerk) blocks: value null -> the line's agreed_value_eur takes its place."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sroi.rules.engine import Basis, Block, CalculationError, Category, Line, calculate
from tests.engine.builders import request, utrecht_2024, with_blocks

D = Decimal


def custom(code: str, basis: Basis) -> Block:
    return Block(code, f"Maatwerk {code}", f"Custom {code}", Category.CUSTOM, basis, None)


RULESET = with_blocks(
    utrecht_2024(),
    custom("MW_JAAR", Basis.PER_FTE_YEAR),
    custom("MW_MAAND", Basis.PER_MONTH),
    custom("MW_UUR", Basis.PER_HOUR),
    custom("MW_EURO", Basis.PER_EURO),
)


@pytest.mark.parametrize(
    ("line", "value"),
    [
        # fixed: agreed x count = 2,500 x 3 = 7,500.00
        (Line(block="ONTWIKKELING", agreed_value_eur=D("2500"), count=3), "7500.00"),
        # per_fte_year: agreed is the annual value; 30,000 x 18/36 x 6/12 = 7,500.00
        (
            Line(
                block="MW_JAAR",
                agreed_value_eur=D("30000"),
                hours_per_week=D("18"),
                start=date(2026, 1, 1),
                end=date(2026, 6, 30),
            ),
            "7500.00",
        ),
        # per_month: agreed per month; 500 x 2 = 1,000.00
        (
            Line(
                block="MW_MAAND",
                agreed_value_eur=D("500"),
                start=date(2026, 1, 1),
                end=date(2026, 2, 28),
            ),
            "1000.00",
        ),
        # per_hour: agreed per hour; 80 x 10 = 800.00
        (Line(block="MW_UUR", agreed_value_eur=D("80"), hours=D("10")), "800.00"),
        # per_euro: agreed is the factor; 0.5 x 1,000 = 500.00
        (Line(block="MW_EURO", agreed_value_eur=D("0.5"), amount_eur=D("1000")), "500.00"),
    ],
)
def test_agreed_value_takes_the_place_of_the_block_value(line: Line, value: str) -> None:
    (result,) = calculate(request(line), RULESET).lines
    assert result.value_eur == Decimal(value)


def test_custom_value_is_explained_as_agreed() -> None:
    line = Line(block="ONTWIKKELING", agreed_value_eur=D("2500"), count=3, date=date(2026, 5, 1))
    (result,) = calculate(request(line), utrecht_2024()).lines
    assert result.explanation == (
        "Scholing/ontwikkeling SR-medewerkers: EUR 2.500 per stuk (afgesproken waarde)",
        "Datum 01-05-2026 valt binnen de contractperiode",
        "Waarde: EUR 2.500 x 3 = EUR 7.500,00",
    )


@pytest.mark.parametrize("block", ["ONTWIKKELING", "MW_JAAR", "MW_MAAND", "MW_UUR", "MW_EURO"])
def test_a_custom_block_without_agreed_value_is_an_error(block: str) -> None:
    line = Line(
        block=block,
        hours_per_week=D("36"),
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
        hours=D("1"),
        amount_eur=D("1"),
    )
    with pytest.raises(CalculationError) as caught:
        calculate(request(line), RULESET)
    (problem,) = caught.value.problems
    assert (problem.line, problem.field, problem.code) == (0, "agreed_value_eur", "missing_field")
    assert problem.message_nl == f"Afgesproken waarde is verplicht voor bouwblok '{block}'."


def test_an_agreed_value_on_a_block_with_a_value_is_an_error() -> None:
    line = Line(block="SOCIAAL_INKOPEN", amount_eur=D("100"), agreed_value_eur=D("2"))
    with pytest.raises(CalculationError) as caught:
        calculate(request(line), utrecht_2024())
    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("agreed_value_eur", "agreed_value_not_allowed")
    ]
