"""Run the real console script in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SROI = Path(sys.executable).with_name("sroi")


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)

    @property
    def error_lines(self) -> list[str]:
        return self.stderr.splitlines()


def run_sroi(*args: str, stdin: str | None = None) -> Run:
    command = [str(SROI), *args] if SROI.exists() else [sys.executable, "-m", "sroi.cli", *args]
    result = subprocess.run(  # noqa: S603
        command, input=stdin, capture_output=True, text=True, timeout=60, check=False
    )
    return Run(result.returncode, result.stdout, result.stderr)


@pytest.fixture
def sroi() -> Callable[..., Run]:
    return run_sroi


@pytest.fixture
def write_json(tmp_path: Path) -> Callable[[Any], Path]:
    def write(doc: Any) -> Path:
        path = tmp_path / "calculation.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        return path

    return write


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
