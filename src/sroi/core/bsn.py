"""Recognise a BSN (Dutch citizen service number) in free text, so we can refuse to store it.

Candidate data is sensitive: candidates are referred to by pseudonyms (for example K-017) and
a BSN is never asked for nor stored. This module is standard library only (no Django), so the
calc-io layer and the command-line calculator can use it without booting Django.

``looks_like_bsn(text)`` is true when ``text`` contains a number written in one of these
patterns (``S`` is one separator: a single space, a dot or a dash, the same one throughout):

===============  ======================  =========================================
pattern          example                 note
===============  ======================  =========================================
9 digits         ``111222333``           no separators
3-2-2-2          ``111 22 23 33``        ``S`` between the groups
4-2-3            ``1112-22-333``         ``S`` between the groups
3-3-3            ``111.222.333``         ``S`` between the groups
===============  ======================  =========================================

and the nine digits pass the BSN eleven test: ``9*d1 + 8*d2 + 7*d3 + 6*d4 + 5*d5 + 4*d6 +
3*d7 + 2*d8 - 1*d9`` is divisible by 11, and the number is not ``000000000``.

To avoid false positives a candidate number is NOT counted when

- it is part of a longer number: a digit right before or after it, or a dot or comma between
  it and another digit (``1.111.222.333``, ``111222333,00``: amounts in Dutch notation);
- it follows a currency sign (``€ 111.222.333``, ``EUR 111222333``): an amount;
- it follows an international dialling code (``+31 111222333``): a telephone number.

So amounts such as ``1.000.000,00``, dates (``2026-01-01``, ``01-01-2026``: 8 digits), KvK
numbers (8 digits), Dutch telephone numbers (``0612345678``: 10 digits; ``+31612345678``: 11)
and IBANs (10 account digits) are never matched. Letters right next to the digits do not stop a
match (``BSN111222333`` is still a BSN). Eight digits with a dropped leading zero are not
matched.
"""

from __future__ import annotations

import re

__all__ = ["eleven_test", "looks_like_bsn"]

_SEPARATOR = r"[ .\-]"
# Each alternative captures the separator (or nothing) once and repeats it with a backreference,
# so "111 22.23-33" (mixed separators) is not a match.
_PATTERNS = (
    r"\d{9}",
    rf"\d{{3}}(?P<s1>{_SEPARATOR})\d{{2}}(?P=s1)\d{{2}}(?P=s1)\d{{2}}",
    rf"\d{{4}}(?P<s2>{_SEPARATOR})\d{{2}}(?P=s2)\d{{3}}",
    rf"\d{{3}}(?P<s3>{_SEPARATOR})\d{{3}}(?P=s3)\d{{3}}",
)
# Not part of a longer number: no digit, and no dot/comma followed by a digit, on either side.
_CANDIDATE = re.compile(
    r"(?<!\d)(?<!\d[.,])(?=(?P<number>" + "|".join(_PATTERNS) + r")(?!\d)(?![.,]\d))",
    re.ASCII,
)
_CURRENCY_BEFORE = re.compile(r"(?:€|\beur)\s*$", re.IGNORECASE)
_DIALLING_CODE_BEFORE = re.compile(r"\+\d{1,3}[ .\-]?$", re.ASCII)
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def eleven_test(digits: str) -> bool:
    """Whether the nine ``digits`` pass the BSN eleven test (and are not all zeros)."""
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit():
        return False
    if digits == "000000000":
        return False
    total = sum(weight * int(digit) for weight, digit in zip(_WEIGHTS, digits, strict=True))
    return total % 11 == 0


def looks_like_bsn(text: str) -> bool:
    """Whether ``text`` contains a number that looks like a BSN (see the module docstring)."""
    if not text:
        return False
    for match in _CANDIDATE.finditer(text):
        number = match.group("number")
        digits = re.sub(r"\D", "", number)
        if not eleven_test(digits):
            continue
        before = text[: match.start()]
        if _CURRENCY_BEFORE.search(before) or _DIALLING_CODE_BEFORE.search(before):
            continue
        return True
    return False
