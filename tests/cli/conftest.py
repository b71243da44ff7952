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
