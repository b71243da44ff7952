"""Steps 5-6: per_fte_year bonuses raise the annual value; fixed bonuses add value x count."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sroi.rules.engine import CalculationError, Reason, calculate
from tests.engine.builders import (
    haaglanden,
    make_contract,
    nhn_indicative,
    placement,
    request,
    utrecht_2024,
)


@pytest.mark.parametrize(
    ("hours", "end", "count", "bonuses", "value"),
    [
        # (40,000 + 10,000) x 36/36 x 12/12 = 50,000.00
        ("36", date(2026, 12, 31), 1, ("BONUS_50PLUS",), "50000.00"),
        # (40,000 + 10,000 + 10,000) x 18/36 x 12/12 = 30,000.00
        ("18", date(2026, 12, 31), 1, ("BONUS_50PLUS", "BONUS_VAST"), "30000.00"),
        # x 3 candidates = 90,000.00
        ("18", date(2026, 12, 31), 3, ("BONUS_50PLUS", "BONUS_VAST"), "90000.00"),
        # (40,000 + 10,000) x 18/36 x 3.5 / 12 (2026-01-01..2026-04-15: 3 + 15/30)
        # = 25,000 x 3.5 / 12 = 7,291.666... -> 7,291.67
        ("18", date(2026, 4, 15), 1, ("BONUS_VAST",), "7291.67"),
    ],
)
def test_per_fte_year_bonuses_add_to_the_annual_value(
    hours: str, end: date, count: int, bonuses: tuple[str, ...], value: str
) -> None:
    line = placement("PW", hours, date(2026, 1, 1), end, count=count, bonuses=bonuses)
    (result,) = calculate(request(line), utrecht_2024()).lines
    assert result.value_eur == Decimal(value)


@pytest.mark.parametrize(
    ("hours", "end", "count", "value"),
    [
        # Haaglanden PW 40,000 + fixed bonus 25,000 per candidate
        # 40,000 x 36/36 x 6/12 x 2 + 25,000 x 2 = 40,000 + 50,000 = 90,000.00
        ("36", date(2026, 6, 30), 2, "90000.00"),
        # the fixed bonus is not scaled by hours or months: 40,000 x 18/36 + 25,000 = 45,000.00
        ("18", date(2026, 12, 31), 1, "45000.00"),
        # count 0: nothing, fixed bonus included
        ("36", date(2026, 12, 31), 0, "0.00"),
    ],
)
def test_fixed_bonuses_add_value_times_count(hours: str, end: date, count: int, value: str) -> None:
    line = placement(
        "PW", hours, date(2026, 1, 1), end, count=count, bonuses=("BONUS_VSO_PRO_DIENST",)
    )
    (result,) = calculate(request(line), haaglanden()).lines
    assert result.value_eur == Decimal(value)


def test_a_line_with_a_reason_loses_its_fixed_bonus_too() -> None:
    # Haaglanden looks back 12 months: a 2024 start does not count at all
    line = placement(
        "PW", "36", date(2024, 6, 1), date(2026, 12, 31), bonuses=("BONUS_VSO_PRO_DIENST",)
    )
    (result,) = calculate(request(line), haaglanden()).lines
    assert result.reason is Reason.STARTED_BEFORE_CONTRACT
    assert result.value_eur == Decimal("0.00")


def test_bonuses_are_explained_with_the_formula() -> None:
    line = placement(
        "PW",
        "36",
        date(2026, 1, 1),
        date(2026, 6, 30),
        count=2,
        bonuses=("BONUS_55PLUS", "BONUS_VSO_PRO_DIENST"),
    )
    (result,) = calculate(request(line), haaglanden()).lines
    # (40,000 + 10,000) x 1 x 6 / 12 x 2 + 25,000 x 2 = 50,000 + 50,000 = 100,000.00
    assert result.explanation == (
        "Participatiewet: EUR 40.000 per voltijd jaar",
        "Bonus 55+: + EUR 10.000 per jaar",
        "Bonus dienstverband VSO/PrO na stage van minimaal 6 maanden: "
        "+ EUR 25.000 eenmalig per kandidaat",
        "Telt maximaal 24 maanden: tot en met 31-12-2027",
        "Periode 01-01-2026 t/m 30-06-2026 = 6 maanden",
        "Uren: 36 van 36 = factor 1",
        "Waarde: EUR 50.000 x 1 x 6 / 12 x 2 + EUR 25.000 x 2 = EUR 100.000,00",
    )


def test_two_bonuses_of_one_exclusive_group_are_refused() -> None:
    line = placement("WW_LT1", bonuses=("BONUS_50PLUS", "BONUS_55PLUS"))
    with pytest.raises(CalculationError) as caught:
        calculate(request(line, contract=make_contract()), nhn_indicative())
    (problem,) = caught.value.problems
    assert (problem.line, problem.field, problem.code) == (0, "bonuses", "exclusive_bonuses")
    assert problem.message_nl == (
        "Bonussen 'BONUS_50PLUS' en 'BONUS_55PLUS' horen bij dezelfde groep 'age' "
        "en mogen niet samen."
    )


def test_the_same_bonus_twice_is_refused() -> None:
    line = placement("PW", bonuses=("BONUS_VAST", "BONUS_VAST"))
    with pytest.raises(CalculationError) as caught:
        calculate(request(line), utrecht_2024())
    assert [p.code for p in caught.value.problems] == ["duplicate_bonus"]
