"""Who sees which rule-set version, decided in ``rules.selectors`` (and only there).

Published versions are public; a concept is seen by coordinators and administrators only.
For everyone else a concept does not exist: 404 on every page that names it.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.rules.constants import RuleSetState
from sroi.rules.models import RuleSetVersion
from sroi.rules.selectors import (
    ruleset_version_get_for_user,
    ruleset_version_valid_on,
    ruleset_versions_for_user,
)
from sroi.rules.services import ruleset_version_create

pytestmark = pytest.mark.usefixtures("shipped_rulesets")

# Eight shipped files in src/sroi/rules/data/, all imported as published versions.
SHIPPED = 8


@pytest.fixture
def concept(db: None) -> RuleSetVersion:
    document = dict(ruleset_version_valid_on(code="utrecht", day=date(2025, 1, 1)).document)
    document["version"] = "2027-concept"
    document["valid_from"] = "2027-01-01"
    return ruleset_version_create(document=document, acting_user=None)


def labels(user: object) -> list[tuple[str, str]]:
    return [(v.code, v.version) for v in ruleset_versions_for_user(user)]


def test_anonymous_sees_only_published_versions(concept: RuleSetVersion) -> None:
    anonymous = AnonymousUser()

    seen = labels(anonymous)

    assert len(seen) == SHIPPED
    assert ("utrecht", "2027-concept") not in seen
    with pytest.raises(Http404):
        ruleset_version_get_for_user(anonymous, code="utrecht", version="2027-concept")
    published = ruleset_version_get_for_user(anonymous, code="utrecht", version="2024-1")
    assert published.state == RuleSetState.PUBLISHED


def test_contractor_does_not_see_a_concept(contractor_a: User, concept: RuleSetVersion) -> None:
    seen = labels(contractor_a)

    assert len(seen) == SHIPPED
    assert ("utrecht", "2027-concept") not in seen
    with pytest.raises(Http404):
        ruleset_version_get_for_user(contractor_a, code="utrecht", version="2027-concept")


@pytest.mark.parametrize("persona", ["coordinator", "administrator"])
def test_coordinator_and_administrator_see_the_concept(
    request: pytest.FixtureRequest, persona: str, concept: RuleSetVersion
) -> None:
    user = request.getfixturevalue(persona)

    seen = labels(user)

    assert len(seen) == SHIPPED + 1
    assert ("utrecht", "2027-concept") in seen
    found = ruleset_version_get_for_user(user, code="utrecht", version="2027-concept")
    assert found.pk == concept.pk


def test_versions_come_by_code_then_validity(coordinator: User, concept: RuleSetVersion) -> None:
    utrecht = [v.version for v in ruleset_versions_for_user(coordinator) if v.code == "utrecht"]
    # utrecht 2015-1 from 2015, 2024-1 from 2024-01-01, the concept from 2027-01-01.
    assert utrecht == ["2015-1", "2024-1", "2027-concept"]


def test_unknown_version_is_404_for_the_coordinator(coordinator: User) -> None:
    with pytest.raises(Http404):
        ruleset_version_get_for_user(coordinator, code="utrecht", version="nope")


@pytest.mark.parametrize(
    "route",
    [
        "rulesets:detail",
        "rulesets:download",
        "rulesets:version_new",
        "rulesets:version_edit",
        "rulesets:version_publish",
    ],
)
def test_concept_pages_are_404_for_anonymous_and_contractor_and_open_to_the_coordinator(
    client: Client, contractor_a: User, coordinator: User, concept: RuleSetVersion, route: str
) -> None:
    url = reverse(route, kwargs={"code": concept.code, "version": concept.version})
    public = route in {"rulesets:detail", "rulesets:download"}

    anonymous = client.get(url)
    # The coordinator pages send an anonymous user to log in before anything is looked up.
    assert anonymous.status_code == (404 if public else 302)

    client.force_login(contractor_a)
    assert client.get(url).status_code == (404 if public else 403)

    client.force_login(coordinator)
    assert client.get(url).status_code == 200
