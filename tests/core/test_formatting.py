"""Dutch notation of amounts: thousands with '.', decimals with ',', ROUND_HALF_UP."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template

from sroi.core.templatetags.sroi import decimal_nl, euro


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("50000"), "EUR 50.000,00"),
        ("50000", "EUR 50.000,00"),
        (Decimal("1234567.891"), "EUR 1.234.567,89"),
        (Decimal("999.99"), "EUR 999,99"),
        (Decimal("0"), "EUR 0,00"),
        # negative amounts keep their sign, also below one euro
        (Decimal("-1234.5"), "EUR -1.234,50"),
        (Decimal("-0.50"), "EUR -0,50"),
        # ... but what rounds to zero is zero, without a sign
        (Decimal("-0.004"), "EUR 0,00"),
        # half a cent rounds up (away from zero), not to even as Python's round() does
        (Decimal("0.005"), "EUR 0,01"),
        (Decimal("2.675"), "EUR 2,68"),
        (Decimal("2.665"), "EUR 2,67"),
        (Decimal("-2.675"), "EUR -2,68"),
        (Decimal("999.995"), "EUR 1.000,00"),
        (None, ""),
        ("", ""),
    ],
)
def test_euro(value: Decimal | str | None, expected: str) -> None:
    assert euro(value) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("3.54845"), 4, "3,5485"),
        (Decimal("3.5"), 4, "3,5000"),
        (Decimal("12.5"), 0, "13"),
        (Decimal("1000"), 1, "1.000,0"),
        (Decimal("-0.4"), 0, "0"),
        (Decimal("-1.25"), 1, "-1,3"),
        (None, 2, ""),
    ],
)
def test_decimal_nl(value: Decimal | None, places: int, expected: str) -> None:
    assert decimal_nl(value, places) == expected


def test_filters_work_in_templates() -> None:
    template = Template("{% load sroi %}{{ amount|euro }} / {{ months|decimal_nl:4 }}")

    rendered = template.render(Context({"amount": Decimal("50000"), "months": Decimal("3.54845")}))

    assert rendered == "EUR 50.000,00 / 3,5485"
