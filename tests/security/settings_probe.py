"""Read settings as a fresh process with a given environment computes them."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from tests.core.test_security import PROJECT_DIR, _production_environment

__all__ = ["development_environment", "production_environment", "settings_in"]

production_environment = _production_environment


def development_environment() -> dict[str, str]:
    environment = _production_environment()
    for name in list(environment):
        if name.startswith("SROI_"):
            del environment[name]
    return environment


def settings_in(environment: dict[str, str], expression: str) -> Any:
    """The JSON value of ``expression`` (over ``s``, the settings) in that environment."""
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({expression}))"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", script],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)
