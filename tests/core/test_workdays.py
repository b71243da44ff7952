"""Working days and Dutch public holidays (Algemene termijnenwet) for review deadlines."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sroi.core.workdays import (
    add_working_days,
    easter_sunday,
    is_working_day,
    kings_day,
    public_holidays,
    working_days_between,
)


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2000, date(2000, 4, 23)),
        (2008, date(2008, 3, 23)),
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter_sunday_matches_known_dates(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter


@pytest.mark.parametrize(
    ("year", "day"),
    [(2025, date(2025, 4, 26)), (2026, date(2026, 4, 27)), (2031, date(2031, 4, 26))],
)
def test_kings_day_moves_to_the_26th_when_the_27th_is_a_sunday(year: int, day: date) -> None:
    assert kings_day(year) == day


def test_public_holidays_2026_are_the_algemene_termijnenwet_list() -> None:
    assert sorted(public_holidays(2026)) == [
        date(2026, 1, 1),  # Nieuwjaarsdag
        date(2026, 4, 5),  # Eerste Paasdag
        date(2026, 4, 6),  # Tweede Paasdag
        date(2026, 4, 27),  # Koningsdag
        date(2026, 5, 5),  # Bevrijdingsdag
        date(2026, 5, 14),  # Hemelvaartsdag
        date(2026, 5, 24),  # Eerste Pinksterdag
        date(2026, 5, 25),  # Tweede Pinksterdag
        date(2026, 12, 25),
        date(2026, 12, 26),
    ]


def test_good_friday_is_a_working_day_under_the_law() -> None:
    assert is_working_day(date(2026, 4, 3))  # Goede Vrijdag 2026


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Monday + 10 working days: two weeks later.
        (date(2026, 3, 2), 10, date(2026, 3, 16)),
        # Friday + 1: the next Monday.
        (date(2026, 3, 6), 1, date(2026, 3, 9)),
        # Thursday before Easter 2026: Friday counts (Goede Vrijdag), Monday 6 April does not.
        (date(2026, 4, 2), 2, date(2026, 4, 7)),
        # Over Koningsdag (Mon 27 April 2026) and Bevrijdingsdag (Tue 5 May 2026).
        (date(2026, 4, 24), 10, date(2026, 5, 12)),
        # Over Christmas and New Year 2026/2027 (25, 26 Dec on Fri/Sat; 1 Jan on Fri).
        (date(2026, 12, 23), 6, date(2027, 1, 4)),
        # Submitted on a Saturday: the days count from the Monday.
        (date(2026, 3, 7), 1, date(2026, 3, 9)),
        # Zero: the day itself when it is a working day, else the next one.
        (date(2026, 3, 4), 0, date(2026, 3, 4)),
        (date(2026, 4, 6), 0, date(2026, 4, 7)),
    ],
)
def test_add_working_days_table(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), -1)


days = st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31))


@given(day=days, n=st.integers(min_value=1, max_value=60))
def test_the_result_is_a_working_day_n_working_days_later(day: date, n: int) -> None:
    result = add_working_days(day, n)
    assert result > day
    assert is_working_day(result)
    assert working_days_between(day, result) == n
    # No earlier day reaches n working days.
    assert working_days_between(day, result - timedelta(days=1)) == n - 1


@given(day=days, n=st.integers(min_value=0, max_value=40), m=st.integers(min_value=0, max_value=40))
def test_adding_is_monotone_and_composes(day: date, n: int, m: int) -> None:
    assert add_working_days(day, n) <= add_working_days(day, n + m)
    if n >= 1 and m >= 1:
        assert add_working_days(add_working_days(day, n), m) == add_working_days(day, n + m)


@given(year=st.integers(min_value=1900, max_value=2200))
def test_easter_is_a_sunday_between_22_march_and_25_april(year: int) -> None:
    easter = easter_sunday(year)
    assert easter.weekday() == 6
    assert date(year, 3, 22) <= easter <= date(year, 4, 25)
    assert kings_day(year).weekday() != 6
