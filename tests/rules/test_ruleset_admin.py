"""The admin for rule-set versions: staff only, writes through the services, published read-only."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.core.models import AuditEntry
from sroi.rules.constants import RuleSetState
from sroi.rules.models import RuleSetVersion
from sroi.rules.services import ruleset_import_shipped
from tests.factories import UserFactory
from tests.rules.documents import valid_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser() -> User:
    return UserFactory(email="beheer@werksaam.example.org", administrator=True, is_superuser=True)


def test_anonymous_and_contractor_are_sent_to_the_login(client: Client, contractor_a: User) -> None:
    url = reverse("admin:rules_rulesetversion_changelist")
    assert client.get(url).status_code == 302
    client.force_login(contractor_a)
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_published_version_is_shown_read_only(client: Client, superuser: User) -> None:
    ruleset_import_shipped()
    version = RuleSetVersion.objects.get(code="utrecht", version="2024-1")
    client.force_login(superuser)

    listing = client.get(reverse("admin:rules_rulesetversion_changelist"))
    change = client.get(reverse("admin:rules_rulesetversion_change", args=[version.pk]))
    post = client.post(
        reverse("admin:rules_rulesetversion_change", args=[version.pk]),
        {"document": json.dumps(valid_document())},
    )

    assert listing.status_code == 200
    assert "utrecht" in listing.content.decode()
    assert change.status_code == 200
    assert 'name="document"' not in change.content.decode()
    assert post.status_code == 403
    version.refresh_from_db()
    assert version.document["id"] == "utrecht"


def test_adding_through_the_admin_creates_a_concept_via_the_service(
    client: Client, superuser: User
) -> None:
    client.force_login(superuser)
    response = client.post(
        reverse("admin:rules_rulesetversion_add"),
        {"document": json.dumps(valid_document())},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    version = RuleSetVersion.objects.get(code="testregio")
    assert version.state == RuleSetState.CONCEPT
    assert AuditEntry.objects.filter(action="ruleset_version.create", actor=superuser).exists()


def test_admin_refuses_a_bad_document_naming_the_field(client: Client, superuser: User) -> None:
    client.force_login(superuser)
    doc = valid_document()
    doc["blocks"][1]["basis"] = "per_week"
    response = client.post(reverse("admin:rules_rulesetversion_add"), {"document": json.dumps(doc)})
    assert response.status_code == 200
    assert "blocks[1].basis" in response.content.decode()
    assert not RuleSetVersion.objects.exists()
