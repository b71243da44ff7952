"""The only bridge from the database to the engine: model instances to ``engine.RuleSet``.

Parsing a stored document is the expensive part of every calculation page, so each version is
parsed once per process: the parsed ``RuleSet`` (immutable) is kept under the version's pk and
its change time (``updated_at``, set by every save) with the fields that identify the
document. A saved change gets a new ``updated_at`` and so a new parse; nothing has to be
invalidated by hand, and every worker process notices a publication on its next request.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sroi.rules.engine import RuleSet
from sroi.rules.files import parse_ruleset

if TYPE_CHECKING:
    from sroi.rules.models import RuleSetVersion

# Version pk -> (its key when parsed, the parsed rule set). One entry per stored version.
_Key = tuple[datetime, str, str, date, date | None, str]
_PARSED: dict[int, tuple[_Key, RuleSet]] = {}


def _key(version: RuleSetVersion) -> _Key | None:
    if version.pk is None or version.updated_at is None:
        return None
    return (
        version.updated_at,
        version.code,
        version.version,
        version.valid_from,
        version.valid_to,
        version.state,
    )


def is_parsed(version: RuleSetVersion) -> bool:
    """Whether this process holds the parse of ``version`` as it is stored now."""
    key = _key(version)
    entry = _PARSED.get(version.pk) if key is not None else None
    return entry is not None and entry[0] == key


def ruleset_version_to_engine(version: RuleSetVersion) -> RuleSet:
    """The engine rule set of a stored version, parsed once per process and change.

    Services only ever store documents that parse. An unsaved instance is parsed every time.
    The document is read only when the version is not parsed yet, so callers may load
    versions without it (``defer("document")``).
    """
    key = _key(version)
    if key is None:
        return parse_ruleset(version.document)
    entry = _PARSED.get(version.pk)
    if entry is not None and entry[0] == key:
        return entry[1]
    ruleset = parse_ruleset(version.document)
    _PARSED[version.pk] = (key, ruleset)
    return ruleset


def forget_parsed() -> None:
    """Drop every kept parse (tests that compare parse counts start from nothing)."""
    _PARSED.clear()
