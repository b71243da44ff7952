"""Each validator, table-driven: input -> stored value, or the Dutch error."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sroi.accounts.validators import (
    normalise_kvk_number,
    normalise_phone_number,
    normalise_postcode,
)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("12345678", "12345678"),
        ("1234 5678", "12345678"),
        (" 12 34 56 78 ", "12345678"),
        ("01234567", "01234567"),  # a leading zero is a digit like any other
    ],
)
def test_kvk_number_valid(given: str, stored: str) -> None:
    assert normalise_kvk_number(given) == stored


@pytest.mark.parametrize(
    "given",
    ["1234567", "123456789", "1234567a", "1234-5678", "", "١٢٣٤٥٦٧٨"],  # last: Arabic-Indic digits
)
def test_kvk_number_invalid(given: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalise_kvk_number(given)
    assert caught.value.messages == ["Een KvK-nummer bestaat uit precies 8 cijfers."]


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("1234 AB", "1234 AB"),
        ("1234AB", "1234 AB"),
        ("1234ab", "1234 AB"),
        ("1234 ab", "1234 AB"),
        (" 1619  ab ", "1619 AB"),
        ("9999 ZZ", "9999 ZZ"),
        ("1000 SB", "1000 SB"),
    ],
)
def test_postcode_valid(given: str, stored: str) -> None:
    assert normalise_postcode(given) == stored


@pytest.mark.parametrize(
    "given",
    ["0123 AB", "123 AB", "12345 AB", "1234 A", "1234 ABC", "1234-AB", "AB 1234", ""],
)
def test_postcode_invalid_shape(given: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalise_postcode(given)
    assert "1234 AB" in caught.value.messages[0]
    assert caught.value.messages[0].startswith("Vul een Nederlandse postcode in")


@pytest.mark.parametrize("given", ["1234 SA", "1234sd", "1234 ss"])
def test_postcode_letters_postnl_does_not_use(given: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalise_postcode(given)
    assert caught.value.messages == ["Postcodes met de letters SA, SD of SS bestaan niet."]


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        # Dutch numbers: the leading trunk 0 becomes the country code +31.
        ("0229 123 456", "+31 229 123 456"),
        ("0229-123456", "+31 229 123 456"),
        ("0612345678", "+31 6 12345678"),
        ("06-12345678", "+31 6 12345678"),
        ("+31 6 12345678", "+31 6 12345678"),
        ("0031 20 123 4567", "+31 20 123 4567"),
        ("020 123 4567", "+31 20 123 4567"),
        # A foreign number keeps its own country code.
        ("+49 30 901820", "+49 30 901820"),
    ],
)
def test_phone_number_valid(given: str, stored: str) -> None:
    assert normalise_phone_number(given) == stored


@pytest.mark.parametrize("given", ["12345", "06 1234", "0229 123 4567 89", "telefoon", "+31", ""])
def test_phone_number_invalid(given: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalise_phone_number(given)
    assert caught.value.messages[0].startswith("Vul een geldig telefoonnummer in")
