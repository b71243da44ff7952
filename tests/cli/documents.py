"""The worked example of docs/rekenregels.md as a calc-io input document."""

from __future__ import annotations

from typing import Any


def worked_example() -> dict[str, Any]:
    """The worked example of docs/rekenregels.md, as in docs/calc-io.md."""
    return {
        "ruleset": "utrecht",
        "reference_date": "2026-01-01",
        "contract": {
            "value_eur": "1000000",
            "sroi_percentage": "5",
            "start": "2026-01-01",
            "end": "2027-12-31",
        },
        "pso_level": None,
        "lines": [
            {
                "block": "PW",
                "hours_per_week": "36",
                "start": "2026-01-01",
                "end": "2026-12-31",
                "count": 1,
                "bonuses": ["BONUS_50PLUS"],
            },
            {"block": "WW", "hours_per_week": "18", "start": "2026-03-15", "end": "2026-06-30"},
            {"block": "SOCIAAL_INKOPEN", "amount_eur": "4000"},
        ],
    }
