"""The landing page: public, says what the service is for, the way in for each role."""

from __future__ import annotations

import pytest
from django.test import Client

from sroi.accounts.models import User

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_sees_the_calculator_and_sign_in(client: Client) -> None:
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Voor opdrachtnemers" in html
    assert "Voor SROI-coördinatoren" in html
    assert 'href="/rekenhulp/"' in html
    assert 'href="/accounts/login/"' in html
    assert 'href="/plannen/"' not in html
    assert 'href="#main"' in html and 'id="main"' in html  # skip link and its target


def test_signed_in_contractor_sees_plans_and_sign_out(client: Client, contractor_a: User) -> None:
    client.force_login(contractor_a)

    html = client.get("/").content.decode()

    assert 'href="/plannen/"' in html
    assert 'action="/accounts/logout/"' in html
    assert "Uitloggen" in html
    assert 'href="/accounts/login/"' not in html


def test_home_page_only_answers_get(client: Client) -> None:
    assert client.post("/").status_code == 405
