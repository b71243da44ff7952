"""The only bridge from the database to the engine: model instances to ``engine.RuleSet``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sroi.rules.engine import RuleSet
from sroi.rules.files import parse_ruleset

if TYPE_CHECKING:
    from sroi.rules.models import RuleSetVersion


def ruleset_version_to_engine(version: RuleSetVersion) -> RuleSet:
    """Parse the stored document; services only ever store documents that parse."""
    return parse_ruleset(version.document)
