"""Failed logins are rate-limited (settings.ACCOUNT_RATE_LIMITS["login_failed"])."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from sroi.accounts.models import User
from tests.factories import DEMO_PASSWORD


def allowed_failures() -> int:
    """The smallest count in the configured limits, e.g. "5/5m/ip,5/5m/key" -> 5."""
    rules = settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")
    return min(int(rule.split("/")[0]) for rule in rules)


def test_after_too_many_failed_logins_even_the_right_password_is_refused(
    client: Client, contractor_a: User
) -> None:
    EmailAddress.objects.create(
        user=contractor_a, email=contractor_a.email, verified=True, primary=True
    )
    url = reverse("account_login")

    for _attempt in range(allowed_failures()):
        response = client.post(url, {"login": contractor_a.email, "password": "fout-wachtwoord"})
        assert response.status_code == 200
        assert "Te veel inlogpogingen" not in response.content.decode()

    response = client.post(url, {"login": contractor_a.email, "password": DEMO_PASSWORD})

    # allauth answers with the form again (200) and a form error, not with a 429.
    assert response.status_code == 200
    html = response.content.decode()
    assert "Te veel inlogpogingen. Probeer het later nogmaals." in html
    assert "sroi-error-summary" in html
    assert "_auth_user_id" not in client.session


def test_right_password_within_the_limit_still_logs_in(client: Client, contractor_a: User) -> None:
    EmailAddress.objects.create(
        user=contractor_a, email=contractor_a.email, verified=True, primary=True
    )
    url = reverse("account_login")
    for _attempt in range(allowed_failures() - 1):
        client.post(url, {"login": contractor_a.email, "password": "fout-wachtwoord"})

    response = client.post(url, {"login": contractor_a.email, "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == contractor_a.pk


def test_failed_login_explains_in_dutch_with_error_summary(
    client: Client, contractor_a: User
) -> None:
    response = client.post(
        reverse("account_login"), {"login": contractor_a.email, "password": "fout-wachtwoord"}
    )
    html = response.content.decode()
    assert "Het door u opgegeven e-mailadres en/of wachtwoord is niet correct." in html
    assert "sroi-error-summary" in html
    assert f'value="{contractor_a.email}"' in html  # what was typed is kept


def test_too_many_sign_ups_get_a_dutch_429_page(
    client: Client, settings: Settings, db: None
) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/h/ip"}
    form = {"email": "x@example.org", "password1": "a", "password2": "b"}
    client.post(reverse("account_signup"), form)  # the one allowed attempt (invalid, no matter)

    response = client.post(reverse("account_signup"), form)

    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()
