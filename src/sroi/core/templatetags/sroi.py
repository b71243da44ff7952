from __future__ import annotations

from decimal import Decimal

from django import template

from sroi.core.formatting import format_decimal_nl, format_eur

register = template.Library()


@register.filter
def euro(value: Decimal | str | None) -> str:
    """``{{ amount|euro }}`` -> ``EUR 50.000,00``."""
    if value is None or value == "":
        return ""
    return format_eur(Decimal(value))


@register.filter
def decimal_nl(value: Decimal | str | None, places: int = 2) -> str:
    """``{{ months|decimal_nl:4 }}`` -> ``3,5484``."""
    if value is None or value == "":
        return ""
    return format_decimal_nl(Decimal(value), int(places))
