"""Parse and normalise the Dutch identifiers on an organisation.

Each ``normalise_*`` function returns the value in its stored form or raises
``ValidationError`` with a Dutch message (through the catalogue) and a stable ``code``.
"""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

KVK_NUMBER_RE = re.compile(r"[0-9]{8}")
POSTCODE_RE = re.compile(r"([1-9][0-9]{3})\s*([A-Z]{2})")
# PostNL does not use these letter pairs (they recall the Second World War).
POSTCODE_FORBIDDEN_LETTERS = frozenset({"SA", "SD", "SS"})
PHONE_REGION = "NL"


def normalise_kvk_number(value: str) -> str:
    """A KvK number is exactly 8 digits (no check digit). Spaces are removed."""
    compact = "".join(value.split())
    if not KVK_NUMBER_RE.fullmatch(compact):
        raise ValidationError(
            _("A KvK number consists of exactly 8 digits."), code="invalid_kvk_number"
        )
    return compact


def normalise_postcode(value: str) -> str:
    """A Dutch postcode in the form ``1234 AB``: four digits not starting with 0, two letters."""
    match = POSTCODE_RE.fullmatch(value.strip().upper())
    if match is None:
        raise ValidationError(
            _("Enter a Dutch postcode of four digits and two letters, for example 1234 AB."),
            code="invalid_postcode",
        )
    digits, letters = match.groups()
    if letters in POSTCODE_FORBIDDEN_LETTERS:
        raise ValidationError(
            _("Postcodes with the letters SA, SD or SS do not exist."), code="invalid_postcode"
        )
    return f"{digits} {letters}"


def normalise_phone_number(value: str) -> str:
    """A valid telephone number, Dutch unless it starts with +, in international format."""
    try:
        number = phonenumbers.parse(value.strip(), PHONE_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Enter a valid telephone number, for example 0229 123 456 or +31 6 12345678."),
            code="invalid_phone_number",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
