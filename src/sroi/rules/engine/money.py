"""Rounding. The engine rounds in exactly one way: half up, away from zero on a tie.

``round2`` is the money rounding of ``rekenregels.md`` (``quantize(Decimal("0.01"),
ROUND_HALF_UP)``). It also accepts an exact ``Fraction`` so that a line's value can be computed
without any intermediate rounding and rounded once, at the end. ``round_pct`` (0.1) is for the
fulfilment percentage and ``round_months`` (0.0001) is for showing months; the value of a line
always uses the exact months.
"""

from __future__ import annotations

import math
from decimal import Context, Decimal
from fractions import Fraction

Number = Decimal | Fraction | int

# Precision for turning an exact fraction (e.g. 17/31 months) into a Decimal for display and
# for ``LineResult.months``. Explicit, so the ambient decimal context never matters.
_DISPLAY_CONTEXT = Context(prec=28)


def _round_half_up(value: Number, places: int) -> Decimal:
    exact = Fraction(value)
    units = math.floor(abs(exact) * 10**places + Fraction(1, 2))
    digits = tuple(int(digit) for digit in str(units))
    return Decimal((1 if exact < 0 else 0, digits, -places))


def round2(value: Number) -> Decimal:
    """Round to cents, ROUND_HALF_UP: ``2956.989...`` -> ``Decimal("2956.99")``."""
    return _round_half_up(value, 2)


def round_pct(value: Number) -> Decimal:
    """Round a percentage to one decimal, ROUND_HALF_UP: ``113.9139...`` -> ``Decimal("113.9")``."""
    return _round_half_up(value, 1)


def round_months(value: Number) -> Decimal:
    """Round months to four decimals for display: ``17/31 + 3`` -> ``Decimal("3.5484")``."""
    return _round_half_up(value, 4)


def to_decimal(value: Fraction) -> Decimal:
    """An exact fraction as a Decimal with 28 significant digits (exact when it terminates)."""
    return _DISPLAY_CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))
