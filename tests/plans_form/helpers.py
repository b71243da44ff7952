"""POST data of the plan form, as a browser sends it, and readers of the rendered page."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from django.http import HttpResponse

CANDIDATE_FIELDS = (
    "target_group",
    "count",
    "hours_per_week",
    "start_date",
    "duration_months",
    "end_date",
)
EFFORT_FIELDS = ("block_code", "amount_eur", "hours", "description")


def plan_post(
    *,
    lines: list[dict[str, Any]] | None = None,
    action: str = "save",
    **fields: Any,
) -> dict[str, Any]:
    """Every field of the form, filled in as a contractor would (Dutch notation), overridable.

    The defaults are a complete plan: contract EUR 1.000.000 at 5 % from 2026-01-01 to
    2027-12-31, effort "vacancies/jobs", target group Participatiewet < 2 years, one line.
    """
    data: dict[str, Any] = {
        "action": action,
        "name": "Onderhoud wegen Hoorn",
        "buyer": "",
        "value_eur": "1.000.000,00",
        "start_date": "2026-01-01",
        "end_date": "2027-12-31",
        "extension_notes": "",
        "extension_count": "",
        "extension_months": "",
        "sroi_percentage": "5",
        "effort_kinds": ["jobs"],
        "target_groups": ["pw_lt2"],
        "work_description": "Grondwerk en bestrating.",
        "social_explanation": "",
        "pso_level": "",
        "pso_certificate_end": "",
        "additional_info": "",
    }
    data.update(fields)
    if lines is None:
        lines = [
            {
                "kind": "candidate",
                "target_group": "pw_lt2",
                "count": "1",
                "hours_per_week": "36",
                "start_date": "2026-01-01",
                "duration_months": "12",
            }
        ]
    data["lines-TOTAL_FORMS"] = str(len(lines))
    data["lines-INITIAL_FORMS"] = "0"
    data["lines-MIN_NUM_FORMS"] = "0"
    data["lines-MAX_NUM_FORMS"] = "100"
    for index, line in enumerate(lines):
        for name, value in line.items():
            data[f"lines-{index}-{name}"] = value
        data.setdefault(f"lines-{index}-kind", "candidate")
    return {key: value for key, value in data.items() if value is not None}


def text(response: HttpResponse) -> str:
    return response.content.decode()


def field_error(response: HttpResponse, field_id: str) -> str:
    """The text of the error message shown at the field with id ``field_id`` ('' if none)."""
    match = re.search(
        rf'id="{re.escape(field_id)}_error"[^>]*>(.*?)</div>', text(response), re.DOTALL
    )
    if match is None:
        return ""
    plain = re.sub(r"<[^>]+>", " ", match.group(1))
    return " ".join(unescape(plain).split())


def input_value(response: HttpResponse, field_id: str) -> str | None:
    """The value attribute of the input with id ``field_id`` (None if it has none)."""
    match = re.search(rf'<input[^>]*\bid="{re.escape(field_id)}"[^>]*>', text(response))
    assert match is not None, f"no input #{field_id}"
    value = re.search(r'\bvalue="([^"]*)"', match.group(0))
    return unescape(value.group(1)) if value else None


def summary_links(response: HttpResponse) -> list[str]:
    """The hrefs of the links in the error summary at the top."""
    match = re.search(r'class="[^"]*sroi-error-summary".*?</ul>', text(response), re.DOTALL)
    if match is None:
        return []
    return re.findall(r'href="([^"]+)"', match.group(0))


def is_checked(response: HttpResponse, name: str, value: str) -> bool:
    """Whether the checkbox or radio button ``name``=``value`` is checked."""
    for tag in re.findall(r"<input[^>]*>", text(response)):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return re.search(r"\schecked(\s|>|=)", tag) is not None
    raise AssertionError(f"no input {name}={value}")
