"""Reads of rule-set versions: the one place that decides who sees which version.

Rule sets are public: everyone (also anonymous users and contractors) sees the published
versions. A concept is still being worked on: only coordinators (and administrators) see it.
The calculator, the plans and the API use the published versions only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from sroi.rules.constants import RuleSetState
from sroi.rules.engine import RuleSet
from sroi.rules.loaders import is_parsed, ruleset_version_to_engine
from sroi.rules.models import RuleSetVersion

# The published versions as last read by this process, under their stamp (``_published_stamp``).
_PUBLISHED: dict[str, tuple[tuple[Any, ...], tuple[RuleSetVersion, ...]]] = {}


def _published_stamp() -> tuple[Any, ...]:
    """Number, latest change and sum of ids of the published versions: one small query that
    changes with every publication, correction (every save sets ``updated_at``), ending or
    deletion of a published version."""
    table = connection.ops.quote_name(RuleSetVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), MAX(updated_at), SUM(id) FROM {table} WHERE state = %s",  # noqa: S608 (our own table name)
            [RuleSetState.PUBLISHED.value],
        )
        return tuple(cursor.fetchone() or ())


def forget_published() -> None:
    """Drop the kept list of published versions (tests that count queries from nothing)."""
    _PUBLISHED.clear()


def ruleset_versions_published() -> list[RuleSetVersion]:
    """Every published version, by code and validity, without its document.

    One small query (``_published_stamp``); the versions themselves are read again only when
    it differs from the last read in this process, so every worker sees a publication on its
    next request. Callers treat the versions as read only (they are shared between requests).
    ``version.to_engine()`` gives the parsed rule set (kept per process, ``rules.loaders``);
    reading ``version.document`` itself costs a query per version.
    """
    stamp = _published_stamp()
    kept = _PUBLISHED.get(connection.alias)
    if kept is not None and kept[0] == stamp:
        return list(kept[1])
    versions = tuple(
        RuleSetVersion.objects.filter(state=RuleSetState.PUBLISHED)
        .defer("document")
        .order_by("code", "valid_from", "version")
    )
    _PUBLISHED[connection.alias] = (stamp, versions)
    return list(versions)


def published_version_valid_on(
    versions: list[RuleSetVersion], *, code: str, day: date
) -> RuleSetVersion | None:
    """Among ``versions`` (``ruleset_versions_published``), the one of ``code`` valid on
    ``day``, as ``ruleset_version_valid_on`` finds it, without a query."""
    for version in versions:
        if (
            version.code == code
            and version.state == RuleSetState.PUBLISHED
            and version.valid_from <= day
            and (version.valid_to is None or day <= version.valid_to)
        ):
            return version
    return None


def _sees_concepts(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_coordinator)


def ruleset_versions_for_user(user: Any) -> QuerySet[RuleSetVersion]:
    """The versions ``user`` may see, by code and validity: published ones for everyone,
    the concepts too for coordinators and administrators."""
    versions = RuleSetVersion.objects.order_by("code", "valid_from", "version")
    if _sees_concepts(user):
        return versions.filter(state__in=[RuleSetState.PUBLISHED, RuleSetState.CONCEPT])
    return versions.filter(state=RuleSetState.PUBLISHED)


def ruleset_version_get_for_user(user: Any, *, code: str, version: str) -> RuleSetVersion:
    """Version ``version`` of rule set ``code``; ``Http404`` when ``user`` may not see it."""
    found = ruleset_versions_for_user(user).filter(code=code, version=version).first()
    if found is None:
        raise Http404(_("This rule set version does not exist."))
    return found


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
    """The published versions as engine rule sets (for ``engine.select_version``).

    One query for the list; the documents of versions this process has not parsed yet come
    in one more query, and each is parsed once per process (``rules.loaders``).
    """
    versions = ruleset_versions_published()
    missing = [version.pk for version in versions if not is_parsed(version)]
    if missing:
        documents = dict(
            RuleSetVersion.objects.filter(pk__in=missing).values_list("pk", "document")
        )
        for version in versions:
            if version.pk in documents:
                version.document = documents[version.pk]
    return tuple(ruleset_version_to_engine(version) for version in versions)
