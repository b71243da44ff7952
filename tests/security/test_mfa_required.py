"""Staff, superusers and coordinators must use two-factor authentication when
``SROI_REQUIRE_MFA`` is on (the production default): without an authenticator app they are
sent to set one up and can open nothing else, the admin at /beheer/ included."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from sroi.accounts.models import User
from tests.accounts.test_mfa import current_code, password_login
from tests.factories import DEMO_PASSWORD, UserFactory
from tests.security.settings_probe import (
    development_environment,
    production_environment,
    settings_in,
)

ACTIVATE = reverse("mfa_activate_totp")


@pytest.fixture
def require_mfa(settings: Settings) -> Settings:
    settings.SROI_REQUIRE_MFA = True
    settings.MFA_TOTP_TOLERANCE = 1
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings


def _signed_in(client: Client, user: User) -> Client:
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = password_login(client, user)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    return client


def _activate_totp(client: Client) -> Any:
    page = client.get(ACTIVATE)
    if page.status_code == 302:  # allauth asks for the password again first (open too)
        assert page["Location"].startswith(reverse("account_reauthenticate"))
        client.post(page["Location"], {"password": DEMO_PASSWORD})
        page = client.get(ACTIVATE)
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    return client.post(ACTIVATE, {"code": current_code(secret)})


def test_production_requires_mfa_and_development_does_not() -> None:
    assert settings_in(production_environment(), "s.SROI_REQUIRE_MFA") is True
    assert settings_in(development_environment(), "s.SROI_REQUIRE_MFA") is False
    switched_off = {**production_environment(), "SROI_REQUIRE_MFA": "0"}
    assert settings_in(switched_off, "s.SROI_REQUIRE_MFA") is False


@pytest.mark.usefixtures("require_mfa")
def test_superuser_with_only_a_password_does_not_get_the_admin(client: Client, db: None) -> None:
    superuser = UserFactory(
        email="root@werksaam.example.org", organisation=None, is_staff=True, is_superuser=True
    )
    _signed_in(client, superuser)

    for path in ("/beheer/", "/beheer/accounts/user/", "/plannen/", "/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == ACTIVATE, path

    page = client.get(ACTIVATE, follow=True)
    assert page.status_code == 200
    assert "Uw account vereist tweestapsverificatie" in page.content.decode()

    assert _activate_totp(client).status_code == 302
    assert Authenticator.objects.filter(user=superuser, type=Authenticator.Type.TOTP).exists()
    assert client.get("/beheer/").status_code == 200


@pytest.mark.usefixtures("require_mfa")
def test_coordinator_without_totp_can_only_set_it_up_or_log_out(
    client: Client, coordinator: User
) -> None:
    _signed_in(client, coordinator)

    assert client.get(reverse("plans:home"))["Location"] == ACTIVATE
    assert client.get(reverse("accounts:organisation_list"))["Location"] == ACTIVATE
    htmx = client.post(reverse("plans:home"), HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == ACTIVATE
    assert client.get(reverse("mfa_index")).status_code == 200

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Location"] != ACTIVATE
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("require_mfa")
def test_coordinator_with_totp_works_and_cannot_switch_it_off(
    client: Client, coordinator: User
) -> None:
    _signed_in(client, coordinator)
    _activate_totp(client)

    assert client.get(reverse("plans:home")).status_code == 200
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()


@pytest.mark.usefixtures("require_mfa")
def test_contractor_is_not_asked_for_mfa(client: Client, contractor_a: User) -> None:
    _signed_in(client, contractor_a)
    assert client.get(reverse("plans:home")).status_code == 200


def test_without_the_setting_a_coordinator_works_with_a_password(
    client: Client, coordinator: User, settings: Settings
) -> None:
    settings.SROI_REQUIRE_MFA = False
    _signed_in(client, coordinator)
    assert client.get(reverse("plans:home")).status_code == 200


@pytest.mark.usefixtures("require_mfa")
def test_a_coordinator_sent_to_set_up_mfa_right_after_login_is_not_asked_the_password_again(
    client: Client, coordinator: User
) -> None:
    """They typed it a moment ago: the set-up opens directly (in the browser, allauth asked for
    the password a second time on the very first page after logging in)."""
    _signed_in(client, coordinator)

    page = client.get(ACTIVATE)

    assert page.status_code == 200
    assert SECRET_SESSION_KEY in client.session


@pytest.mark.usefixtures("require_mfa")
def test_a_voluntary_activation_still_asks_the_password_again(
    client: Client, contractor_a: User
) -> None:
    _signed_in(client, contractor_a)

    page = client.get(ACTIVATE)

    assert page.status_code == 302
    assert page["Location"].startswith(reverse("account_reauthenticate"))
