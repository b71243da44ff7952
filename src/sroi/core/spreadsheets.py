"""Cells of the files a user opens in a spreadsheet (the imports' templates, the exports): one
guard against formula injection and one way of writing a CSV cell, so every file reads alike.

A text that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets skip before such a sign) is run as a formula when the file is opened: text from a
user (a contract name, a supplier) gets a leading apostrophe, the OWASP advice, so the
spreadsheet shows it as text. Numbers and dates are written as numbers and dates, never as
text, and are not touched.

CSV for Dutch Excel: ``;`` between cells, a decimal comma, dates as dd-mm-yyyy and UTF-8 with
a byte-order mark (without it Excel reads the file as Windows-1252).

Excel (.xlsx): a cell is XML, which cannot hold every character: ``cell_text`` removes those
it cannot (control characters, lone surrogates, U+FFFE and U+FFFF), else one such character in
one name makes the whole file unreadable.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"
CSV_LINE_END = "\r\n"
CSV_BOM = "\ufeff"
CSV_DATE_FORMAT = "%d-%m-%Y"
# What XML 1.0 does not allow in a text: the C0 controls except tab, line feed and carriage
# return, the surrogates (never a whole character on their own) and U+FFFE, U+FFFF.
XML_ILLEGAL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula."""
    return text.startswith(FORMULA_STARTS)


def neutralise_formula(text: str) -> str:
    """``text`` as a spreadsheet shows it as text: a leading apostrophe before a formula sign."""
    return "'" + text if starts_like_formula(text) else text


def cell_text(text: str) -> str:
    """``text`` without the characters a spreadsheet cell (XML) cannot hold."""
    return XML_ILLEGAL_CHARACTERS.sub("", text)


def csv_decimal(value: Decimal) -> str:
    """A number with a decimal comma and no thousands separator (``1234,56``): Dutch Excel
    reads it as a number."""
    return format(value, "f").replace(".", ",")


def csv_cell(value: Any) -> str:
    """One CSV cell: empty for None, dd-mm-yyyy for a date, a decimal comma for a Decimal,
    text neutralised against formulas."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime(CSV_DATE_FORMAT + " %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime(CSV_DATE_FORMAT)
    if isinstance(value, Decimal):
        return csv_decimal(value)
    if isinstance(value, bool | int):
        return str(int(value))
    return neutralise_formula(str(value))
