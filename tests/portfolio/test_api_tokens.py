"""Personal API tokens: made through the page, shown once, kept as a hash, revocable and
expiring; a wrong, unknown, revoked or expired key is a 401."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sroi.accounts.models import User
from sroi.core.models import AuditEntry
from sroi.portfolio.api_auth import KEY_PREFIX
from sroi.portfolio.models import ApiToken
from sroi.portfolio.token_services import TOKENS_PER_USER_MAX, TokenError, api_token_create
from tests.portfolio.api_world import World, bearer, key_for, world

__all__ = ["world"]

ME = "/api/v1/contracts/"


def _make(client: Client, user: User, **data: str) -> tuple[int, str]:
    client.force_login(user)
    response = client.post("/api-sleutels/nieuw/", {"name": "Power BI", **data})
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("persona", ["coordinator", "contractor_a", "buyer_hoorn"])
def test_every_signed_in_role_makes_a_key_that_is_shown_once_and_stored_as_a_hash(
    client: Client, world: World, persona: str, request: pytest.FixtureRequest
) -> None:
    user = getattr(world, persona) if hasattr(world, persona) else request.getfixturevalue(persona)
    status, page = _make(client, user)
    assert status == 200
    token = ApiToken.objects.get(user=user)
    start = page.index(KEY_PREFIX + token.prefix[len(KEY_PREFIX) :])
    key = page[start : page.index('"', start)]
    assert hashlib.sha256(key.encode()).hexdigest() == token.key_hash
    assert key not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    # Shown once: the list shows the prefix, never the key.
    listing = client.get("/api-sleutels/").content.decode()
    assert token.prefix in listing and key not in listing
    # The key works; the audit entry does not hold it.
    client.logout()
    assert client.get(ME, **bearer(key)).status_code == 200
    entry = AuditEntry.objects.get(action="api_token.create")
    assert key not in str(entry.data) and entry.data["prefix"] == token.prefix


def test_the_token_header_word_works_too(client: Client, world: World, coordinator: User) -> None:
    key = key_for(coordinator)
    assert client.get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_anonymous_user_is_sent_to_sign_in_for_the_key_page(client: Client, world: World) -> None:
    response = client.get("/api-sleutels/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.post("/api-sleutels/nieuw/", {"name": "x"}).status_code == 302
    assert ApiToken.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "BSN 111222333"}, "name"),
        ({"expires_on": "31-02-2026"}, "expires_on"),
        ({"expires_on": "01-01-2000"}, "expires_on"),
        ({"expires_on": "01-01-9999"}, "expires_on"),
    ],
)
def test_a_bad_name_or_expiry_is_refused_at_its_field(
    client: Client, world: World, coordinator: User, data: dict[str, str], field: str
) -> None:
    client.force_login(coordinator)
    response = client.post("/api-sleutels/nieuw/", {"name": "BI", **data})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert ApiToken.objects.count() == 0


def test_revoking_stops_the_key_at_once_and_is_audited(
    client: Client, world: World, coordinator: User
) -> None:
    key = key_for(coordinator)
    token = ApiToken.objects.get()
    client.force_login(coordinator)
    response = client.post(f"/api-sleutels/{token.pk}/intrekken/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    response = client.get(ME, **bearer(key))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert AuditEntry.objects.filter(action="api_token.revoke", object_id=str(token.pk)).exists()


def test_another_users_token_cannot_be_revoked(
    client: Client, world: World, coordinator: User, contractor_a: User
) -> None:
    key = key_for(contractor_a)
    token = ApiToken.objects.get()
    client.force_login(coordinator)
    assert client.post(f"/api-sleutels/{token.pk}/intrekken/").status_code == 404
    assert client.post("/api-sleutels/99999999999999999999/intrekken/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    client.logout()
    assert client.get(ME, **bearer(key)).status_code == 200


def test_revoking_needs_a_post(client: Client, world: World, coordinator: User) -> None:
    key_for(coordinator)
    token = ApiToken.objects.get()
    client.force_login(coordinator)
    assert client.get(f"/api-sleutels/{token.pk}/intrekken/").status_code == 405


def test_an_expired_key_is_refused(client: Client, world: World, coordinator: User) -> None:
    key = key_for(coordinator)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(ME, **bearer(key)).status_code == 401


def test_a_key_with_an_expiry_date_works_until_that_day(
    client: Client, world: World, coordinator: User
) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%d-%m-%Y")
    status, _page = _make(client, coordinator, expires_on=tomorrow)
    assert status == 200
    token = ApiToken.objects.get()
    assert token.expires_at is not None
    assert timezone.localtime(token.expires_at).date() == timezone.localdate() + timedelta(days=1)


def test_the_key_of_an_inactive_user_is_refused(
    client: Client, world: World, coordinator: User
) -> None:
    key = key_for(coordinator)
    User.objects.filter(pk=coordinator.pk).update(is_active=False)
    assert client.get(ME, **bearer(key)).status_code == 401


@pytest.mark.parametrize(
    "header",
    [
        "Bearer sroi_unknown",
        "Bearer",
        "Bearer a b",
        "Token " + "x" * 5000,
        "Bearer sroi_\u00e9\u00e9",
    ],
)
def test_a_wrong_or_unknown_key_is_a_401(client: Client, world: World, header: str) -> None:
    response = client.get(ME, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert "detail" in response.json()


def test_last_used_is_written_at_most_once_a_minute(
    client: Client, world: World, coordinator: User
) -> None:
    key = key_for(coordinator)
    assert client.get(ME, **bearer(key)).status_code == 200
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    assert client.get(ME, **bearer(key)).status_code == 200
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=first - timedelta(minutes=2))
    assert client.get(ME, **bearer(key)).status_code == 200
    assert ApiToken.objects.get().last_used_at > first - timedelta(minutes=2)


def test_a_user_keeps_a_bounded_number_of_keys_in_use(world: World, coordinator: User) -> None:
    for number in range(TOKENS_PER_USER_MAX):
        key_for(coordinator, name=f"key {number}")
    with pytest.raises(TokenError):
        key_for(coordinator)
    ApiToken.objects.filter(pk=ApiToken.objects.first().pk).update(revoked_at=timezone.now())
    key_for(coordinator)


def test_an_expiry_in_the_past_is_refused_by_the_service(world: World, coordinator: User) -> None:
    with pytest.raises(TokenError):
        api_token_create(
            acting_user=coordinator, name="x", expires_at=timezone.now() - timedelta(hours=1)
        )


def test_the_key_page_lists_only_the_users_own_keys(
    client: Client, world: World, coordinator: User, contractor_a: User
) -> None:
    key_for(contractor_a, name="Sleutel van A")
    key_for(coordinator, name="Sleutel van de coordinator")
    client.force_login(coordinator)
    page = client.get("/api-sleutels/").content.decode()
    assert "Sleutel van de coordinator" in page
    assert "Sleutel van A" not in page
