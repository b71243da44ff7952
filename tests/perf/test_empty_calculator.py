"""The empty calculator (a first visit) is rendered once per process and key, not per request,
and every visitor still gets a CSRF token of its own that the calculator accepts."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sroi.rules.constants import RuleSetState
from sroi.rules.models import RuleSetVersion
from tests.calculator.conftest import worked_example

pytestmark = pytest.mark.usefixtures("shipped_rulesets")

URL = reverse("rules:calculator")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ANY_TOKEN = re.compile(r"[A-Za-z0-9]{64}")


def _names(response: object) -> list[str]:
    return [t.name for t in response.templates]  # type: ignore[attr-defined]


def test_a_second_visit_does_not_render_the_calculator_again(client: Client) -> None:
    first = client.get(URL)
    second = Client().get(URL)

    assert "rules/_calculator.html" in _names(first)
    assert "rules/_calculator.html" not in _names(second)
    assert re.sub(r"\s+", " ", ANY_TOKEN.sub("", first.content.decode())) == re.sub(
        r"\s+", " ", ANY_TOKEN.sub("", second.content.decode())
    )


def test_every_visitor_gets_a_token_the_calculator_accepts() -> None:
    tokens = []
    for _visitor in range(2):
        browser = Client(enforce_csrf_checks=True)
        page = browser.get(URL)
        html = page.content.decode()
        form = html[html.index('id="calculator-form"') :]
        found = TOKEN.findall(form)
        tokens.append(found[0])
        response = browser.post(URL, {**worked_example(), "csrfmiddlewaretoken": found[0]})
        assert response.status_code == 200
        assert 'data-figure="total">EUR 56.956,99<' in response.content.decode()

    assert tokens[0] != tokens[1]


def test_the_empty_calculator_follows_the_published_versions(client: Client) -> None:
    assert 'value="rijnvicus"' in client.get(URL).content.decode()

    RuleSetVersion.objects.filter(code="rijnvicus").update(state=RuleSetState.CONCEPT)

    assert 'value="rijnvicus"' not in client.get(URL).content.decode()
