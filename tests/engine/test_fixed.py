"""fixed: round2(value x count); a date (or start) must lie in the contract period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sroi.rules.engine import Line, Reason, calculate
from tests.engine.builders import harlingen, make_contract, request

CONTRACT = make_contract("1000000", date(2026, 1, 1), date(2027, 12, 31))


@pytest.mark.parametrize(
    ("line", "value", "reason"),
    [
        # Harlingen WERKERVARINGSPLAATS 7,500 each
        (Line(block="WERKERVARINGSPLAATS"), "7500.00", None),  # no date: counts
        (Line(block="WERKERVARINGSPLAATS", count=3), "22500.00", None),  # 7,500 x 3
        (Line(block="WERKERVARINGSPLAATS", count=0), "0.00", None),
        (Line(block="WERKERVARINGSPLAATS", date=date(2026, 1, 1)), "7500.00", None),
        (Line(block="WERKERVARINGSPLAATS", date=date(2027, 12, 31)), "7500.00", None),
        (
            Line(block="WERKERVARINGSPLAATS", date=date(2028, 1, 1)),
            "0.00",
            Reason.OUTSIDE_CONTRACT_PERIOD,
        ),
        (
            Line(block="WERKERVARINGSPLAATS", date=date(2025, 12, 31), count=2),
            "0.00",
            Reason.OUTSIDE_CONTRACT_PERIOD,
        ),
        # no date: the start is used
        (
            Line(block="WERKERVARINGSPLAATS", start=date(2025, 6, 1)),
            "0.00",
            Reason.OUTSIDE_CONTRACT_PERIOD,
        ),
        # the date wins over the start
        (
            Line(block="WERKERVARINGSPLAATS", date=date(2026, 6, 1), start=date(2025, 6, 1)),
            "7500.00",
            None,
        ),
    ],
)
def test_fixed_value(line: Line, value: str, reason: Reason | None) -> None:
    (result,) = calculate(request(line, contract=CONTRACT), harlingen()).lines
    assert result.value_eur == Decimal(value)
    assert result.reason == reason
    assert result.months is None
    assert (result.counted_from, result.counted_to) == (None, None)


def test_fixed_is_explained() -> None:
    inside, outside = calculate(
        request(
            Line(block="WERKERVARINGSPLAATS", date=date(2026, 6, 1), count=2),
            Line(block="WERKERVARINGSPLAATS", date=date(2028, 1, 1)),
            contract=CONTRACT,
        ),
        harlingen(),
    ).lines
    assert inside.explanation == (
        "Werkervaringsplaats: EUR 7.500 per stuk",
        "Datum 01-06-2026 valt binnen de contractperiode",
        "Waarde: EUR 7.500 x 2 = EUR 15.000,00",
    )
    assert outside.explanation == (
        "Werkervaringsplaats: EUR 7.500 per stuk",
        "Telt niet: datum 01-01-2028 valt buiten de contractperiode 01-01-2026 t/m 31-12-2027",
        "Waarde: EUR 0,00",
    )


def test_a_fixed_line_with_a_candidate_may_count_several_items() -> None:
    # only a line with a period is one person (count 1); 7,500 x 3
    line = Line(block="WERKERVARINGSPLAATS", count=3, candidate="K-1")
    (result,) = calculate(request(line, contract=CONTRACT), harlingen()).lines
    assert result.value_eur == Decimal("22500.00")
    assert result.candidate == "K-1"
