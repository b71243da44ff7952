"""Adding and removing lines without JavaScript: a submit button re-renders the form."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.calculator.conftest import worked_example
from tests.calculator.test_calculator_page import URL, input_value

pytestmark = pytest.mark.usefixtures("rulesets")


def test_add_line_renders_one_more_empty_line_and_keeps_what_was_typed(client: Client) -> None:
    response = client.post(URL, worked_example(action="add:placements", value_eur="1.000.000"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="placements-TOTAL_FORMS" value="3"' in html
    assert input_value(html, "placements-2-hours_per_week") is None
    assert input_value(html, "placements-2-count") == "1"
    assert input_value(html, "placements-1-hours_per_week") == "18"
    assert input_value(html, "value_eur") == "1.000.000"
    # The new line gets the focus; no errors are shown for the empty line.
    new_select = re.search(r'<select name="placements-2-block"[^>]*>', html)
    assert new_select is not None and "autofocus" in new_select.group(0)
    assert "sroi-error-summary" not in html
    # The complete lines are still valued: the empty new one is left out.
    assert 'data-figure="total">EUR 56.956,99<' in html


def test_add_line_works_for_an_empty_section(client: Client) -> None:
    response = client.post(URL, worked_example(action="add:activities"))

    html = response.content.decode()
    assert 'name="activities-TOTAL_FORMS" value="1"' in html
    assert "Scholing, kennis of middelen" in html  # a per-hour block of Utrecht 2024-1


def test_remove_line_drops_that_line_and_renumbers_the_rest(client: Client) -> None:
    response = client.post(URL, worked_example(action="remove:placements:0"))

    html = response.content.decode()
    assert 'name="placements-TOTAL_FORMS" value="1"' in html
    # The WW line moved up to position 0.
    assert input_value(html, "placements-0-hours_per_week") == "18"
    assert input_value(html, "placements-0-start") == "2026-03-15"
    add_button = re.search(r'<button[^>]*value="add:placements"[^>]*>', html)
    assert add_button is not None and "autofocus" in add_button.group(0)
    # Total without the Participatiewet line: 2.956,99 + 4.000,00 = 6.956,99.
    assert 'data-figure="total">EUR 6.956,99<' in html


def test_an_unknown_line_action_changes_nothing(client: Client) -> None:
    response = client.post(URL, worked_example(action="remove:nonsense:7"))

    html = response.content.decode()
    assert 'name="placements-TOTAL_FORMS" value="2"' in html


def test_applying_another_rule_set_without_javascript_refreshes_the_lists_without_errors(
    client: Client,
) -> None:
    data = worked_example(action="refresh", ruleset="haaglanden-zhc", value_eur="")

    response = client.post(URL, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Werkzoekend zonder uitkering" in html  # a Haaglanden target group
    assert "sroi-error-summary" not in html
    assert input_value(html, "placements-1-hours_per_week") == "18"
