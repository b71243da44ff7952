"""Working days in the Netherlands, for deadlines (pure Python: no Django, no clock).

A deadline "N working days after" a day counts the days on which a period under Dutch law
may end: not a Saturday, not a Sunday and not a public holiday of the **Algemene
termijnenwet** (art. 3), the law that extends statutory periods ending on such a day. Its
list is what counts here:

- Nieuwjaarsdag (1 January)
- Tweede Paasdag (Easter Monday)
- Koningsdag (27 April, or 26 April when the 27th falls on a Sunday)
- Bevrijdingsdag (5 May)
- Hemelvaartsdag (Ascension Day, Easter + 39 days)
- Tweede Pinksterdag (Whit Monday, Easter + 50 days)
- Eerste en Tweede Kerstdag (25 and 26 December)

Goede Vrijdag (Good Friday) is deliberately NOT a holiday here: the Algemene termijnenwet
does not list it (many employers give the day off, the law does not). Eerste Paasdag and
Eerste Pinksterdag are Sundays and so never working days anyway; they are listed by
``public_holidays`` for completeness. Bevrijdingsdag is in the law's list every year (not
only every fifth year, as in some collective agreements).

Easter Sunday comes from the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


def easter_sunday(year: int) -> date:
    """Easter Sunday of ``year`` in the Gregorian calendar (anonymous algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def kings_day(year: int) -> date:
    """Koningsdag: 27 April, or 26 April when the 27th is a Sunday."""
    day = date(year, 4, 27)
    return day - timedelta(days=1) if day.weekday() == 6 else day


@lru_cache(maxsize=256)
def public_holidays(year: int) -> frozenset[date]:
    """The public holidays of the Algemene termijnenwet in ``year`` (plus Easter Sunday and
    Whit Sunday, which are Sundays). Goede Vrijdag is not one (see the module docstring)."""
    easter = easter_sunday(year)
    return frozenset(
        {
            date(year, 1, 1),  # Nieuwjaarsdag
            easter,  # Eerste Paasdag (a Sunday)
            easter + timedelta(days=1),  # Tweede Paasdag
            kings_day(year),  # Koningsdag
            date(year, 5, 5),  # Bevrijdingsdag
            easter + timedelta(days=39),  # Hemelvaartsdag
            easter + timedelta(days=49),  # Eerste Pinksterdag (a Sunday)
            easter + timedelta(days=50),  # Tweede Pinksterdag
            date(year, 12, 25),  # Eerste Kerstdag
            date(year, 12, 26),  # Tweede Kerstdag
        }
    )


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(day: date, n: int) -> date:
    """The ``n``-th working day after ``day`` (``day`` itself never counts).

    ``add_working_days(friday, 1)`` is the next Monday (unless that is a holiday); ``n = 0``
    gives ``day`` itself when it is a working day, else the next working day. ``n`` may not
    be negative.
    """
    if n < 0:
        raise ValueError("n must be zero or more")
    if n == 0:
        while not is_working_day(day):
            day += timedelta(days=1)
        return day
    while n:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """The number of working days after ``start`` up to and including ``end`` (0 if
    ``end <= start``): the inverse of ``add_working_days`` for ``n >= 1``."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
