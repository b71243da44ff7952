"""Post-processing of the OpenAPI schema (``SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]``):
the calc-io input components are closed (an unknown key is refused with ``unknown_field``),
and the inline rule-set document gets its component."""

from __future__ import annotations

from typing import Any

from sroi.rules.api_serializers import CALC_LINES_MAX

CLOSED_COMPONENTS = ("CalcRequest", "CalcContract", "CalcLine")


def close_calc_components(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name in CLOSED_COMPONENTS:
        if name in schemas:
            schemas[name]["additionalProperties"] = False
    if "CalcRequest" in schemas:
        # More lines are refused with 413 (``api.MAX_LINES``).
        schemas["CalcRequest"]["properties"]["lines"]["maxItems"] = CALC_LINES_MAX
    schemas["InlineRuleSet"] = {
        "type": "object",
        "additionalProperties": True,
        "description": "A rule-set document as in docs/ruleset-format.md (checked in full by "
        "the server: every problem is answered as a 400 problem with field ruleset.<path>).",
    }
    return result
