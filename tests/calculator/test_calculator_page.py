"""The public calculator page (/rekenhulp/) through HTTP, without JavaScript."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from tests.calculator.conftest import worked_example

pytestmark = pytest.mark.usefixtures("rulesets")

URL = "/rekenhulp/"
INDICATIVE = "Indicatief: de waarden van dit rekenmodel zijn niet officieel vastgesteld"


def selected_option(html: str, name: str) -> str | None:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None, f"no select {name}"
    option = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(1))
    return option.group(1) if option else None


def input_value(html: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert tag is not None, f"no input {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else None


def test_url_name_is_rules_calculator() -> None:
    assert reverse("rules:calculator") == URL


def test_anonymous_user_gets_the_calculator_with_nhn_selected_and_the_indicative_warning(
    client: Client,
) -> None:
    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert selected_option(html, "ruleset") == "nhn-werksaam"
    assert INDICATIVE in html
    # The official form's words label the contract fields.
    for label in (
        "Opdrachtwaarde",
        "Social Return (SROI) %",
        "Startdatum contract",
        "Einddatum contract",
        "Prestatieladder Socialer Ondernemen (PSO)",
    ):
        assert label in html
    # One empty line for a target group, with the NHN target groups to choose from.
    assert 'name="placements-TOTAL_FORMS" value="1"' in html
    assert "Participatiewet zonder arbeidsbeperking, &lt; 2 jaar uitkering" in html
    assert 'type="date"' in html
    # The rule-set table of the applicable version, labelled indicative.
    assert "Bouwblokkentabel van" in html
    assert "versie indicative-1" in html.lower() or "indicative-1" in html


def test_signed_in_contractor_gets_the_same_public_calculator(
    client: Client, contractor_a: User
) -> None:
    client.force_login(contractor_a)

    response = client.get(URL)

    assert response.status_code == 200
    assert selected_option(response.content.decode(), "ruleset") == "nhn-werksaam"


def test_worked_example_shows_obligation_line_values_total_and_fulfilment(client: Client) -> None:
    # By hand (rekenregels.md): obligation 1.000.000 x 5 % = 50.000,00.
    # PW 36 h all of 2026: (40.000 + 10.000 bonus 50+) x 36/36 x 12/12 = 50.000,00.
    # WW 18 h 15 Mar..30 Jun 2026: months 17/31 + 3 = 3,5484; 20.000 x 0,5 x 3,5484/12 = 2.956,99.
    # Social procurement 4.000 x factor 1 = 4.000,00. Total 56.956,99; remaining 0;
    # fulfilment 56.956,99 / 50.000 = 113,9 %.
    response = client.post(URL, worked_example())

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'data-figure="obligation">EUR 50\.000,00<', html)
    assert re.search(r'data-figure="total">EUR 56\.956,99<', html)
    assert re.search(r'data-figure="remaining">EUR 0,00<', html)
    assert re.search(r'data-figure="fulfilment">113,9 %<', html)
    assert "EUR 2.956,99" in html
    assert "3,5484" in html
    assert re.search(r">\s*12,0\s*<", html)  # months: one decimal
    assert 'value="100"' in html  # the progress bar is full (capped at 100)
    assert "Participatiewet" in html and "WW-uitkering" in html
    # Utrecht 2024-1 is the version valid on the contract start.
    assert "Versie <strong>2024-1</strong> is van toepassing" in html
    # The typed values stay in the form.
    assert input_value(html, "value_eur") == "1.000.000"
    assert input_value(html, "amounts-0-amount_eur") == "4.000"


def test_an_earlier_contract_start_uses_the_version_valid_then(client: Client) -> None:
    # Utrecht 2015-1 is valid until 2023-12-31, with other blocks (no "PW").
    data = worked_example(start="2023-01-01", end="2023-12-31", **{"placements-TOTAL_FORMS": "0"})
    data["amounts-TOTAL_FORMS"] = "0"

    response = client.post(URL, data)

    html = response.content.decode()
    assert "Versie <strong>2015-1</strong> is van toepassing" in html
    assert "Participatiewet &lt; 2 jaar" in html  # a 2015 block, in the target group list


@pytest.mark.parametrize(
    ("typed", "obligation"),
    [
        # 5 % of the amount typed, in Dutch notation.
        ("50.000", "EUR 2.500,00"),
        ("50000", "EUR 2.500,00"),
        ("50.000,00", "EUR 2.500,00"),
        ("50.000,-", "EUR 2.500,00"),
        ("1.000.000", "EUR 50.000,00"),
        ("EUR 12.345,67", "EUR 617,28"),  # 617,2835 -> 617,28
    ],
)
def test_amounts_are_read_in_dutch_notation(client: Client, typed: str, obligation: str) -> None:
    response = client.post(URL, worked_example(value_eur=typed))

    assert f'data-figure="obligation">{obligation}<' in response.content.decode()


def test_a_percentage_with_a_decimal_comma_is_read(client: Client) -> None:
    # 1.000.000 x 12,5 % = 125.000,00
    response = client.post(URL, worked_example(sroi_percentage="12,5"))

    assert 'data-figure="obligation">EUR 125.000,00<' in response.content.decode()


def test_hours_with_a_decimal_comma_are_read(client: Client) -> None:
    # WW at 9 h instead of 18 h: 20.000 x 9/36 x (17/31 + 3) / 12 = 1.478,494... -> 1.478,49
    response = client.post(URL, worked_example(**{"placements-1-hours_per_week": "9,0"}))

    assert "EUR 1.478,49" in response.content.decode()


def test_a_date_typed_the_dutch_way_picks_the_version_valid_on_it(client: Client) -> None:
    # Without a date picker people type 01-01-2026; Utrecht 2024-1 applies from 2024-01-01.
    response = client.post(URL, worked_example(start="01-01-2026"))

    html = response.content.decode()
    assert "Versie <strong>2024-1</strong> is van toepassing" in html
    assert 'data-figure="total">EUR 56.956,99<' in html
