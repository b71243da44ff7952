"""calc-io documents as JSON text, so that a test can write numbers JSON allows but Python's
``json.dumps`` would never produce (``1e999999999``, a 29-digit integer)."""

from __future__ import annotations

import json
from typing import Any


class Raw:
    """A JSON number written exactly as given."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Raw({self.text[:20]!r})"


def dumps(value: Any) -> str:
    """JSON text of ``value``; ``Raw`` numbers are written as they are."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{dumps(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(dumps(item) for item in value) + "]"
    return json.dumps(value)


def document(value_eur: Any = "800000", **line: Any) -> dict[str, Any]:
    """A one-line calculation on the NHN rule set (a social-procurement line by default)."""
    fields: dict[str, Any] = {"block": "SOCIAAL_INKOPEN", "amount_eur": "4000"}
    fields.update(line)
    return {
        "ruleset": "nhn-werksaam",
        "contract": {
            "value_eur": value_eur,
            "sroi_percentage": "5",
            "start": "2026-01-01",
            "end": "2027-12-31",
        },
        "pso_level": None,
        "lines": [fields],
    }


# Hostile documents, each with the field the refusal names.
TWENTY_NINE_DIGITS = Raw("12345678901234567890123456789")
HOSTILE: list[tuple[str, str, str]] = [
    ("29-digit amount", dumps(document(TWENTY_NINE_DIGITS)), "contract.value_eur"),
    ("exponent 10000", dumps(document(Raw("1e10000"))), "contract.value_eur"),
    ("exponent 999999999", dumps(document(Raw("1e999999999"))), "contract.value_eur"),
    ("5000-digit integer", dumps(document(Raw("9" * 5000))), "contract.value_eur"),
    ("amount above the limit", dumps(document("100000000001")), "contract.value_eur"),
    ("5000-digit string", dumps(document(amount_eur="9" * 5000)), "amount_eur"),
    ("three decimals", dumps(document(amount_eur="10.125")), "amount_eur"),
    ("lone surrogate", dumps(document(ref="\ud800")), "lines[0].ref"),
    ("NUL character", dumps(document(ref="K\x00017")), "lines[0].ref"),
    ("long ref", dumps(document(ref="K" * 201)), "ref"),
    (
        "deep nesting",
        dumps(document(ref=[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]])),
        "input",
    ),
    ("very deep nesting", dumps(document(ref=Raw("[" * 100_000 + "]" * 100_000))), "input"),
    ("date at the end of the calendar", dumps(document(start="9999-12-01")), "start"),
    ("count as a 5000-digit string", dumps(document(block="PW", count="1" * 5000)), "count"),
]
