"""Step 2: counted period = [max(start, contract start), min(end, contract end, cap_end)]."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sroi.rules.engine import Reason, calculate
from tests.engine.builders import make_contract, nhn_indicative, placement, request, utrecht_2024

# NHN WW_LT1: EUR 15,000 per full-time year, counts at most 12 months.
CONTRACT = make_contract("600000", date(2026, 1, 1), date(2027, 6, 30))


@pytest.mark.parametrize(
    ("start", "end", "cap_end", "counted", "months", "value", "cuts"),
    [
        # crosses the cap: cap_end = 2027-03-10 - 1 day; 22/31 + 9 + 2 + 9/31 = 12 months
        # 15,000 x 12 / 12 = 15,000.00
        (date(2026, 3, 10), date(2027, 12, 31), date(2027, 3, 9),
         (date(2026, 3, 10), date(2027, 3, 9)), "12", "15000.00", True),
        # day 31 clamps: add_months(2026-01-31, 12) = 2027-01-31, cap_end 2027-01-30
        # 1/31 + 11 + 30/31 = 12 months -> 15,000.00
        (date(2026, 1, 31), date(2027, 12, 31), date(2027, 1, 30),
         (date(2026, 1, 31), date(2027, 1, 30)), "12", "15000.00", True),
        # ends exactly on the cap's last day: the cap cuts nothing
        (date(2026, 1, 1), date(2026, 12, 31), date(2026, 12, 31),
         (date(2026, 1, 1), date(2026, 12, 31)), "12", "15000.00", False),
        # ends before the cap: 6 months, 15,000 x 6 / 12 = 7,500.00
        (date(2026, 1, 1), date(2026, 6, 30), date(2026, 12, 31),
         (date(2026, 1, 1), date(2026, 6, 30)), "6", "7500.00", False),
        # contract ends before the cap: 2026-09-01..2027-06-30 = 10 months -> 12,500.00
        (date(2026, 9, 1), date(2027, 12, 31), date(2027, 8, 31),
         (date(2026, 9, 1), date(2027, 6, 30)), "10", "12500.00", False),
    ],
)  # fmt: skip
def test_counted_period_is_cut_by_end_contract_end_and_cap(
    start: date,
    end: date,
    cap_end: date,
    counted: tuple[date, date],
    months: str,
    value: str,
    cuts: bool,
) -> None:
    (line,) = calculate(
        request(placement("WW_LT1", "36", start, end), contract=CONTRACT), nhn_indicative()
    ).lines
    assert line.cap_end == cap_end
    assert (line.counted_from, line.counted_to) == counted
    assert line.months == Decimal(months)
    assert line.value_eur == Decimal(value)
    assert line.reason is None
    assert line.cap_cuts is cuts


def test_a_period_after_the_contract_does_not_count() -> None:
    (line,) = calculate(
        request(placement("WW_LT1", "36", date(2027, 7, 1), date(2027, 12, 31)), contract=CONTRACT),
        nhn_indicative(),
    ).lines
    assert line.reason is Reason.OUTSIDE_CONTRACT_PERIOD
    assert line.value_eur == Decimal("0.00")
    assert (line.counted_from, line.counted_to) == (None, None)
    # the UI can still say until when the candidate would have counted
    assert line.cap_end == date(2028, 6, 30)
    assert line.cap_cuts is False
    assert (
        "Telt niet: 01-07-2027 t/m 31-12-2027 valt buiten de contractperiode "
        "01-01-2026 t/m 30-06-2027"
    ) in line.explanation


def test_a_cap_that_ends_before_the_contract_start_leaves_nothing() -> None:
    # lookback 12 makes a 2025 start eligible, but the 12-month cap ends 2025-12-31
    ruleset = replace(nhn_indicative(), lookback_months=12)
    (line,) = calculate(
        request(placement("WW_LT1", "36", date(2025, 1, 1), date(2026, 12, 31)), contract=CONTRACT),
        ruleset,
    ).lines
    assert line.reason is Reason.OUTSIDE_CONTRACT_PERIOD
    assert line.cap_end == date(2025, 12, 31)
    assert (
        "Telt niet: 01-01-2025 t/m 31-12-2025 valt buiten de contractperiode "
        "01-01-2026 t/m 30-06-2027"
    ) in line.explanation


def test_without_cap_there_is_no_cap_end() -> None:
    (line,) = calculate(request(placement("PW")), utrecht_2024()).lines
    assert line.cap_end is None
    assert not any(step.startswith("Telt maximaal") for step in line.explanation)


def test_a_single_day_counts_as_a_fraction_of_its_month() -> None:
    # 2026-02-10..2026-02-10 = 1/28 month; 40,000 x (1/28) / 12 = 119.047... -> 119.05
    (line,) = calculate(
        request(placement("PW", "36", date(2026, 2, 10), date(2026, 2, 10))), utrecht_2024()
    ).lines
    assert line.value_eur == Decimal("119.05")
    assert (line.counted_from, line.counted_to) == (date(2026, 2, 10), date(2026, 2, 10))


def test_the_cap_is_explained() -> None:
    (line,) = calculate(
        request(
            placement("WW_LT1", "36", date(2026, 3, 10), date(2027, 12, 31)), contract=CONTRACT
        ),
        nhn_indicative(),
    ).lines
    assert line.explanation[:3] == (
        "WW < 1 jaar (minimaal 3 maanden): EUR 15.000 per voltijd jaar",
        "Telt maximaal 12 maanden: tot en met 09-03-2027",
        "Periode 10-03-2026 t/m 09-03-2027 = 12 maanden",
    )
