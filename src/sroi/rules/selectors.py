"""Reads of rule-set versions. Rule sets are public: only published versions are shown."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from sroi.rules.constants import RuleSetState
from sroi.rules.engine import RuleSet
from sroi.rules.loaders import ruleset_version_to_engine
from sroi.rules.models import RuleSetVersion


def ruleset_versions_published() -> list[RuleSetVersion]:
    """Every published version, by code and validity."""
    return list(
        RuleSetVersion.objects.filter(state=RuleSetState.PUBLISHED).order_by(
            "code", "valid_from", "version"
        )
    )


def ruleset_version_valid_on(*, code: str, day: date) -> RuleSetVersion:
    """The published version of ``code`` valid on ``day``.

    Raises ``RuleSetVersion.DoesNotExist`` when none is.
    """
    return RuleSetVersion.objects.get(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        code=code,
        state=RuleSetState.PUBLISHED,
        valid_from__lte=day,
    )


def engine_rulesets_published() -> tuple[RuleSet, ...]:
    """The published versions as engine rule sets (for ``engine.select_version``)."""
    return tuple(ruleset_version_to_engine(version) for version in ruleset_versions_published())
