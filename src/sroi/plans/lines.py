"""The fields of a plan line and THE definition of an empty one.

A line is empty when nothing was typed on it: every field blank, and the count blank or 1
(the form offers a new candidate line with a count of 1, so that default alone does not make
a line; a count of 3 was typed). The form
leaves empty lines out, the services drop them when saving, and the valuation never meets
one (a saved line is never empty). A line that is not empty but names no target group and no
building block (only a description, say) is a problem the valuation reports at the line, so
it cannot be skipped silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sroi.plans.models import PlanLine

LINE_FIELDS: tuple[str, ...] = (
    "target_group",
    "block_code",
    "count",
    "hours_per_week",
    "start_date",
    "end_date",
    "bonuses",
    "hours",
    "amount_eur",
    "agreed_value_eur",
    "description",
)
# The key of a line's database id in the line data the services take (absent: a new line).
LINE_ID = "id"
# The count a new candidate line starts with: on its own it is not typed.
_DEFAULT_COUNTS = (None, "", 1, "1")


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set | frozenset):
        return not any(str(item).strip() for item in value)
    return False


def line_is_empty(line: Mapping[str, Any]) -> bool:
    """Nothing typed on ``line`` (a mapping of ``LINE_FIELDS``; missing keys are blank)."""
    count = line.get("count")
    if isinstance(count, str):
        count = count.strip()
    return count in _DEFAULT_COUNTS and all(
        _blank(line.get(name)) for name in LINE_FIELDS if name != "count"
    )


def plan_line_is_empty(line: PlanLine) -> bool:
    """``line_is_empty`` for a (saved or unsaved) ``PlanLine``."""
    return line_is_empty({name: getattr(line, name) for name in LINE_FIELDS})
