"""Dutch notation for amounts, months and percentages. Pure functions for templates and PDFs."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def _group(integer: str) -> str:
    digits = integer.lstrip("-")
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return ("-" if integer.startswith("-") else "") + ".".join(groups)


def format_decimal_nl(value: Decimal, places: int) -> str:
    """``Decimal("50000")`` with 2 places -> ``"50.000,00"`` (ROUND_HALF_UP)."""
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    # The sign goes by the rounded value: -0.50 stays "-0,50", -0.004 becomes "0,00".
    sign = "-" if rounded < 0 else ""
    integer, _, fraction = f"{abs(rounded):f}".partition(".")
    return sign + _group(integer) + ("," + fraction if places else "")


MONTHS_PLACES = 1


def format_months(value: Decimal | None) -> str:
    """Months as shown to a reader: ``Decimal("12")`` -> ``"12,0"``, ``3.5484`` -> ``"3,5"``.

    One decimal everywhere (plan, calculator, PDF); the explanation trace keeps the rest.
    ``None`` -> ``""``.
    """
    if value is None:
        return ""
    return format_decimal_nl(Decimal(value), MONTHS_PLACES)


def format_eur(value: Decimal | None) -> str:
    """``Decimal("50000")`` -> ``"EUR 50.000,00"``; ``None`` -> ``""``."""
    if value is None:
        return ""
    return "EUR " + format_decimal_nl(Decimal(value), 2)
