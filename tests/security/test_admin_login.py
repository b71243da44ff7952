"""The admin at /beheer/ signs in through allauth: its rate limit and two-factor step apply."""

from __future__ import annotations

from django.test import Client

from sroi.accounts.models import User


def test_admin_login_page_sends_to_the_allauth_login(client: Client, db: None) -> None:
    response = client.get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_admin_login_form_post_cannot_bypass_allauth(client: Client, administrator: User) -> None:
    from tests.factories import DEMO_PASSWORD

    response = client.post(
        "/beheer/login/?next=/beheer/",
        {"username": administrator.email, "password": DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_contractor_signed_in_is_refused_the_admin(client: Client, contractor_a: User) -> None:
    client.force_login(contractor_a)
    assert client.get("/beheer/login/").status_code == 403
