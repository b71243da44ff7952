"""per_month: round2(value x months x count), with the placement period, cap and eligibility."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sroi.rules.engine import Basis, Block, Category, Line, Reason, calculate
from tests.engine.builders import make_contract, oost_nederland, request, with_blocks

D = Decimal
CAPPED = Block(
    "PROEFPLAATSING_3M",
    "Proefplaatsing (max. 3 maanden)",
    "Trial placement (max. 3 months)",
    Category.WORK_EXPERIENCE,
    Basis.PER_MONTH,
    D("750"),
    max_duration_months=3,
)


def month_line(
    start: date, end: date, count: int = 1, block: str = "WERKERVARINGSPLEK", hours: str = ""
) -> Line:
    return Line(
        block=block,
        start=start,
        end=end,
        count=count,
        hours_per_week=D(hours) if hours else None,
    )


@pytest.mark.parametrize(
    ("line", "value", "reason"),
    [
        # 750 x 6 = 4,500.00
        (month_line(date(2026, 1, 1), date(2026, 6, 30)), "4500.00", None),
        # 750 x (17/31 + 3) x 2 = 165,000/31 = 5,322.580... -> 5,322.58
        (month_line(date(2026, 3, 15), date(2026, 6, 30), count=2), "5322.58", None),
        # no hours factor: 18 hours a week still 750 x 6
        (month_line(date(2026, 1, 1), date(2026, 6, 30), hours="18"), "4500.00", None),
        # cap 3 months from 2026-02-15: cap_end 2026-05-14
        # 14/28 + 1 + 1 + 14/31 months; 750 x (2.5 + 14/31) = 1,875 + 338.709... = 2,213.71
        (
            month_line(date(2026, 2, 15), date(2026, 12, 31), block="PROEFPLAATSING_3M"),
            "2213.71",
            None,
        ),
        (
            month_line(date(2025, 12, 1), date(2026, 6, 30)),
            "0.00",
            Reason.STARTED_BEFORE_CONTRACT,
        ),
        (
            month_line(date(2028, 1, 1), date(2028, 6, 30)),
            "0.00",
            Reason.OUTSIDE_CONTRACT_PERIOD,
        ),
    ],
)
def test_per_month_value(line: Line, value: str, reason: Reason | None) -> None:
    (result,) = calculate(
        request(line, contract=make_contract()), with_blocks(oost_nederland(), CAPPED)
    ).lines
    assert result.value_eur == Decimal(value)
    assert result.reason == reason


def test_per_month_is_explained() -> None:
    (result,) = calculate(
        request(month_line(date(2026, 3, 15), date(2026, 6, 30), count=2)), oost_nederland()
    ).lines
    assert result.explanation == (
        "Werkervaringsplek / proefplaatsing: EUR 750 per maand",
        "Periode 15-03-2026 t/m 30-06-2026 = 3,5484 maanden",
        "Waarde: EUR 750 x 3,5484 x 2 = EUR 5.322,58",
    )
    assert (result.counted_from, result.counted_to) == (date(2026, 3, 15), date(2026, 6, 30))
