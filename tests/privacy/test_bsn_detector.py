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
    # other separators: slash, comma, underscore
    "123/456/782",
    "123,456,782",
    "123_456_782",
    "1112/22/333",
    # mixed, doubled or spaced separators, other groupings: a run of 9 digits
    "111 22.23-33",
    "111  222 333",
    "11 12 22 333",
    "1112 223 33",
    "1 2 3 4 5 6 7 8 2",
    "12-345-6782",
    "123 - 456 - 782",
    "BSN 123 456 782, 5 dagen",
    # Unicode digits: Arabic-Indic, Eastern Arabic-Indic, fullwidth, Devanagari
    "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0662",
    "\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f2",
    "\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff12",
    "\u0967\u0968\u0969\u096a\u096b\u096c\u096d\u096e\u0968",
    "kandidaat 123\uff14\uff15\uff16782",  # mixed ASCII and fullwidth
    # Unicode separators: no-break space, thin space, narrow no-break space, tab
    "123\u00a0456\u00a0782",
    "123\u2009456\u2009782",
    "111\u202f22\u202f23\u202f33",
    "123\t456\t782",
    # Unicode dashes: hyphen, en dash, em dash, minus sign, fullwidth hyphen-minus
    "123\u2010456\u2010782",
    "1112\u201322\u2013333",
    "123\u2014456\u2014782",
    "123\u2212456\u2212782",
    "123\uff0d456\uff0d782",
    # Unicode dots, commas and slashes: fullwidth, one dot leader, Arabic comma, fraction slash
    "123\uff0e456\uff0e782",
    "123\u2024456\u2024782",
    "123\u060c456\u060c782",
    "123\u2044456\u2044782",
    "123\uff0f456\uff0f782",
    # invisible characters in between: zero-width space, soft hyphen, word joiner
    "1234\u200b56782",
    "123\u00ad456\u00ad782",
    "123\u2060456782",
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
    # amounts with cents in either notation; telephone numbers with a (0) or an area code
    "1.234.567,82",
    "1,234,567.82",
    "1 234 567,82",
    "+31 (0)20 123 4567",
    "(0)20 123 4567",
    "0229 123 456",
    "06 12 34 56 78",
    # dates with slashes, a date range, a list of small numbers
    "01/01/2026",
    "2026/01/01",
    "01/01/2026 t/m 31/12/2027",
    "regels 1, 2, 3, 4, 5, 6, 7, 8, 9",
    # a run of digits with too many separators in between is two numbers
    "123    456782",
    # Unicode digits that fail the eleven test, or make a longer number
    "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",
    "\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff12\uff10",
    # an amount in fullwidth digits after a currency sign
    "\u20ac \uff11\uff12\uff13.\uff14\uff15\uff16.\uff17\uff18\uff12",
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


@pytest.mark.parametrize(
    "text",
    [
        "123\n456\n782",  # a textarea: each group on its own line
        "123\r\n456\r\n782",
        "123\u2028456\u2028782",  # line separator
        "123\x0b45\x0c67\x1c82",  # vertical tab, form feed, file separator
        "1\u03322\u03323\u03324\u03325\u03326\u03327\u03328\u03322\u0332",  # combining low line
        "".join(f"{digit}\ufe0f\u20e3" for digit in "123456782"),  # keycap digits
    ],
)
def test_a_bsn_behind_line_breaks_or_combining_marks_is_found(text: str) -> None:
    assert looks_like_bsn(text)
