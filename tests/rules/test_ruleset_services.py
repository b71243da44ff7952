"""Rule-set versions in the database: concepts change, published versions never do."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from sroi.accounts.models import User
from sroi.core.models import AuditEntry
from sroi.rules.constants import RuleSetState
from sroi.rules.files import load_shipped_rulesets, ruleset_to_dict
from sroi.rules.models import RuleSetVersion
from sroi.rules.selectors import (
    engine_rulesets_published,
    ruleset_version_valid_on,
    ruleset_versions_published,
)
from sroi.rules.services import (
    ruleset_import_shipped,
    ruleset_version_create,
    ruleset_version_end_validity,
    ruleset_version_publish,
    ruleset_version_update,
)
from tests.rules.documents import valid_document

pytestmark = pytest.mark.django_db

SHIPPED = 8  # the rule-set files in src/sroi/rules/data


def _published(
    administrator: User, *, version: str, valid_from: str, valid_to: str | None
) -> RuleSetVersion:
    doc = valid_document()
    doc.update(version=version, valid_from=valid_from, valid_to=valid_to)
    concept = ruleset_version_create(document=doc, acting_user=administrator)
    return ruleset_version_publish(version=concept, acting_user=administrator)


def test_import_creates_every_shipped_version_as_published() -> None:
    summary = ruleset_import_shipped()
    assert (len(summary.imported), len(summary.unchanged), len(summary.conflicts)) == (
        SHIPPED,
        0,
        0,
    )
    versions = RuleSetVersion.objects.all()
    assert versions.count() == SHIPPED
    assert all(v.state == RuleSetState.PUBLISHED and v.published_at for v in versions)
    nhn = RuleSetVersion.objects.get(code="nhn-werksaam")
    assert nhn.status == "indicative"
    assert nhn.to_engine() in load_shipped_rulesets()
    assert AuditEntry.objects.filter(action="ruleset_version.import").count() == SHIPPED


def test_import_twice_leaves_everything_unchanged() -> None:
    ruleset_import_shipped()
    summary = ruleset_import_shipped()
    assert (len(summary.imported), len(summary.unchanged), len(summary.conflicts)) == (
        0,
        SHIPPED,
        0,
    )
    assert RuleSetVersion.objects.count() == SHIPPED


def test_import_reports_a_published_version_that_differs_from_its_file() -> None:
    ruleset_import_shipped()
    stored = RuleSetVersion.objects.get(code="utrecht", version="2024-1")
    changed = dict(stored.document)
    changed["blocks"] = [dict(b) for b in stored.document["blocks"]]
    changed["blocks"][0]["value"] = "45000"
    RuleSetVersion.objects.filter(pk=stored.pk).update(document=changed)

    summary = ruleset_import_shipped()

    assert summary.conflicts == (
        "utrecht 2024-1: the published version differs from the shipped file",
    )
    stored.refresh_from_db()
    assert stored.document["blocks"][0]["value"] == "45000"  # reported, not overwritten


def test_import_command_prints_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("import_rulesets")
    call_command("import_rulesets")
    out = capsys.readouterr().out
    assert f"imported {SHIPPED}, unchanged 0, conflicts 0" in out
    assert f"imported 0, unchanged {SHIPPED}, conflicts 0" in out


def test_create_stores_a_concept_in_canonical_form(administrator: User) -> None:
    doc = valid_document()
    doc["blocks"][0]["value"] = 40000  # a JSON number is read as a decimal
    version = ruleset_version_create(document=doc, acting_user=administrator)
    assert version.state == RuleSetState.CONCEPT
    assert version.published_at is None
    assert (version.code, version.version, version.valid_from) == (
        "testregio",
        "2026-1",
        date(2026, 1, 1),
    )
    assert version.document["blocks"][0]["value"] == "40000"
    entry = AuditEntry.objects.get(action="ruleset_version.create")
    assert entry.actor == administrator
    assert entry.object_id == str(version.pk)


def test_create_refuses_a_bad_document_naming_the_field(administrator: User) -> None:
    doc = valid_document()
    doc["blocks"][2]["basis"] = "per_week"
    with pytest.raises(ValidationError) as excinfo:
        ruleset_version_create(document=doc, acting_user=administrator)
    assert "blocks[2].basis" in excinfo.value.message_dict["document"][0]
    assert not RuleSetVersion.objects.exists()


def test_create_refuses_an_existing_version(administrator: User) -> None:
    ruleset_version_create(document=valid_document(), acting_user=administrator)
    with pytest.raises(ValidationError):
        ruleset_version_create(document=valid_document(), acting_user=administrator)


def test_concept_is_editable(administrator: User) -> None:
    concept = ruleset_version_create(document=valid_document(), acting_user=administrator)
    doc = valid_document()
    doc["blocks"][0]["value"] = "42500"
    doc["valid_to"] = "2026-12-31"
    updated = ruleset_version_update(version=concept, document=doc, acting_user=administrator)
    updated.refresh_from_db()
    assert updated.valid_to == date(2026, 12, 31)
    block = updated.to_engine().block("PW")
    assert block is not None and block.value == Decimal("42500")
    assert AuditEntry.objects.filter(action="ruleset_version.update").count() == 1


def test_published_version_is_immutable(administrator: User) -> None:
    published = _published(administrator, version="2026-1", valid_from="2026-01-01", valid_to=None)
    doc = valid_document()
    doc["blocks"][0]["value"] = "1"
    with pytest.raises(ValidationError, match="is gepubliceerd en kan niet meer"):
        ruleset_version_update(version=published, document=doc, acting_user=administrator)
    published.refresh_from_db()
    assert published.document["blocks"][0]["value"] == "40000"
    with pytest.raises(ValidationError, match="is al gepubliceerd"):
        ruleset_version_publish(version=published, acting_user=administrator)


def test_publish_sets_state_date_and_audit(administrator: User) -> None:
    published = _published(administrator, version="2026-1", valid_from="2026-01-01", valid_to=None)
    assert published.state == RuleSetState.PUBLISHED
    assert published.published_at is not None
    assert AuditEntry.objects.filter(action="ruleset_version.publish").count() == 1


def test_publish_refuses_overlapping_validity_with_a_dutch_message(
    administrator: User,
) -> None:
    _published(administrator, version="2026-1", valid_from="2026-01-01", valid_to="2026-12-31")
    doc = valid_document()
    doc.update(version="2026-2", valid_from="2026-07-01", valid_to=None)
    concept = ruleset_version_create(document=doc, acting_user=administrator)

    with pytest.raises(ValidationError) as excinfo:
        ruleset_version_publish(version=concept, acting_user=administrator)

    message = excinfo.value.messages[0]
    assert "2026-1" in message and "01-07-2026" in message
    assert "overlapt" in message  # the UI language is Dutch
    concept.refresh_from_db()
    assert concept.state == RuleSetState.CONCEPT


def test_publish_accepts_the_next_period(administrator: User) -> None:
    _published(administrator, version="2026-1", valid_from="2026-01-01", valid_to="2026-06-30")
    second = _published(administrator, version="2026-2", valid_from="2026-07-01", valid_to=None)
    assert second.state == RuleSetState.PUBLISHED


def test_valid_on_selects_the_published_version_of_the_day(administrator: User) -> None:
    first = _published(
        administrator, version="2026-1", valid_from="2026-01-01", valid_to="2026-06-30"
    )
    second = _published(administrator, version="2026-2", valid_from="2026-07-01", valid_to=None)
    doc = valid_document()
    doc.update(version="2027-concept", valid_from="2027-01-01")
    ruleset_version_create(document=doc, acting_user=administrator)  # concepts never count

    assert ruleset_version_valid_on(code="testregio", day=date(2026, 6, 30)) == first
    assert ruleset_version_valid_on(code="testregio", day=date(2026, 7, 1)) == second
    assert ruleset_version_valid_on(code="testregio", day=date(2030, 1, 1)) == second
    with pytest.raises(RuleSetVersion.DoesNotExist):
        ruleset_version_valid_on(code="testregio", day=date(2025, 12, 31))
    with pytest.raises(RuleSetVersion.DoesNotExist):
        ruleset_version_valid_on(code="elders", day=date(2026, 7, 1))


def test_published_selectors_give_only_published_versions(administrator: User) -> None:
    ruleset_import_shipped()
    ruleset_version_create(document=valid_document(), acting_user=administrator)
    published = ruleset_versions_published()
    assert len(published) == SHIPPED
    assert all(v.state == RuleSetState.PUBLISHED for v in published)
    assert set(engine_rulesets_published()) == set(load_shipped_rulesets())


def test_stored_document_is_the_file_document() -> None:
    ruleset_import_shipped()
    for ruleset in load_shipped_rulesets():
        stored = RuleSetVersion.objects.get(code=ruleset.id, version=ruleset.version)
        assert stored.document == ruleset_to_dict(ruleset)


def test_successor_publishes_after_the_open_version_is_ended(administrator: User) -> None:
    first = _published(administrator, version="2026-1", valid_from="2026-01-01", valid_to=None)
    doc = valid_document()
    doc.update(version="2027-1", valid_from="2027-01-01", valid_to=None)
    successor = ruleset_version_create(document=doc, acting_user=administrator)
    with pytest.raises(ValidationError):
        ruleset_version_publish(version=successor, acting_user=administrator)

    ended = ruleset_version_end_validity(
        version=first, valid_to=date(2026, 12, 31), acting_user=administrator
    )
    published = ruleset_version_publish(version=successor, acting_user=administrator)

    assert ended.valid_to == date(2026, 12, 31)
    assert ended.to_engine().valid_to == date(2026, 12, 31)  # the document says so too
    block = ended.to_engine().block("PW")
    assert block is not None and block.value == Decimal("40000")  # the values never change
    assert published.state == RuleSetState.PUBLISHED
    assert ruleset_version_valid_on(code="testregio", day=date(2027, 1, 1)) == published
    assert AuditEntry.objects.filter(action="ruleset_version.end_validity").count() == 1


def test_end_validity_refuses_concepts_ended_versions_and_early_dates(
    administrator: User,
) -> None:
    concept = ruleset_version_create(document=valid_document(), acting_user=administrator)
    with pytest.raises(ValidationError):
        ruleset_version_end_validity(
            version=concept, valid_to=date(2026, 12, 31), acting_user=administrator
        )
    published = ruleset_version_publish(version=concept, acting_user=administrator)
    with pytest.raises(ValidationError):
        ruleset_version_end_validity(
            version=published, valid_to=date(2025, 12, 31), acting_user=administrator
        )
    ruleset_version_end_validity(
        version=published, valid_to=date(2026, 12, 31), acting_user=administrator
    )
    with pytest.raises(ValidationError):
        ruleset_version_end_validity(
            version=published, valid_to=date(2027, 12, 31), acting_user=administrator
        )


def test_import_keeps_an_ended_shipped_version_unchanged(administrator: User) -> None:
    ruleset_import_shipped()
    nhn = RuleSetVersion.objects.get(code="nhn-werksaam")
    ruleset_version_end_validity(
        version=nhn, valid_to=date(2026, 12, 31), acting_user=administrator
    )
    summary = ruleset_import_shipped()
    assert (len(summary.unchanged), summary.conflicts) == (SHIPPED, ())
