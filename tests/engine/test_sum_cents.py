"""The total of a valuation is the exact sum of its rounded line values, whatever their size."""

from __future__ import annotations

from decimal import Decimal, localcontext

from sroi.rules.engine.money import sum_cents

D = Decimal


def test_amounts_add_up_to_whole_cents() -> None:
    # 0.50 + 2 + 2,956.99 = 2,959.49 -> 295,949 cents
    assert sum_cents([D("0.50"), D("2"), D("2956.99")]) == 295_949
    assert sum_cents([]) == 0


def test_a_sum_beyond_28_digits_stays_exact_in_any_decimal_context() -> None:
    # 10^30 + 0.01 needs 33 digits; the default context (28) would round the cent away
    with localcontext() as context:
        context.prec = 5
        assert sum_cents([D("1E+30"), D("0.01")]) == 10**32 + 1
