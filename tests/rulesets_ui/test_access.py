"""Coordinator pages: contractors get 403, anonymous users are sent to the login page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.rules.models import RuleSetVersion

pytestmark = pytest.mark.usefixtures("shipped_rulesets")

COORDINATOR_ROUTES = ["rulesets:version_new", "rulesets:version_edit", "rulesets:version_publish"]
NHN = {"code": "nhn-werksaam", "version": "indicative-1"}


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("route", COORDINATOR_ROUTES)
def test_anonymous_is_sent_to_login(client: Client, route: str, method: str) -> None:
    url = reverse(route, kwargs=NHN)

    response = getattr(client, method)(url, {"action": "publish", "version": "x"})

    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("route", COORDINATOR_ROUTES)
def test_contractor_gets_403(client: Client, contractor_a: User, route: str, method: str) -> None:
    client.force_login(contractor_a)
    url = reverse(route, kwargs=NHN)
    data = {"action": "publish", "version": "2099-1", "valid_from": "2099-01-01"}

    response = getattr(client, method)(url, data)

    assert response.status_code == 403
    assert list(RuleSetVersion.objects.filter(version="2099-1")) == []


# Of a published version, "new version" shows its form; edit and publish send the user back
# to the read-only detail page.
@pytest.mark.parametrize(
    ("route", "status"),
    [
        ("rulesets:version_new", 200),
        ("rulesets:version_edit", 302),
        ("rulesets:version_publish", 302),
    ],
)
def test_administrator_may_use_coordinator_pages(
    client: Client, administrator: User, route: str, status: int
) -> None:
    client.force_login(administrator)
    response = client.get(reverse(route, kwargs=NHN))
    assert response.status_code == status
    if status == 302:
        assert response["Location"] == reverse("rulesets:detail", kwargs=NHN)


def test_coordinator_sees_the_new_version_button(client: Client, coordinator: User) -> None:
    client.force_login(coordinator)
    html = client.get(reverse("rulesets:detail", kwargs=NHN)).content.decode()
    assert reverse("rulesets:version_new", kwargs=NHN) in html
    # Published: read-only, no edit or publish button.
    assert reverse("rulesets:version_edit", kwargs=NHN) not in html
    assert reverse("rulesets:version_publish", kwargs=NHN) not in html
