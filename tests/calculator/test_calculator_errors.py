"""Bad input: a Dutch message at the field, an error summary, and nothing typed is lost."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.calculator.conftest import worked_example
from tests.calculator.test_calculator_page import URL, input_value

pytestmark = pytest.mark.usefixtures("rulesets")


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'id="{field_id}_error">(.*?)</div>', html, re.S)
    assert match is not None, f"no error message at {field_id}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def test_garbage_amount_gives_a_dutch_error_at_the_field_and_keeps_every_typed_value(
    client: Client,
) -> None:
    response = client.post(
        URL,
        worked_example(value_eur="een miljoen", **{"placements-1-hours_per_week": "veel"}),
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "Vul een bedrag in, bijvoorbeeld 50.000,00" in field_error(html, "id_value_eur")
    assert "Vul een aantal uren in, bijvoorbeeld 36 of 18,5" in field_error(
        html, "id_placements-1-hours_per_week"
    )
    # The error summary links to both fields.
    assert "sroi-error-summary" in html
    assert 'href="#id_value_eur"' in html
    assert 'href="#id_placements-1-hours_per_week"' in html
    # Nothing typed is lost, the wrong values included.
    assert input_value(html, "value_eur") == "een miljoen"
    assert input_value(html, "placements-1-hours_per_week") == "veel"
    assert input_value(html, "placements-0-hours_per_week") == "36"
    assert input_value(html, "amounts-0-amount_eur") == "4.000"
    assert 'value="BONUS_50PLUS"' in html and re.search(
        r'value="BONUS_50PLUS"[^>]*checked|checked[^>]*value="BONUS_50PLUS"', html
    )
    # No outcome for a calculation that cannot be made.
    assert 'data-figure="total"' not in html


@pytest.mark.parametrize("typed", ["1,000.00", "12,5,0", "5e3", "--5"])
def test_ambiguous_or_foreign_notation_is_refused(client: Client, typed: str) -> None:
    response = client.post(URL, worked_example(value_eur=typed))

    html = response.content.decode()
    assert "Vul een bedrag in, bijvoorbeeld 50.000,00" in field_error(html, "id_value_eur")
    assert input_value(html, "value_eur") == typed


def test_missing_contract_fields_are_named_in_dutch(client: Client) -> None:
    response = client.post(URL, worked_example(value_eur="", start="", end=""))

    html = response.content.decode()
    assert "Vul de opdrachtwaarde in" in field_error(html, "id_value_eur")
    assert "Vul de startdatum van het contract in." in field_error(html, "id_start")
    assert "Vul de einddatum van het contract in." in field_error(html, "id_end")


def test_engine_problems_land_at_the_line_field_they_name(client: Client) -> None:
    # Line 1 (WW) ends before it starts: the engine names lines[1].end.
    response = client.post(URL, worked_example(**{"placements-1-end": "2026-03-01"}))

    html = response.content.decode()
    assert response.status_code == 422
    assert "vóór de startdatum" in field_error(html, "id_placements-1-end")
    assert 'href="#id_placements-1-end"' in html
    assert input_value(html, "placements-1-end") == "2026-03-01"


def test_contract_end_before_start_lands_at_the_contract_end(client: Client) -> None:
    response = client.post(URL, worked_example(end="2025-12-31"))

    assert "vóór de startdatum" in field_error(response.content.decode(), "id_end")


def test_two_bonuses_of_one_group_are_an_error_at_the_bonuses(client: Client) -> None:
    # NHN has 50+ and 55+ in one exclusive group "age".
    data = worked_example(ruleset="nhn-werksaam")
    data.update(
        {
            "placements-TOTAL_FORMS": "1",
            "placements-0-block": "PW_LT2",
            "placements-0-bonuses": ["BONUS_50PLUS", "BONUS_55PLUS"],
            "amounts-TOTAL_FORMS": "0",
        }
    )

    response = client.post(URL, data)

    html = response.content.decode()
    assert "mogen niet samen" in field_error(html, "id_placements-0-bonuses")


def test_a_block_of_another_rule_set_is_refused_at_the_block_field(client: Client) -> None:
    response = client.post(URL, worked_example(**{"placements-0-block": "PW_LT2"}))

    html = response.content.decode()
    assert "Kies een onderdeel uit de lijst." in field_error(html, "id_placements-0-block")


def test_a_contract_start_without_a_valid_version_is_an_error_at_the_start(client: Client) -> None:
    # Utrecht's oldest version starts on 2015-01-01.
    response = client.post(URL, worked_example(start="2010-01-01", end="2010-12-31"))

    html = response.content.decode()
    assert "Er is geen versie van dit rekenmodel geldig op 01-01-2010" in field_error(
        html, "id_start"
    )
