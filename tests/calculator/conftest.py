"""Fixtures of the calculator tests: the shipped rule sets in the database, a worked example."""

from __future__ import annotations

from typing import Any

import pytest

from sroi.rules.services import ruleset_import_shipped


@pytest.fixture
def rulesets(db: None) -> None:
    """The shipped rule sets, imported as published versions (as `manage.py` does on setup)."""
    summary = ruleset_import_shipped()
    assert not summary.conflicts, summary.conflicts


def management(prefix: str, total: int) -> dict[str, str]:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}


def worked_example(**overrides: Any) -> dict[str, Any]:
    """The worked example of rekenregels.md as the calculator form posts it.

    Utrecht 2024-1: contract 1.000.000, 5 %, 2026-01-01..2027-12-31; Participatiewet 36 h
    2026-01-01..2026-12-31 with the 50+ bonus; WW 18 h 2026-03-15..2026-06-30; social
    procurement 4.000.
    """
    data: dict[str, Any] = {
        "ruleset": "utrecht",
        "value_eur": "1.000.000",
        "sroi_percentage": "5",
        "start": "2026-01-01",
        "end": "2027-12-31",
        "pso_level": "",
        **management("placements", 2),
        "placements-0-block": "PW",
        "placements-0-hours_per_week": "36",
        "placements-0-start": "2026-01-01",
        "placements-0-end": "2026-12-31",
        "placements-0-count": "1",
        "placements-0-bonuses": ["BONUS_50PLUS"],
        "placements-1-block": "WW",
        "placements-1-hours_per_week": "18",
        "placements-1-start": "2026-03-15",
        "placements-1-end": "2026-06-30",
        "placements-1-count": "1",
        **management("amounts", 1),
        "amounts-0-block": "SOCIAAL_INKOPEN",
        "amounts-0-amount_eur": "4.000",
        **management("activities", 0),
        **management("other", 0),
        "action": "calculate",
    }
    data.update(overrides)
    return data
