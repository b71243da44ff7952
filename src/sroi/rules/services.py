"""Every change to rule-set versions: concepts are editable, published versions never change.

The validity periods of the published versions of one code never overlap; ``publish`` and
``import`` check that here (one place, the same on SQLite and PostgreSQL), holding a lock on
every version of the code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sroi.accounts.models import User
from sroi.core.audit import audit_log
from sroi.rules.constants import RuleSetState
from sroi.rules.engine import RuleSet
from sroi.rules.files import RuleSetFileError, load_shipped_rulesets, parse_ruleset, ruleset_to_dict
from sroi.rules.models import RuleSetVersion


@dataclass(frozen=True)
class ImportSummary:
    """What ``ruleset_import_shipped`` did, as ``"code version"`` labels."""

    imported: tuple[str, ...]
    unchanged: tuple[str, ...]
    conflicts: tuple[str, ...]  # "code version: why it was left alone"

    def __str__(self) -> str:
        return (
            f"imported {len(self.imported)}, unchanged {len(self.unchanged)}, "
            f"conflicts {len(self.conflicts)}"
        )


def _period(valid_from: date, valid_to: date | None) -> str:
    start = valid_from.strftime("%d-%m-%Y")
    end = valid_to.strftime("%d-%m-%Y") if valid_to is not None else _("open-ended")
    return f"{start} - {end}"


def _overlaps(a_from: date, a_to: date | None, b_from: date, b_to: date | None) -> bool:
    return a_from <= (b_to or date.max) and b_from <= (a_to or date.max)


def _parse_document(document: Mapping[str, Any]) -> RuleSet:
    """The engine rule set of ``document``, or a ValidationError naming each field."""
    try:
        return parse_ruleset(document)
    except RuleSetFileError as exc:
        dutch = (translation.get_language() or "nl").startswith("nl")
        raise ValidationError(
            {
                "document": [
                    f"{problem.field}: {problem.message_nl if dutch else problem.message}"
                    for problem in exc.problems
                ]
            }
        ) from exc


def _fields_from(ruleset: RuleSet) -> dict[str, Any]:
    return {
        "code": ruleset.id,
        "version": ruleset.version,
        "name": ruleset.name,
        "region": ruleset.region,
        "status": ruleset.status.value,
        "valid_from": ruleset.valid_from,
        "valid_to": ruleset.valid_to,
        "document": ruleset_to_dict(ruleset),
    }


def _check_version_free(code: str, version: str, *, exclude_pk: int | None = None) -> None:
    others = RuleSetVersion.objects.filter(code=code, version=version)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise ValidationError(
            {
                "document": _("Rule set %(code)s already has a version %(version)s.")
                % {"code": code, "version": version}
            }
        )


def _lock_versions(code: str) -> list[RuleSetVersion]:
    """Every version of ``code``, locked in a fixed order so that publications serialise."""
    return list(RuleSetVersion.objects.select_for_update().filter(code=code).order_by("pk"))


def _published_overlap(
    versions: list[RuleSetVersion],
    valid_from: date,
    valid_to: date | None,
    *,
    exclude_pk: int | None = None,
) -> RuleSetVersion | None:
    """The published version among ``versions`` whose validity overlaps the period, if any."""
    for other in versions:
        if other.pk == exclude_pk or other.state != RuleSetState.PUBLISHED:
            continue
        if _overlaps(valid_from, valid_to, other.valid_from, other.valid_to):
            return other
    return None


def _overlap_message(version: str, period: str, other: RuleSetVersion) -> str:
    return _(
        "The validity of version %(version)s (%(period)s) overlaps published version "
        "%(other)s (%(other_period)s). Let this version start after the other one ends, or "
        "first end the validity of the other version."
    ) % {
        "version": version,
        "period": period,
        "other": other.version,
        "other_period": _period(other.valid_from, other.valid_to),
    }


@transaction.atomic
def ruleset_version_create(
    *, document: Mapping[str, Any], acting_user: User | None
) -> RuleSetVersion:
    """Store ``document`` as a new concept version (checked, stored in canonical form)."""
    ruleset = _parse_document(document)
    _check_version_free(ruleset.id, ruleset.version)
    version = RuleSetVersion.objects.create(state=RuleSetState.CONCEPT, **_fields_from(ruleset))
    audit_log(
        actor=acting_user,
        action="ruleset_version.create",
        obj=version,
        data={"code": version.code, "version": version.version},
    )
    return version


@transaction.atomic
def ruleset_version_update(
    *, version: RuleSetVersion, document: Mapping[str, Any], acting_user: User | None
) -> RuleSetVersion:
    """Replace the document of a concept. A published version never changes."""
    locked = RuleSetVersion.objects.select_for_update().get(pk=version.pk)
    if locked.state != RuleSetState.CONCEPT:
        raise ValidationError(
            _(
                "Version %(version)s of %(code)s is published and can no longer be changed; "
                "create a new version instead."
            )
            % {"version": locked.version, "code": locked.code}
        )
    ruleset = _parse_document(document)
    _check_version_free(ruleset.id, ruleset.version, exclude_pk=locked.pk)
    for name, value in _fields_from(ruleset).items():
        setattr(locked, name, value)
    locked.save()
    audit_log(
        actor=acting_user,
        action="ruleset_version.update",
        obj=locked,
        data={"code": locked.code, "version": locked.version},
    )
    return locked


@transaction.atomic
def ruleset_version_publish(*, version: RuleSetVersion, acting_user: User | None) -> RuleSetVersion:
    """Publish a concept, refusing a validity that overlaps another published version."""
    versions = _lock_versions(version.code)
    locked = next((v for v in versions if v.pk == version.pk), None)
    if locked is None:  # the concept's code changed meanwhile
        locked = RuleSetVersion.objects.select_for_update().get(pk=version.pk)
        versions = _lock_versions(locked.code)
    if locked.state != RuleSetState.CONCEPT:
        raise ValidationError(
            _("Version %(version)s of %(code)s is already published.")
            % {"version": locked.version, "code": locked.code}
        )
    _parse_document(locked.document)
    other = _published_overlap(versions, locked.valid_from, locked.valid_to, exclude_pk=locked.pk)
    if other is not None:
        raise ValidationError(
            _overlap_message(locked.version, _period(locked.valid_from, locked.valid_to), other)
        )
    locked.state = RuleSetState.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["state", "published_at", "updated_at"])
    audit_log(
        actor=acting_user,
        action="ruleset_version.publish",
        obj=locked,
        data={"code": locked.code, "version": locked.version},
    )
    return locked


@transaction.atomic
def ruleset_version_end_validity(
    *, version: RuleSetVersion, valid_to: date, acting_user: User | None
) -> RuleSetVersion:
    """End an open-ended published version on ``valid_to`` (its last valid day).

    The one change a published version allows, as for published types in Open Zaak: the
    values never change, but a coordinator who publishes a successor (the official NHN values
    after the indicative ones) must be able to end the open-ended validity of its predecessor.
    """
    versions = _lock_versions(version.code)
    locked = next(v for v in versions if v.pk == version.pk)
    if locked.state != RuleSetState.PUBLISHED:
        raise ValidationError(
            _("Only a published version can be ended; change the validity of a concept instead.")
        )
    if locked.valid_to is not None:
        raise ValidationError(
            _("Version %(version)s of %(code)s already ends on %(day)s.")
            % {
                "version": locked.version,
                "code": locked.code,
                "day": locked.valid_to.strftime("%d-%m-%Y"),
            }
        )
    if valid_to < locked.valid_from:
        raise ValidationError(
            {
                "valid_to": _("The end date may not lie before the start date %(day)s.")
                % {"day": locked.valid_from.strftime("%d-%m-%Y")}
            }
        )
    document = dict(locked.document)
    document["valid_to"] = valid_to.isoformat()
    locked.document = ruleset_to_dict(_parse_document(document))
    locked.valid_to = valid_to
    locked.save(update_fields=["document", "valid_to", "updated_at"])
    audit_log(
        actor=acting_user,
        action="ruleset_version.end_validity",
        obj=locked,
        data={"code": locked.code, "version": locked.version, "valid_to": valid_to.isoformat()},
    )
    return locked


@transaction.atomic
def ruleset_import_shipped(*, acting_user: User | None = None) -> ImportSummary:
    """Bring the shipped rule sets into the database as published versions.

    Idempotent: a missing version is created, an identical one is left alone, and a version
    whose stored content differs from its file (or a concept with the same version, or a
    validity that overlaps another published version) is reported as a conflict and left
    unchanged: a published version never changes silently.
    """
    imported: list[str] = []
    unchanged: list[str] = []
    conflicts: list[str] = []
    for ruleset in load_shipped_rulesets():
        label = f"{ruleset.id} {ruleset.version}"
        versions = _lock_versions(ruleset.id)
        existing = next((v for v in versions if v.version == ruleset.version), None)
        if existing is not None:
            if existing.state != RuleSetState.PUBLISHED:
                conflicts.append(f"{label}: a concept with this version exists")
            elif not _same_as_shipped(existing, ruleset):
                conflicts.append(f"{label}: the published version differs from the shipped file")
            else:
                unchanged.append(label)
            continue
        other = _published_overlap(versions, ruleset.valid_from, ruleset.valid_to)
        if other is not None:
            conflicts.append(f"{label}: validity overlaps published version {other.version}")
            continue
        version = RuleSetVersion.objects.create(
            state=RuleSetState.PUBLISHED, published_at=timezone.now(), **_fields_from(ruleset)
        )
        audit_log(
            actor=acting_user,
            action="ruleset_version.import",
            obj=version,
            data={"code": version.code, "version": version.version},
        )
        imported.append(label)
    return ImportSummary(tuple(imported), tuple(unchanged), tuple(conflicts))


def _same_as_shipped(stored: RuleSetVersion, shipped: RuleSet) -> bool:
    """Whether ``stored`` holds the shipped rule set, allowing an ended open validity."""
    try:
        ruleset = parse_ruleset(stored.document)  # what is stored now, never a cached parse
    except RuleSetFileError:
        return False
    if shipped.valid_to is None and ruleset.valid_to is not None:
        shipped = replace(shipped, valid_to=ruleset.valid_to)
    return ruleset == shipped
