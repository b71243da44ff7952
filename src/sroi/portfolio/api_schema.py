"""Post-processing of the OpenAPI schema for the read-only API
(``SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]``): the filter's error body is closed, so a
client (and the fuzzer) tells it from the ``{"detail": ...}`` of the other errors."""

from __future__ import annotations

from typing import Any


def close_filter_errors(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    schemas = result.get("components", {}).get("schemas", {})
    if "FilterErrors" in schemas:
        schemas["FilterErrors"]["additionalProperties"] = False
    return result
