"""Reporting periods of a contract (docs/monitoring.md, "Realisations and reports").

The periods follow from the contract's start date and ``Contract.reporting_interval_months``
(1, 3, 6 or 12; default 3: quarters counted from the start, not calendar quarters). Period
``n`` (0-based) runs from ``add_months(start, n * interval)`` until the day before
``add_months(start, (n + 1) * interval)``, always counted from the start date itself so a
contract starting on the 31st does not drift (31 January, 28 February, 31 March, ...). The
last period ends on the contract's end date. A period's report is due
``REPORT_DEADLINE_DAYS`` after the period ends.

A period is computed, not stored: the ``Report`` row is created when the period is first
submitted (``services_reports.report_submit``) and keeps the dates it was submitted with,
even if a coordinator changes the interval later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sroi.monitoring.constants import REPORT_DEADLINE_DAYS, REPORTING_INTERVAL_DEFAULT
from sroi.plans.models import Contract
from sroi.rules.engine.periods import ONE_DAY, add_months

# A contract of many years reported monthly: never more periods than this.
PERIODS_MAX = 12 * 50


@dataclass(frozen=True)
class Period:
    """One reporting period: ``number`` counts from 1; ``end`` is inclusive."""

    number: int
    start: date
    end: date

    @property
    def deadline(self) -> date:
        return deadline_of(self.end)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def deadline_of(period_end: date) -> date:
    return period_end + timedelta(days=REPORT_DEADLINE_DAYS)


def interval_of(contract: Contract) -> int:
    return contract.reporting_interval_months or REPORTING_INTERVAL_DEFAULT


def _period(contract: Contract, index: int) -> Period | None:
    """Period ``index`` (0-based), or None before the start or after the contract's end."""
    start_date = contract.start_date
    if start_date is None or index < 0:
        return None
    interval = interval_of(contract)
    start = add_months(start_date, index * interval)
    end = add_months(start_date, (index + 1) * interval) - ONE_DAY
    if contract.end_date is not None:
        if start > contract.end_date:
            return None
        end = min(end, contract.end_date)
    return Period(number=index + 1, start=start, end=end)


def _index_of(contract: Contract, day: date) -> int:
    """The 0-based index of the period holding ``day`` (``day`` on or after the start)."""
    assert contract.start_date is not None  # noqa: S101
    interval = interval_of(contract)
    months = (day.year - contract.start_date.year) * 12 + day.month - contract.start_date.month
    index = max(months // interval, 0)
    # add_months clamps the day of the month: step back or on by one where needed.
    while index > 0 and add_months(contract.start_date, index * interval) > day:
        index -= 1
    while add_months(contract.start_date, (index + 1) * interval) <= day:
        index += 1
    return index


def period_of(contract: Contract, day: date) -> Period | None:
    """The period holding ``day``; None without a start date, before the start or after the
    end."""
    if contract.start_date is None or day < contract.start_date:
        return None
    if contract.end_date is not None and day > contract.end_date:
        return None
    return _period(contract, _index_of(contract, day))


def period_starting(contract: Contract, start: date) -> Period | None:
    """The period that starts on ``start``, or None if no period does."""
    period = period_of(contract, start)
    return period if period is not None and period.start == start else None


def periods(contract: Contract, *, until: date | None = None) -> list[Period]:
    """The contract's periods from its start up to its end date (or, without one, up to the
    period holding ``until``). Empty without a start date."""
    last_day = contract.end_date or until
    if contract.start_date is None or last_day is None:
        return []
    result: list[Period] = []
    for index in range(PERIODS_MAX):
        period = _period(contract, index)
        if period is None or period.start > last_day:
            break
        result.append(period)
    return result


def current_period(contract: Contract, today: date) -> Period | None:
    """The period to report now: the one holding ``today``; before the start the first
    period, after the end the last one (its report is still due). None without a start
    date."""
    if contract.start_date is None:
        return None
    if today < contract.start_date:
        return _period(contract, 0)
    if contract.end_date is not None and today > contract.end_date:
        return period_of(contract, contract.end_date)
    return period_of(contract, today)
