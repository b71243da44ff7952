"""axe-core accessibility checks for Playwright pages (WCAG 2.1 A and AA).

``assert_accessible(page)`` runs the vendored axe-core (tests/e2e/vendor/axe-core, MPL-2.0)
in the page and fails with a readable list of violations. It works under the site's CSP
(script-src 'self'): the library is evaluated through the DevTools protocol, not injected as
an inline <script>, so the tests run against the real headers.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, Response

AXE_PATH = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

# Set on a Page by the `page` fixture in conftest.py: called after each successful check, so
# the fixture can tell which loaded pages were never checked.
ON_CHECKED_ATTRIBUTE = "_sroi_on_axe_checked"


@cache
def _axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


def axe_violations(page: Page, *, disable_rules: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Run axe on the page's document and return its violations (possibly empty)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated by the DevTools protocol: not subject to the page's CSP.
        page.evaluate(f"() => {{ {_axe_source()}\n;window.axe = axe; }}")
    options: dict[str, Any] = {
        "runOnly": {"type": "tag", "values": list(WCAG_TAGS)},
        "resultTypes": ["violations"],
    }
    if disable_rules:
        options["rules"] = {rule: {"enabled": False} for rule in disable_rules}
    result: dict[str, Any] = page.evaluate(
        "async (options) => await window.axe.run(document, options)", options
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) (WCAG 2.1 AA) on {url}:"]
    for violation in violations:
        lines.append(
            f"- [{violation.get('impact') or 'n/a'}] {violation['id']}: {violation['help']}"
            f" ({violation.get('helpUrl', '')})"
        )
        for node in violation.get("nodes", [])[:10]:
            target = " ".join(
                json.dumps(t) if not isinstance(t, str) else t for t in node["target"]
            )
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
        if len(violation.get("nodes", [])) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def assert_accessible(page: Page, *, disable_rules: tuple[str, ...] = ()) -> None:
    """Fail the test when axe finds a WCAG 2.1 A/AA violation on the current page.

    ``disable_rules`` switches off named axe rules; give the reason in a comment where used.
    """
    page.wait_for_load_state("load")
    violations = axe_violations(page, disable_rules=disable_rules)
    if violations:
        raise AssertionError(format_violations(page.url, violations))
    on_checked = getattr(page, ON_CHECKED_ATTRIBUTE, None)
    if on_checked is not None:
        on_checked()


def visit(page: Page, path: str, *, status: int = 200) -> Response:
    """Go to ``path`` (relative to the live server), check the HTTP status, run axe."""
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    assert response.status == status, f"GET {path}: HTTP {response.status}, expected {status}"
    assert_accessible(page)
    return response
