"""Rounding. The engine rounds in exactly one way: half up, away from zero on a tie.

``half_up`` is the one rounding rule; ``round2`` is it at cents, the money rounding of
``rekenregels.md`` (``quantize(Decimal("0.01"), ROUND_HALF_UP)``). The engine keeps exact
values as integer ratios ``(numerator, denominator)`` (``Fraction``, ``Decimal`` and ``int``
all give one with ``as_integer_ratio``), so a line's value is computed without any
intermediate rounding and rounded once, at the end: ``half_up(numerator, denominator, 2)``
cents. The fulfilment percentage is rounded the same way to 0.1, and ``round_months``
(0.0001) is for showing months; the value of a line always uses the exact months.

Nothing here depends on the caller's decimal context.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import MAX_PREC, Context, Decimal, Inexact, localcontext
from fractions import Fraction

Number = Decimal | Fraction | int

# Precision for turning an exact ratio (e.g. 110/31 months) into a Decimal for
# ``LineResult.months``. Explicit, so the ambient decimal context never matters.
_DISPLAY_CONTEXT = Context(prec=28)
# For adding amounts: every sum is exact (should one ever not be, it raises).
_EXACT_CONTEXT = Context(prec=MAX_PREC, traps=[Inexact])


def half_up(numerator: int, denominator: int, places: int) -> int:
    """``numerator / denominator`` (denominator > 0) in units of ``10**-places``, half up.

    ``half_up(2956989, 1000, 2) == 295699`` (2,956.989 -> 2,956.99 in cents).
    """
    scale: int = 10**places
    units = (abs(numerator) * scale * 2 + denominator) // (2 * denominator)
    return -units if numerator < 0 else units


def units_to_decimal(units: int, places: int) -> Decimal:
    """``units_to_decimal(295699, 2) == Decimal("2956.99")``, exactly ``places`` decimals."""
    # exact: the context's precision holds any number of digits (and reading a text is slower)
    return Decimal(units).scaleb(-places, _EXACT_CONTEXT)


def round2(value: Number) -> Decimal:
    """Round to cents, ROUND_HALF_UP: ``2956.989...`` -> ``Decimal("2956.99")``."""
    return units_to_decimal(half_up(*value.as_integer_ratio(), 2), 2)


def round_months(value: Number) -> Decimal:
    """Round months to four decimals for display: ``110/31`` -> ``Decimal("3.5484")``."""
    return units_to_decimal(half_up(*value.as_integer_ratio(), 4), 4)


def to_decimal(numerator: int, denominator: int) -> Decimal:
    """An exact ratio as a Decimal with 28 significant digits (exact when it terminates)."""
    return _DISPLAY_CONTEXT.divide(Decimal(numerator), Decimal(denominator))


def sum_cents(amounts: Iterable[Decimal]) -> int:
    """The exact sum of amounts in whole cents: ``[Decimal("0.50"), Decimal("2")]`` -> 250."""
    with localcontext(_EXACT_CONTEXT):
        total = sum(amounts, Decimal(0))
    numerator, denominator = total.as_integer_ratio()
    return numerator * 100 // denominator
