"""The htmx partial: the result panel only, updated as people type."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.calculator.conftest import worked_example

pytestmark = pytest.mark.usefixtures("rulesets")

PARTIAL = reverse("rules:calculator_valuation")
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_page_wires_the_form_to_the_partial(client: Client) -> None:
    html = client.get(reverse("rules:calculator")).content.decode()

    assert f'hx-post="{PARTIAL}"' in html
    assert 'hx-trigger="input changed delay:400ms, change"' in html
    assert 'hx-target="#calculator-result"' in html
    assert 'id="calculator-result" class="sroi-panel sroi-calc__result" aria-live="polite"' in html


def test_partial_returns_only_the_result_panel(client: Client) -> None:
    # Same figures as the worked example: obligation 50.000,00, total 56.956,99, 113,9 %.
    response = client.post(PARTIAL, worked_example(shown_ruleset="utrecht@2024-1"), **HTMX)

    assert response.status_code == 200
    assert "HX-Retarget" not in response
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="calculator-form"' not in html
    assert 'data-figure="obligation">EUR 50.000,00<' in html
    assert 'data-figure="total">EUR 56.956,99<' in html
    assert 'data-figure="fulfilment">113,9 %<' in html


def test_partial_lists_what_is_missing_without_an_outcome(client: Client) -> None:
    response = client.post(
        PARTIAL, worked_example(value_eur="", shown_ruleset="utrecht@2024-1"), **HTMX
    )

    html = response.content.decode()
    assert 'data-figure="total"' not in html
    assert "Nog niet compleet" in html
    assert 'href="#id_value_eur"' in html


def test_partial_sends_the_whole_calculator_when_the_rule_set_version_changes(
    client: Client,
) -> None:
    # The page showed NHN; the person chose Utrecht: the block lists must change too.
    response = client.post(
        PARTIAL, worked_example(shown_ruleset="nhn-werksaam@indicative-1"), **HTMX
    )

    assert response["HX-Retarget"] == "#calculator"
    assert response["HX-Reswap"] == "outerHTML"
    html = response.content.decode()
    assert 'id="calculator-form"' in html
    assert 'name="shown_ruleset" value="utrecht@2024-1"' in html
    assert 'data-figure="total">EUR 56.956,99<' in html


def test_partial_refuses_get(client: Client) -> None:
    assert client.get(PARTIAL).status_code == 405
