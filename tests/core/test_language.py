"""Dutch by default; English when chosen with the language switch (and back)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_pages_are_dutch_by_default_even_for_an_english_browser(client: Client) -> None:
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})

    html = response.content.decode()
    assert '<html lang="nl"' in html
    assert "Open de rekenhulp" in html


def test_language_switch_sets_english_and_back_to_dutch(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.cookies["django_language"].value == "en"
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html
    assert "Open the calculator" in html

    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})

    html = client.get("/").content.decode()
    assert '<html lang="nl"' in html
    assert "Open de rekenhulp" in html


def test_language_switch_is_a_form_that_posts_to_set_language(client: Client) -> None:
    html = client.get("/bestaat-niet/?page=2").content.decode()

    assert 'action="/i18n/setlang/"' in html
    assert 'method="post"' in html
    # back to the same page, query string included
    assert 'name="next" type="hidden" value="/bestaat-niet/?page=2"' in html
    assert 'name="language"' in html
    assert 'value="en"' in html


def test_unknown_language_cookie_falls_back_to_dutch(client: Client) -> None:
    client.cookies["django_language"] = "xx"

    html = client.get("/").content.decode()

    assert '<html lang="nl"' in html
