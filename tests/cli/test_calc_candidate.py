"""``sroi calc``: a line's optional ``candidate`` (docs/calc-io.md, rekenregels section 9)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.cli.conftest import Run
from tests.cli.documents import worked_example

Sroi = Callable[..., Run]
WriteJson = Callable[[Any], Path]
TEST_BSN = "123456782"  # passes the eleven test


def _hours_change(candidate: str | None) -> dict[str, Any]:
    """rekenregels 9.1: one candidate, 24 then 36 hours, WW_LT1 with a 12-month cap."""
    lines: list[dict[str, Any]] = [
        {"block": "WW_LT1", "hours_per_week": "24", "start": "2026-01-01", "end": "2026-06-30"},
        {"block": "WW_LT1", "hours_per_week": "36", "start": "2026-07-01", "end": "2027-12-31"},
    ]
    if candidate is not None:
        for line in lines:
            line["candidate"] = candidate
    return {
        "ruleset": "nhn-werksaam",
        "contract": {"value_eur": "600000", "start": "2026-01-01", "end": "2027-12-31"},
        "lines": lines,
    }


def test_one_candidate_counts_12_months_not_18(sroi: Sroi, write_json: WriteJson) -> None:
    out = sroi("calc", str(write_json(_hours_change("K-1")))).json()
    # 15,000 x 24/36 x 6 / 12 = 5,000 and 15,000 x 6 / 12 = 7,500 (cap ends 31-12-2026)
    assert [line["value_eur"] for line in out["lines"]] == ["5000.00", "7500.00"]
    assert out["total_eur"] == "12500.00"
    assert [line["candidate"] for line in out["lines"]] == ["K-1", "K-1"]
    assert out["lines"][1]["counted_to"] == "2026-12-31"


def test_without_candidate_the_output_is_unchanged(sroi: Sroi, write_json: WriteJson) -> None:
    out = sroi("calc", str(write_json(_hours_change(None)))).json()
    assert out["total_eur"] == "20000.00"  # 5,000 + 15,000: each line its own cap
    assert all("candidate" not in line for line in out["lines"])
    plain = sroi("calc", str(write_json(worked_example()))).json()
    assert plain["total_eur"] == "56956.99"


def test_a_bsn_as_candidate_is_refused_and_not_echoed(sroi: Sroi, write_json: WriteJson) -> None:
    doc = _hours_change("K-1")
    doc["lines"][1]["candidate"] = TEST_BSN
    result = sroi("calc", str(write_json(doc)), "--lang", "en")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.error_lines == [
        "lines[1].candidate: a candidate may not hold a BSN: use a pseudonym (for example K-017)"
    ]
    assert TEST_BSN not in result.stderr


def test_a_candidate_is_a_short_text(sroi: Sroi, write_json: WriteJson) -> None:
    doc = _hours_change("K-1")
    doc["lines"][0]["candidate"] = 17
    doc["lines"][1]["candidate"] = "K" * 201
    result = sroi("calc", str(write_json(doc)))
    assert result.returncode == 2
    assert [line.split(": ", 1)[0] for line in result.error_lines] == [
        "lines[0].candidate",
        "lines[1].candidate",
    ]
    assert "een candidate heeft ten hoogste 200 tekens" in result.stderr
