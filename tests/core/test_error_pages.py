"""Error pages: the right status, in Dutch, in the site's layout, without internal details."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.core.urls"),
]


@override_settings(DEBUG=False)
def test_unknown_address_gives_404_with_dutch_text(client: Client) -> None:
    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html
    assert "De pagina die u zocht bestaat niet (meer)." in html
    assert 'href="/"' in html  # the way back to the start page


@override_settings(DEBUG=False)
def test_permission_denied_gives_403_with_dutch_text_and_no_exception_detail(
    client: Client,
) -> None:
    response = client.get("/test-403/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "U hebt geen toegang tot deze pagina" in html
    assert "organisation B" not in html


@override_settings(DEBUG=False)
def test_server_error_gives_500_with_dutch_text_and_no_traceback() -> None:
    client = Client(raise_request_exception=False)

    response = client.get("/test-500/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html
    assert "Wat u hebt opgeslagen, is niet verloren." in html
    assert "boom" not in html
    assert "RuntimeError" not in html


@override_settings(DEBUG=False)
def test_bad_request_gives_400_with_dutch_text(client: Client) -> None:
    response = client.get("/test-400/")

    assert response.status_code == 400
    assert "Het verzoek kon niet worden verwerkt" in response.content.decode()


@override_settings(DEBUG=False)
def test_expired_form_gives_403_explaining_what_to_do() -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "Het formulier is verlopen" in html
    assert "CSRF" not in html


@override_settings(DEBUG=False)
def test_error_page_follows_the_chosen_language(client: Client) -> None:
    client.cookies["django_language"] = "en"

    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
