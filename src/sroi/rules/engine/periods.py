"""Calendar arithmetic: adding months and counting the months of a period."""

from __future__ import annotations

from calendar import monthrange
from datetime import MAXYEAR, MINYEAR, date, timedelta
from fractions import Fraction

ONE_DAY = timedelta(days=1)


def days_in_month(year: int, month: int) -> int:
    return monthrange(year, month)[1]


def add_months(day: date, months: int) -> date:
    """Keep the day of the month, clamped to the month's last day.

    ``add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)``; ``months`` may be negative.
    Raises ``OverflowError`` when the result lies outside the calendar (years 1-9999).
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if not MINYEAR <= year <= MAXYEAR:
        raise OverflowError(f"{day} + {months} months lies outside the calendar")
    return date(year, month, min(day.day, days_in_month(year, month)))


def months_before(day: date, months: int) -> date:
    """``add_months(day, -months)``, or the first day of the calendar if that lies before it."""
    try:
        return add_months(day, -months)
    except OverflowError:
        return date.min


def cap_end(start: date, max_duration_months: int | None) -> date | None:
    """Last day a placement counts under a cap: ``add_months(start, max) - 1 day``.

    ``None`` without a cap; the last day of the calendar when the cap lies beyond it.
    """
    if max_duration_months is None:
        return None
    try:
        return add_months(start, max_duration_months) - ONE_DAY
    except OverflowError:
        return date.max


def month_fraction(start: date, end: date) -> Fraction:
    """Months of the inclusive period ``start .. end``.

    The sum over every calendar month the period touches of
    ``days of the period in that month / days in that month``. A whole calendar month is
    exactly 1, so 1 January - 31 December is exactly 12 in any year.
    """
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    total = Fraction(0)
    cursor = start
    while True:
        length = days_in_month(cursor.year, cursor.month)
        last = min(end, cursor.replace(day=length))
        total += Fraction(last.day - cursor.day + 1, length)
        if last == end:
            return total
        cursor = last + ONE_DAY
