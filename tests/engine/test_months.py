"""Step 3: months = sum over touched calendar months of days in the period / days in the month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from sroi.rules.engine import calculate
from sroi.rules.engine.periods import add_months, cap_end, month_ratio, months_before
from tests.engine.builders import (
    haaglanden,
    make_contract,
    placement,
    request,
    utrecht_2024,
)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2026, 1, 1), date(2026, 12, 31), Fraction(12)),  # a whole year: exactly 12
        (date(2024, 1, 1), date(2024, 12, 31), Fraction(12)),  # leap year too
        (date(2026, 3, 15), date(2026, 6, 30), Fraction(17, 31) + 3),  # 17/31 + Apr..Jun
        (date(2026, 2, 1), date(2026, 2, 28), Fraction(1)),
        (date(2024, 2, 1), date(2024, 2, 29), Fraction(1)),
        (date(2024, 2, 15), date(2024, 2, 29), Fraction(15, 29)),
        (date(2026, 1, 31), date(2026, 2, 1), Fraction(1, 31) + Fraction(1, 28)),
        (date(2026, 12, 15), date(2027, 1, 15), Fraction(17, 31) + Fraction(15, 31)),
        (date(2026, 4, 10), date(2026, 4, 10), Fraction(1, 30)),
        (date(2026, 1, 1), date(2027, 12, 31), Fraction(24)),
    ],
)
def test_month_ratio(start: date, end: date, months: Fraction) -> None:
    numerator, denominator = month_ratio(start, end)
    assert Fraction(numerator, denominator) == months


def test_month_ratio_refuses_an_end_before_the_start() -> None:
    with pytest.raises(ValueError, match="before start"):
        month_ratio(date(2026, 2, 2), date(2026, 2, 1))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # clamped to the last day
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2026, 3, 31), -1, date(2026, 2, 28)),  # backwards, clamped
        (date(2026, 11, 15), 2, date(2027, 1, 15)),  # over the year end
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 5, 31), 0, date(2026, 5, 31)),
        (date(2026, 1, 1), 24, date(2028, 1, 1)),
    ],
)
def test_add_months_keeps_the_day_and_clamps(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 3, 10), 12, date(2027, 3, 9)),
        (date(2026, 1, 31), 1, date(2026, 2, 27)),  # 2026-02-28 minus one day
        (date(2026, 1, 1), 24, date(2027, 12, 31)),
        (date(2026, 1, 1), None, None),  # no cap
    ],
)
def test_cap_end_is_add_months_minus_one_day(
    start: date, months: int | None, expected: date | None
) -> None:
    assert cap_end(start, months) == expected


def test_line_months_are_exact_and_round_to_four_decimals_for_display() -> None:
    (line,) = calculate(
        request(placement("WW", "18", date(2026, 3, 15), date(2026, 6, 30))), utrecht_2024()
    ).lines
    assert line.months is not None
    # 110/31 = 3.548387096774193548387096774... (28 significant digits)
    assert str(line.months) == "3.548387096774193548387096774"
    assert line.months.quantize(Decimal("0.0001")) == Decimal("3.5484")
    assert "Periode 15-03-2026 t/m 30-06-2026 = 3,5484 maanden" in line.explanation


@pytest.mark.parametrize(
    ("day", "months"),
    [(date(9999, 6, 1), 12), (date(1, 6, 1), -6)],
)
def test_add_months_refuses_to_leave_the_calendar(day: date, months: int) -> None:
    with pytest.raises(OverflowError):
        add_months(day, months)


def test_beyond_the_calendar_a_cap_or_lookback_saturates() -> None:
    assert cap_end(date(9999, 6, 1), 12) == date.max
    assert months_before(date(1, 6, 1), 12) == date.min
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)


def test_dates_at_the_edge_of_the_calendar_do_not_break_the_calculation() -> None:
    # Haaglanden: lookback 12, PW capped at 24 months. Contract from year 1: the lookback
    # saturates at date.min; a placement in 9999 has its cap beyond the calendar.
    contract = make_contract("1000", date(1, 1, 1), date(9999, 12, 31))
    first, last = calculate(
        request(
            placement("PW", "36", date(1, 1, 1), date(1, 1, 31)),
            placement("PW", "36", date(9999, 7, 1), date(9999, 12, 31)),
            contract=contract,
        ),
        haaglanden(),
    ).lines
    # 40,000 x 1 month / 12 = 3,333.33; 40,000 x 6 / 12 = 20,000.00
    assert first.value_eur == Decimal("3333.33")
    assert last.value_eur == Decimal("20000.00")
    assert last.cap_end == date.max
