"""Step 4: hours factor = min(hours, basis) / basis; below min_hours_per_week counts nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sroi.rules.engine import Reason, calculate
from tests.engine.builders import harlingen, placement, request, utrecht_2024


@pytest.mark.parametrize(
    ("hours", "value"),
    [
        ("36", "40000.00"),  # 40,000 x 36/36
        ("18", "20000.00"),  # 40,000 x 18/36
        ("40", "40000.00"),  # above the basis: factor 1
        ("168", "40000.00"),
        ("24", "26666.67"),  # 40,000 x 24/36 = 26,666.666...
        ("20", "22222.22"),  # 40,000 x 20/36 = 22,222.222...
        ("0", "0.00"),  # factor 0, no reason
        ("0.5", "555.56"),  # 40,000 x 0.5/36 = 555.555...
    ],
)
def test_hours_factor_scales_a_full_year(hours: str, value: str) -> None:
    # Utrecht PW, whole of 2026 (12 months), basis 36 h
    (line,) = calculate(request(placement("PW", hours)), utrecht_2024()).lines
    assert line.value_eur == Decimal(value)
    assert line.reason is None


def test_the_rule_sets_basis_hours_apply() -> None:
    ruleset = replace(utrecht_2024(), basis_hours_per_week=Decimal("40"))
    # 40,000 x 36/40 = 36,000.00
    (line,) = calculate(request(placement("PW", "36")), ruleset).lines
    assert line.value_eur == Decimal("36000.00")
    assert "Uren: 36 van 40 = factor 0,9" in line.explanation


@pytest.mark.parametrize(
    ("hours", "reason", "value"),
    [
        # Harlingen PW_LT2 35,000, minimum 12 h
        ("11.5", Reason.BELOW_MIN_HOURS, "0.00"),
        ("0", Reason.BELOW_MIN_HOURS, "0.00"),
        ("12", None, "11666.67"),  # 35,000 x 12/36 = 11,666.666...
        ("36", None, "35000.00"),
    ],
)
def test_below_min_hours_counts_nothing(hours: str, reason: Reason | None, value: str) -> None:
    (line,) = calculate(request(placement("PW_LT2", hours)), harlingen()).lines
    assert line.reason == reason
    assert line.value_eur == Decimal(value)


def test_below_min_hours_is_explained_and_has_no_counted_period() -> None:
    (line,) = calculate(request(placement("PW_LT2", "10")), harlingen()).lines
    assert line.explanation[-3:] == (
        "Uren: 10 van 36 = factor 0,2778",
        "Telt niet: 10 uur per week is minder dan het minimum van 12",
        "Waarde: EUR 0,00",
    )
    assert (line.counted_from, line.counted_to, line.months) == (None, None, Decimal("0"))
    # the cap is known all the same: 24 months from 2026-01-01
    assert line.cap_end == date(2027, 12, 31)


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        (date(2025, 6, 1), date(2026, 6, 30), Reason.STARTED_BEFORE_CONTRACT),
        (date(2028, 1, 1), date(2028, 6, 30), Reason.OUTSIDE_CONTRACT_PERIOD),
    ],
)
def test_earlier_reasons_win_over_below_min_hours(start: date, end: date, reason: Reason) -> None:
    (line,) = calculate(request(placement("PW_LT2", "10", start, end)), harlingen()).lines
    assert line.reason is reason
