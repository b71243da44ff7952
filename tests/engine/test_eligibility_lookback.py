"""Step 1: a placement counts only if start >= contract start - lookback_months."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sroi.rules.engine import Reason, calculate
from tests.engine.builders import make_contract, placement, request, utrecht_2024

JAN_2026 = make_contract("1000000", date(2026, 1, 1), date(2027, 12, 31))


@pytest.mark.parametrize(
    ("lookback", "start", "end", "reason", "counted_from", "value"),
    [
        # no lookback, starts on the contract start: 40,000 x 12 / 12 = 40,000.00
        (0, date(2026, 1, 1), date(2026, 12, 31), None, date(2026, 1, 1), "40000.00"),
        # no lookback, one day early: does not count
        (0, date(2025, 12, 31), date(2026, 12, 31), Reason.STARTED_BEFORE_CONTRACT, None, "0.00"),
        # 12 months back: earliest 2025-01-01 -> counts from the contract start, 12 months
        (12, date(2025, 1, 1), date(2026, 12, 31), None, date(2026, 1, 1), "40000.00"),
        (12, date(2024, 12, 31), date(2026, 12, 31), Reason.STARTED_BEFORE_CONTRACT, None, "0.00"),
        # 3 months back: earliest 2025-10-01; counted 2026-01-01..2026-03-31 = 3 months
        # 40,000 x 3 / 12 = 10,000.00
        (3, date(2025, 10, 15), date(2026, 3, 31), None, date(2026, 1, 1), "10000.00"),
    ],
)
def test_lookback_decides_whether_an_early_start_counts(
    lookback: int,
    start: date,
    end: date,
    reason: Reason | None,
    counted_from: date | None,
    value: str,
) -> None:
    ruleset = replace(utrecht_2024(), lookback_months=lookback)
    (line,) = calculate(
        request(placement("PW", "36", start, end), contract=JAN_2026), ruleset
    ).lines
    assert line.reason == reason
    assert line.counted_from == counted_from
    assert line.value_eur == Decimal(value)


def test_lookback_months_are_calendar_months_clamped_to_the_month_end() -> None:
    # contract start 2026-03-31, 1 month back = 2026-02-28 (no 31 February)
    ruleset = replace(utrecht_2024(), lookback_months=1)
    contract = make_contract("1000000", date(2026, 3, 31), date(2026, 12, 31))
    late, early = calculate(
        request(
            placement("PW", "36", date(2026, 2, 28), date(2026, 4, 30)),
            placement("PW", "36", date(2026, 2, 27), date(2026, 4, 30)),
            contract=contract,
        ),
        ruleset,
    ).lines
    # counted 2026-03-31..2026-04-30 = 1/31 + 1 = 32/31 months
    # 40,000 x 32/31 / 12 = 3,440.860... -> 3,440.86
    assert late.reason is None
    assert late.value_eur == Decimal("3440.86")
    assert early.reason is Reason.STARTED_BEFORE_CONTRACT


def test_started_before_contract_wins_over_outside_the_period() -> None:
    # starts and ends before the contract: both reasons apply, the first in order wins
    (line,) = calculate(
        request(placement("PW", "36", date(2025, 1, 1), date(2025, 6, 30)), contract=JAN_2026),
        utrecht_2024(),
    ).lines
    assert line.reason is Reason.STARTED_BEFORE_CONTRACT
    assert line.value_eur == Decimal("0.00")
    assert line.months == Decimal("0")
    assert (line.counted_from, line.counted_to) == (None, None)


def test_an_eligible_early_start_is_explained() -> None:
    ruleset = replace(utrecht_2024(), lookback_months=12)
    (line,) = calculate(
        request(placement("PW", "36", date(2025, 6, 1), date(2026, 6, 30)), contract=JAN_2026),
        ruleset,
    ).lines
    assert "Gestart op 01-06-2025, vóór de contractstart: telt vanaf 01-01-2026" in (
        line.explanation
    )


def test_an_ineligible_start_is_explained() -> None:
    (line,) = calculate(
        request(placement("PW", "36", date(2025, 6, 1), date(2026, 6, 30)), contract=JAN_2026),
        utrecht_2024(),
    ).lines
    assert line.explanation == (
        "Participatiewet: EUR 40.000 per voltijd jaar",
        "Telt niet: gestart op 01-06-2025, vóór 01-01-2026 (de vroegste startdatum die meetelt)",
        "Waarde: EUR 0,00",
    )
