"""Recognise a BSN (Dutch citizen service number) in free text, so we can refuse to store it.

Candidate data is sensitive: candidates are referred to by pseudonyms (for example K-017) and
a BSN is never asked for nor stored. This module is standard library only (no Django), so the
calc-io layer and the command-line calculator can use it without booting Django.

The text is first normalised (``normalise``), so that writing a number differently does not
hide it: every Unicode decimal digit (Arabic-Indic, fullwidth, ...) becomes 0-9; every kind of
space (no-break space, thin space, tab, ...) becomes a space; every kind of dash (hyphen, en
dash, minus sign, ...) a ``-``; dot, comma and slash look-alikes become ``.``, ``,`` and ``/``;
invisible format characters (zero-width space, soft hyphen, ...) and combining marks are
dropped; every white space character (line breaks too) is a space. The separators
are then: space, dot, dash, slash, comma and underscore (``S`` below).

``looks_like_bsn(text)`` is true when the normalised ``text`` contains a number written in
one of these patterns:

===============  ======================  =========================================
pattern          example                 note
===============  ======================  =========================================
9 digits         ``111222333``           no separators
3-2-2-2          ``111 22 23 33``        one ``S`` between the groups, the same one
4-2-3            ``1112-22-333``         one ``S`` between the groups, the same one
3-3-3            ``111/222/333``         one ``S`` between the groups, the same one
any grouping     ``1 2 3 4 5 6 7 8 2``   a run of digit groups joined by 1 to 3
                 ``11 12 22 333``        separators (mixed too) holding exactly 9
                 ``111 - 22.23_33``      digits in all
===============  ======================  =========================================

and the nine digits pass the BSN eleven test: ``9*d1 + 8*d2 + 7*d3 + 6*d4 + 5*d5 + 4*d6 +
3*d7 + 2*d8 - 1*d9`` is divisible by 11, and the number is not ``000000000``.

To avoid false positives a candidate number is NOT counted when

- it is part of a longer number: a digit right before or after it, or a dot or comma between
  it and another digit (``1.111.222.333``, ``111222333,00``: amounts in Dutch notation);
- it is an amount with cents (``1.234.567,82``, ``1 234 567,82``, ``1,234,567.82``);
- it follows a currency sign (``€ 111.222.333``, ``EUR 111222333``): an amount;
- it follows an international dialling code or a ``(0)`` (``+31 111222333``,
  ``+31 (0)20 123 4567``): a telephone number.

So amounts such as ``1.000.000,00``, dates (``2026-01-01``, ``01/01/2026``: 8 digits), KvK
numbers (8 digits), Dutch telephone numbers (``0612345678``, ``0229 123 456``: 10 digits;
``+31612345678``: 11) and IBANs (10 account digits) are never matched. Letters right next to
the digits do not stop a match (``BSN111222333`` is still a BSN). Eight digits with a dropped
leading zero are not matched.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["eleven_test", "looks_like_bsn", "normalise"]

# One separator character, after normalisation.
_SEPARATOR = r"[ .\-/,_]"
# Each alternative captures the separator (or nothing) once and repeats it with a backreference,
# so "111 22.23-33" (mixed separators) is not one of these; it is a run (below).
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
# A run of digit groups joined by 1 to 3 separators (any mix).
_RUN = re.compile(rf"(?<!\d)\d+(?:{_SEPARATOR}{{1,3}}\d+)*(?!\d)", re.ASCII)
_AMOUNT_WITH_CENTS = re.compile(
    r"\d{1,3}(?:[. ]\d{3})*,\d{2}|\d{1,3}(?:[, ]\d{3})*\.\d{2}|\d+[.,]\d{2}", re.ASCII
)
_CURRENCY_BEFORE = re.compile(r"(?:€|\beur)\s*$", re.IGNORECASE)
_DIALLING_CODE_BEFORE = re.compile(r"(?:\+\d{1,3}[ .\-]?|\(0\)\s*)$", re.ASCII)
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
# Any white space character (tabs, line breaks, separators of lines and paragraphs, ...).
_WHITE_SPACE = re.compile(r"\s")

# Look-alikes NFKC leaves alone (no-break and thin spaces, fullwidth forms are also covered by
# NFKC and by the Unicode categories below; listed here so the mapping is explicit).
_SPACES = (
    "\t\u00a0\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u202f\u205f\u3000"
)
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2796\ufe58\ufe63\uff0d\u00ad"
_DOTS = "\u00b7\u2024\u2027\u2219\u22c5\u3002\ufe52\uff0e\u066b\u06d4"
_COMMAS = "\u060c\u066c\u201a\u3001\ufe50\uff0c"
_SLASHES = "\\\u2044\u2215\u29f8\uff0f"
_UNDERSCORES = "\u2017\ufe33\ufe4d\ufe4e\ufe4f\uff3f"
_TRANSLATION = {
    **{ord(c): " " for c in _SPACES},
    **{ord(c): "-" for c in _DASHES},
    **{ord(c): "." for c in _DOTS},
    **{ord(c): "," for c in _COMMAS},
    **{ord(c): "/" for c in _SLASHES},
    **{ord(c): "_" for c in _UNDERSCORES},
}


def normalise(text: str) -> str:
    """``text`` with digits and separators written the plain ASCII way (see the docstring).

    Every white space character (line breaks included: a textarea may put each group on its
    own line) becomes a space; combining and enclosing marks on a digit (``1\u0332``,
    keycaps ``1\ufe0f\u20e3``) are dropped like the invisible format characters."""
    if text.isascii():
        return _WHITE_SPACE.sub(" ", text)
    out: list[str] = []
    for char in unicodedata.normalize("NFKC", text):
        if char.isascii():
            out.append(char)
            continue
        digit = unicodedata.decimal(char, None)
        if digit is not None:
            out.append(str(digit))
            continue
        mapped = _TRANSLATION.get(ord(char))
        if mapped is not None:
            out.append(mapped)
            continue
        category = unicodedata.category(char)
        if category in ("Cf", "Mn", "Me"):  # zero-width space, soft hyphen, marks: dropped
            continue
        if category == "Zs":
            out.append(" ")
        elif category == "Pd":
            out.append("-")
        else:
            out.append(char)
    return _WHITE_SPACE.sub(" ", "".join(out))


def eleven_test(digits: str) -> bool:
    """Whether the nine ``digits`` pass the BSN eleven test (and are not all zeros)."""
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit():
        return False
    if digits == "000000000":
        return False
    total = sum(weight * int(digit) for weight, digit in zip(_WEIGHTS, digits, strict=True))
    return total % 11 == 0


def _excluded_by_what_precedes(text: str, start: int) -> bool:
    before = text[:start]
    return bool(_CURRENCY_BEFORE.search(before) or _DIALLING_CODE_BEFORE.search(before))


def looks_like_bsn(text: str) -> bool:
    """Whether ``text`` contains a number that looks like a BSN (see the module docstring)."""
    if not text:
        return False
    text = normalise(text)
    for match in _CANDIDATE.finditer(text):
        digits = re.sub(r"\D", "", match.group("number"))
        if eleven_test(digits) and not _excluded_by_what_precedes(text, match.start()):
            return True
    for match in _RUN.finditer(text):
        run = match.group(0)
        digits = re.sub(r"\D", "", run)
        if len(digits) != 9 or not eleven_test(digits):
            continue
        if _AMOUNT_WITH_CENTS.fullmatch(run) or _excluded_by_what_precedes(text, match.start()):
            continue
        return True
    return False
