"""``sroi.core.bsn.looks_like_bsn``: which texts hold a BSN, and which near misses do not.

The eleven test: 9*d1 + 8*d2 + 7*d3 + 6*d4 + 5*d5 + 4*d6 + 3*d7 + 2*d8 - 1*d9 divisible by 11.
Test numbers used below, worked by hand:
  111222333: 9+8+7 + 12+10+8 + 9+6 = 69; 69 - 3 = 66 = 6 * 11          -> passes
  123456782: 9+16+21+24+25+24+21+16 = 156; 156 - 2 = 154 = 14 * 11    -> passes
  999999990: 9 * (9+8+7+6+5+4+3+2) = 9 * 44 = 396; 396 - 0 = 36 * 11  -> passes
  111222334: 69 - 4 = 65 = 5 * 11 + 10                                 -> fails
  123456789: 156 - 9 = 147 = 13 * 11 + 4                               -> fails
  000000000: sum 0, but all zeros is never a BSN                       -> fails
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sroi.core.bsn import eleven_test, looks_like_bsn
from sroi.core.validators import no_bsn
from tests.privacy.conftest import REFUSED_NL

BSN_TEXTS = [
    # nine digits
    "111222333",
    "123456782",
    "999999990",
    # in a sentence, next to letters or punctuation
    "Kandidaat met BSN 123456782 start in maart",
    "BSN123456782",
    "bsn: 111222333.",
    "(111222333)",
    "111222333 werkt 2 dagen",
    # groupings 3-2-2-2, 4-2-3 and 3-3-3 with one separator (space, dot or dash)
    "111 22 23 33",
    "111.22.23.33",
    "111-22-23-33",
    "1112 22 333",
    "1112.22.333",
    "1112-22-333",
    "123 456 782",
    "123.456.782",
    "123-456-782",
    # a passing number after a failing one
    "123456789 of 123456782",
]

NOT_BSN_TEXTS = [
    "",
    "K-017",
    "Kandidaat K-017 start in maart",
    # nine digits failing the eleven test, and all zeros
    "111222334",
    "123456789",
    "000000000",
    "000.000.000",
    # part of a longer number: amounts in Dutch notation, 10 digits
    "1.000.000,00",
    "111222333,00",
    "111.222.333,50",
    "1.111.222.333",
    "1234567820",
    "0123456782",
    # amounts after a currency sign
    "€ 111.222.333",
    "€111222333",
    "EUR 123.456.782",
    "eur 123456782",
    # telephone numbers: E.164 (11 digits), with a dialling code, Dutch mobile (10 digits)
    "+31612345678",
    "+31 123456782",
    "+31-111-222-333",
    "0612345678",
    "06-12345678",
    # dates, KvK numbers (8 digits), IBAN (10 account digits), postcode
    "2026-01-01",
    "01-01-2026",
    "20260101",
    "KvK 12345678",
    "NL91ABNA0417164300",
    "1234 AB",
    # eight digits (a dropped leading zero is not matched)
    "12345678",
    # mixed or doubled separators, other groupings
    "111 22.23-33",
    "111  222 333",
    "11 12 22 333",
    "1112 223 33",
]


@pytest.mark.parametrize("text", BSN_TEXTS)
def test_text_holding_a_bsn_is_recognised(text: str) -> None:
    assert looks_like_bsn(text) is True


@pytest.mark.parametrize("text", NOT_BSN_TEXTS)
def test_near_miss_is_not_a_bsn(text: str) -> None:
    assert looks_like_bsn(text) is False


@pytest.mark.parametrize(
    ("digits", "passes"),
    [
        ("111222333", True),
        ("123456782", True),
        ("999999990", True),
        ("111222334", False),
        ("123456789", False),
        ("000000000", False),
        ("12345678", False),
        ("1234567820", False),
        ("12345678x", False),
        ("١٢٣٤٥٦٧٨٢", False),  # Arabic-Indic digits are not a BSN as we store text
    ],
)
def test_eleven_test(digits: str, passes: bool) -> None:
    assert eleven_test(digits) is passes


def test_validator_refuses_a_bsn_with_the_dutch_message() -> None:
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        no_bsn("Kandidaat 111.222.333")
    assert caught.value.code == "bsn_refused"
    assert caught.value.messages == [REFUSED_NL]


def test_validator_lets_a_pseudonym_pass() -> None:
    no_bsn("K-017")  # raises nothing
    no_bsn("Groenonderhoud door WerkSaam, 1.000.000,00 euro")
