"""X-Forwarded-For is trusted only when a proxy count is configured (default: none, also in
production), so a forged header cannot escape the per-address login and API limits."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from sroi.accounts.models import User
from tests.factories import DEMO_PASSWORD
from tests.security.settings_probe import production_environment, settings_in

LIMITED = "Te veel inlogpogingen. Probeer het later nogmaals."


_PROXY_SETTINGS = (
    "{'count': s.TRUSTED_PROXY_COUNT, 'allauth': s.ALLAUTH_TRUSTED_PROXY_COUNT,"
    " 'drf': s.REST_FRAMEWORK['NUM_PROXIES']}"
)


def test_production_trusts_no_proxy_unless_configured() -> None:
    production = production_environment()
    assert settings_in(production, _PROXY_SETTINGS) == {"count": 0, "allauth": 0, "drf": 0}
    configured = {**production, "SROI_TRUSTED_PROXY_COUNT": "1"}
    assert settings_in(configured, _PROXY_SETTINGS) == {"count": 1, "allauth": 1, "drf": 1}


def _fail_logins_from_new_forged_addresses(client: Client, count: int) -> None:
    """Failed logins, each for another e-mail address (so the per-address limit is the one
    that counts) and each with another forged X-Forwarded-For."""
    for n in range(count):
        response = client.post(
            reverse("account_login"),
            {"login": f"nobody{n}@example.org", "password": "fout-wachtwoord"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
        assert LIMITED not in response.content.decode()


def _limit(settings: Settings) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/5m/ip"}


def test_forged_forwarded_for_does_not_escape_the_login_limit(
    client: Client, contractor_a: User, settings: Settings
) -> None:
    _limit(settings)
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    EmailAddress.objects.create(
        user=contractor_a, email=contractor_a.email, verified=True, primary=True
    )
    _fail_logins_from_new_forged_addresses(client, 3)

    response = client.post(
        reverse("account_login"),
        {"login": contractor_a.email, "password": DEMO_PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )

    assert LIMITED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_behind_one_trusted_proxy_the_address_it_appends_counts(
    client: Client, contractor_a: User, settings: Settings
) -> None:
    _limit(settings)
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    EmailAddress.objects.create(
        user=contractor_a, email=contractor_a.email, verified=True, primary=True
    )
    # The client forges a first entry; the proxy appends the real address (always the same).
    for n in range(3):
        client.post(
            reverse("account_login"),
            {"login": f"nobody{n}@example.org", "password": "fout-wachtwoord"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 192.0.2.10",
        )
    response = client.post(
        reverse("account_login"),
        {"login": contractor_a.email, "password": DEMO_PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7, 192.0.2.10",
    )
    assert LIMITED in response.content.decode()

    # Another real client behind the same proxy is not limited.
    other = Client()
    response = other.post(
        reverse("account_login"),
        {"login": contractor_a.email, "password": DEMO_PASSWORD},
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )
    assert response.status_code == 302
    assert int(other.session["_auth_user_id"]) == contractor_a.pk


@pytest.mark.usefixtures("shipped_rulesets")
def test_forged_forwarded_for_does_not_escape_the_api_throttle(
    client: Client, settings: Settings
) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "NUM_PROXIES": 0,
        "DEFAULT_THROTTLE_RATES": {"calc": "2/minute"},
    }
    codes = [
        client.get("/api/v1/rulesets/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(3)
    ]
    assert codes == [200, 200, 429]


@pytest.mark.usefixtures("shipped_rulesets")
def test_behind_one_trusted_proxy_the_api_throttles_per_real_client(
    settings: Settings,
) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "NUM_PROXIES": 1,
        "DEFAULT_THROTTLE_RATES": {"calc": "2/minute"},
    }
    client = Client()
    codes = [
        client.get(
            "/api/v1/rulesets/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 192.0.2.10"
        ).status_code
        for n in range(3)
    ]
    assert codes == [200, 200, 429]
    other = Client().get("/api/v1/rulesets/", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert other.status_code == 200
