"""Two-factor authentication (TOTP): any user can switch it on; login then asks for the code."""

from __future__ import annotations

import time
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from sroi.accounts.models import User
from tests.factories import DEMO_PASSWORD


def current_code(secret: str) -> str:
    """What an authenticator app shows now: RFC 6238 with allauth's own HOTP helper."""
    code: str = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    return code


def password_login(client: Client, user: User) -> Any:
    return client.post(reverse("account_login"), {"login": user.email, "password": DEMO_PASSWORD})


def test_user_activates_totp_and_login_then_asks_for_the_code(
    client: Client, contractor_a: User, settings: Settings
) -> None:
    # One period of tolerance, so a code computed just before a 30-second boundary still counts.
    settings.MFA_TOTP_TOLERANCE = 1
    EmailAddress.objects.create(
        user=contractor_a, email=contractor_a.email, verified=True, primary=True
    )
    assert password_login(client, contractor_a).status_code == 302

    # The organisation page links to allauth's MFA overview, which offers activation.
    assert reverse("mfa_index") in client.get(reverse("accounts:organisation")).content.decode()
    overview = client.get(reverse("mfa_index"))
    assert overview.status_code == 200
    assert reverse("mfa_activate_totp") in overview.content.decode()

    # A security change asks for the password again first (allauth's reauthentication).
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("account_reauthenticate"))
    confirm = client.get(page["Location"])
    assert confirm.status_code == 200
    assert "utrecht-textbox" in confirm.content.decode()
    client.post(page["Location"], {"password": DEMO_PASSWORD})

    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "utrecht-heading-1" in html
    assert "Activeer authenticator-app" in html
    secret = client.session[SECRET_SESSION_KEY]

    not_the_code = "000000" if current_code(secret) != "000000" else "111111"
    wrong = client.post(reverse("mfa_activate_totp"), {"code": not_the_code})
    assert wrong.status_code == 200
    assert "Ongeldige code." in wrong.content.decode()
    assert not Authenticator.objects.filter(user=contractor_a).exists()

    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=contractor_a, type=Authenticator.Type.TOTP).exists()

    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session

    # The password alone is no longer enough: allauth stops at the code.
    response = password_login(client, contractor_a)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    challenge = client.get(reverse("mfa_authenticate"))
    assert challenge.status_code == 200
    assert 'autocomplete="one-time-code"' in challenge.content.decode()

    bad = client.post(reverse("mfa_authenticate"), {"code": "12345"})
    assert bad.status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == contractor_a.pk


def test_mfa_overview_requires_login(client: Client, db: None) -> None:
    response = client.get(reverse("mfa_index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
