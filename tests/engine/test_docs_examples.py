"""The worked examples of docs/rekenregels.md, section 8, to the cent."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sroi.rules.engine import (
    CalculationError,
    Line,
    PsoLevel,
    Reason,
    WarningCode,
    calculate,
)
from tests.engine.builders import (
    haaglanden,
    harlingen,
    make_contract,
    nhn_indicative,
    oost_nederland,
    placement,
    request,
    utrecht_2024,
)

D = Decimal
CONTRACT_2026_2027 = make_contract("1000000", date(2026, 1, 1), date(2027, 12, 31))


def test_8_1_the_rekenregels_example() -> None:
    valuation = calculate(
        request(
            placement("PW", "36", date(2026, 1, 1), date(2026, 12, 31), bonuses=("BONUS_50PLUS",)),
            placement("WW", "18", date(2026, 3, 15), date(2026, 6, 30)),
            Line(block="SOCIAAL_INKOPEN", amount_eur=D("4000")),
            contract=CONTRACT_2026_2027,
        ),
        utrecht_2024(),
    )
    # (40,000 + 10,000) x 1 x 12/12 = 50,000.00; 20,000 x 0.5 x 110/31 / 12 = 2,956.99;
    # 1 x 4,000 = 4,000.00
    assert [line.value_eur for line in valuation.lines] == [
        D("50000.00"),
        D("2956.99"),
        D("4000.00"),
    ]
    # 56,956.99; remaining 0.00; 56,956.99 / 50,000 x 100 = 113.9
    assert (valuation.total_eur, valuation.remaining_eur, valuation.fulfilment_pct) == (
        D("56956.99"),
        D("0.00"),
        D("113.9"),
    )
    assert valuation.lines[1].explanation == (
        "WW-uitkering: EUR 20.000 per voltijd jaar",
        "Periode 15-03-2026 t/m 30-06-2026 = 3,5484 maanden",
        "Uren: 18 van 36 = factor 0,5",
        "Waarde: EUR 20.000 x 0,5 x 3,5484 / 12 = EUR 2.956,99",
    )


def test_8_2_a_capped_placement_stops_counting_at_cap_end() -> None:
    valuation = calculate(
        request(
            placement("WW_LT1", "24", date(2026, 3, 10), date(2027, 12, 31)),
            contract=make_contract("600000", date(2026, 1, 1), date(2027, 6, 30)),
        ),
        nhn_indicative(),
    )
    (line,) = valuation.lines
    # 600,000 x 5 / 100 = 30,000.00
    assert valuation.obligation_eur == D("30000.00")
    # cap_end = 2027-03-10 - 1 day; months 22/31 + 9 + 2 + 9/31 = 12
    assert line.cap_end == date(2027, 3, 9)
    assert (line.counted_from, line.counted_to) == (date(2026, 3, 10), date(2027, 3, 9))
    assert line.months == D("12")
    # 15,000 x 24/36 x 12 / 12 = 10,000.00
    assert line.value_eur == D("10000.00")
    # remaining 30,000 - 10,000 = 20,000.00; 10,000 / 30,000 x 100 = 33.3
    assert valuation.remaining_eur == D("20000.00")
    assert valuation.fulfilment_pct == D("33.3")
    assert valuation.warnings == (WarningCode.INDICATIVE_RULESET,)


def test_8_3_a_part_month_start() -> None:
    (line,) = calculate(
        request(
            placement("PW", "36", date(2026, 2, 10), date(2026, 12, 31)),
            contract=CONTRACT_2026_2027,
        ),
        utrecht_2024(),
    ).lines
    # 19/28 + 10 = 299/28 = 10.678571... months
    assert line.months is not None
    assert line.months.quantize(D("0.0001")) == D("10.6786")
    # 40,000 x 299/28 / 12 = 35,595.238... -> 35,595.24
    assert line.value_eur == D("35595.24")


def test_8_4_lookback_lets_an_earlier_start_count_from_the_contract_start() -> None:
    counted, early = calculate(
        request(
            placement("PW", "36", date(2025, 4, 1), date(2027, 12, 31)),
            placement("PW", "36", date(2024, 12, 1), date(2027, 12, 31)),
            contract=CONTRACT_2026_2027,
        ),
        haaglanden(),
    ).lines
    # eligible from 2025-01-01; cap_end 2027-04-01 - 1 day; counted 2026-01-01..2027-03-31
    assert counted.cap_end == date(2027, 3, 31)
    assert (counted.counted_from, counted.counted_to) == (date(2026, 1, 1), date(2027, 3, 31))
    assert counted.months == D("15")
    # 40,000 x 15 / 12 = 50,000.00
    assert counted.value_eur == D("50000.00")
    assert early.reason is Reason.STARTED_BEFORE_CONTRACT
    assert early.value_eur == D("0.00")


def test_8_5_pso_discount() -> None:
    ruleset = replace(utrecht_2024(), pso_discount_pct=((PsoLevel.TREDE_2, D("15")),))
    valuation = calculate(
        request(contract=make_contract("1234567"), pso_level=PsoLevel.TREDE_2), ruleset
    )
    # 1,234,567 x 5 / 100 = 61,728.35; x 15 / 100 = 9,259.2525 -> 9,259.25; net 52,469.10
    assert valuation.obligation_eur == D("61728.35")
    assert valuation.pso_discount_eur == D("9259.25")
    assert valuation.obligation_net_eur == D("52469.10")
    assert valuation.remaining_eur == D("52469.10")


@pytest.mark.parametrize(
    ("hours", "reason", "value"),
    [
        ("10", Reason.BELOW_MIN_HOURS, "0.00"),
        # 35,000 x 12/36 x 12 / 12 = 11,666.666... -> 11,666.67
        ("12", None, "11666.67"),
    ],
)
def test_8_6_below_min_hours(hours: str, reason: Reason | None, value: str) -> None:
    (line,) = calculate(
        request(placement("PW_LT2", hours), contract=CONTRACT_2026_2027), harlingen()
    ).lines
    assert line.reason == reason
    assert line.value_eur == D(value)


def test_8_7_per_month() -> None:
    valuation = calculate(
        request(
            Line(
                block="WERKERVARINGSPLEK",
                start=date(2026, 3, 15),
                end=date(2026, 6, 30),
                count=2,
            ),
            contract=CONTRACT_2026_2027,
        ),
        oost_nederland(),
    )
    # 750 x 110/31 x 2 = 165,000 / 31 = 5,322.580... -> 5,322.58
    assert valuation.lines[0].value_eur == D("5322.58")
    assert valuation.warnings == (WarningCode.PARTIAL_RULESET,)


def test_8_8_custom_agreed_value() -> None:
    (line,) = calculate(
        request(
            Line(
                block="ONTWIKKELING",
                agreed_value_eur=D("2500"),
                count=3,
                date=date(2026, 5, 1),
            ),
            contract=CONTRACT_2026_2027,
        ),
        utrecht_2024(),
    ).lines
    # 2,500 x 3 = 7,500.00
    assert line.value_eur == D("7500.00")
    with pytest.raises(CalculationError) as caught:
        calculate(request(Line(block="ONTWIKKELING", count=3)), utrecht_2024())
    assert [(p.line, p.field, p.code) for p in caught.value.problems] == [
        (0, "agreed_value_eur", "missing_field")
    ]


def test_8_9_fixed_bonus() -> None:
    (line,) = calculate(
        request(
            placement(
                "PW",
                "18",
                date(2026, 1, 1),
                date(2026, 6, 30),
                bonuses=("BONUS_VSO_PRO_DIENST",),
            ),
            contract=CONTRACT_2026_2027,
        ),
        haaglanden(),
    ).lines
    # 40,000 x 18/36 x 6 / 12 + 25,000 x 1 = 10,000 + 25,000 = 35,000.00
    assert line.value_eur == D("35000.00")
