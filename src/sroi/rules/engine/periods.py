"""Calendar arithmetic: adding months and counting the months of a period."""

from __future__ import annotations

from datetime import MAXYEAR, MINYEAR, date, timedelta

ONE_DAY = timedelta(days=1)
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS[month - 1]


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


def month_ratio(start: date, end: date) -> tuple[int, int]:
    """Months of the inclusive period ``start .. end`` as ``(numerator, denominator)``.

    The sum over every calendar month the period touches of
    ``days of the period in that month / days in that month``. A whole calendar month is
    exactly 1, so 1 January - 31 December is exactly 12 in any year. Only the first and the
    last month can be partial, so this is
    ``(first month's days) / d1 + whole months between + (last month's days) / d2``.
    """
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    first_length = days_in_month(start.year, start.month)
    between = (end.year - start.year) * 12 + end.month - start.month - 1
    if between < 0:  # one calendar month
        return end.day - start.day + 1, first_length
    last_length = days_in_month(end.year, end.month)
    first_days = first_length - start.day + 1
    numerator = (
        between * first_length * last_length + first_days * last_length + end.day * first_length
    )
    return numerator, first_length * last_length
