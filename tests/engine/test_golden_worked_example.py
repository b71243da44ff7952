"""The worked example of rekenregels.md, to the cent (Utrecht 2024-1, 36 h basis, no cap)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sroi.rules.engine import Line, calculate
from tests.engine.builders import make_contract, placement, request, utrecht_2024


def test_worked_example_of_rekenregels_to_the_cent() -> None:
    valuation = calculate(
        request(
            placement("PW", "36", date(2026, 1, 1), date(2026, 12, 31), bonuses=("BONUS_50PLUS",)),
            placement("WW", "18", date(2026, 3, 15), date(2026, 6, 30)),
            Line(block="SOCIAAL_INKOPEN", amount_eur=Decimal("4000")),
            contract=make_contract("1000000", date(2026, 1, 1), date(2027, 12, 31)),
        ),
        utrecht_2024(),
    )
    # 1,000,000 x 5 / 100 = 50,000.00; no PSO level.
    assert valuation.obligation_eur == Decimal("50000.00")
    assert valuation.pso_discount_eur == Decimal("0.00")
    assert valuation.obligation_net_eur == Decimal("50000.00")

    pw, ww, procurement = valuation.lines
    # (40,000 + 10,000) x 36/36 x 12 / 12 = 50,000.00
    assert pw.value_eur == Decimal("50000.00")
    assert pw.months == Decimal("12")
    assert (pw.counted_from, pw.counted_to, pw.reason) == (
        date(2026, 1, 1),
        date(2026, 12, 31),
        None,
    )
    # 20,000 x 18/36 x (17/31 + 3) / 12 = 10,000 x 110/31 / 12 = 2,956.989... -> 2,956.99
    assert ww.value_eur == Decimal("2956.99")
    assert ww.months is not None
    assert ww.months.quantize(Decimal("0.0001")) == Decimal("3.5484")
    # 1 x 4,000 = 4,000.00
    assert procurement.value_eur == Decimal("4000.00")
    assert procurement.months is None
    assert procurement.reason is None

    # 50,000.00 + 2,956.99 + 4,000.00 = 56,956.99; remaining max(0, 50,000 - 56,956.99) = 0;
    # 56,956.99 / 50,000 x 100 = 113.91398 -> 113.9
    assert valuation.total_eur == Decimal("56956.99")
    assert valuation.remaining_eur == Decimal("0.00")
    assert valuation.fulfilment_pct == Decimal("113.9")
    assert valuation.warnings == ()
