"""Bad input on the concept edit page: a Dutch message at the field, a summary, nothing lost."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sroi.rules.models import RuleSetVersion
from tests.rulesets_ui.conftest import form_values

pytestmark = pytest.mark.usefixtures("shipped_rulesets")

NHN = {"code": "nhn-werksaam", "version": "indicative-1"}
NEW = {"code": "nhn-werksaam", "version": "2027-1"}
EDIT_URL = "rulesets:version_edit"


@pytest.fixture
def values(coordinator_client: Client) -> dict[str, str]:
    """The edit form of a fresh concept copied from NHN, as the browser would submit it."""
    response = coordinator_client.post(
        reverse("rulesets:version_new", kwargs=NHN),
        {"version": "2027-1", "valid_from": "2027-01-01"},
    )
    assert response.status_code == 302
    page = coordinator_client.get(reverse(EDIT_URL, kwargs=NEW))
    return form_values(page.content.decode())


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'<div[^>]*id="{field_id}_error"[^>]*>(.*?)</div>', html, re.S)
    assert match, f"no error message at {field_id}"
    return " ".join(match.group(1).split())


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        # Not a number at all.
        ("abc", "Vul een bedrag in, bijvoorbeeld 50.000,00"),
        # An effort has no negative worth: the value is at least 0.
        ("-5", "Vul een waarde in van minimaal 0."),
    ],
)
def test_invalid_value_gets_a_field_error_and_keeps_what_was_typed(
    coordinator_client: Client, values: dict[str, str], typed: str, message: str
) -> None:
    stored = RuleSetVersion.objects.get(**NEW).document
    values["blocks-0-value"] = typed
    values["blocks-1-value"] = "31.000"  # a good change elsewhere, not to be lost
    values["blocks-1-notes"] = "officiele waarde WerkSaam"
    values["name"] = "NHN officieel"

    response = coordinator_client.post(reverse(EDIT_URL, kwargs=NEW), values)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in field_error(html, "id_blocks-0-value")
    assert 'aria-invalid="true"' in re.search(
        r'<input[^>]*id="id_blocks-0-value"[^>]*>', html
    ).group(0)  # type: ignore[union-attr]
    # The summary at the top links to the field and names the block (PW_LT2 is the first).
    assert 'href="#id_blocks-0-value"' in html
    assert f"Waarde (PW_LT2): {message}" in html
    # Everything typed is still there.
    again = form_values(html)
    assert again["blocks-0-value"] == typed
    assert again["blocks-1-value"] == "31.000"
    assert again["blocks-1-notes"] == "officiele waarde WerkSaam"
    assert again["name"] == "NHN officieel"
    # Nothing was saved.
    assert RuleSetVersion.objects.get(**NEW).document == stored


def test_empty_value_of_a_fixed_block_is_refused(
    coordinator_client: Client, values: dict[str, str]
) -> None:
    values["blocks-0-value"] = ""

    response = coordinator_client.post(reverse(EDIT_URL, kwargs=NEW), values)

    assert response.status_code == 200
    # PW_LT2 is paid per FTE year: only a "custom" block (value agreed per case) may be empty.
    assert "Vul een waarde in" in field_error(response.content.decode(), "id_blocks-0-value")


def test_end_before_start_is_refused_at_the_field(
    coordinator_client: Client, values: dict[str, str]
) -> None:
    values["valid_to"] = "2026-12-31"

    response = coordinator_client.post(reverse(EDIT_URL, kwargs=NEW), values)

    assert response.status_code == 200
    html = response.content.decode()
    assert "De laatste geldige dag mag niet vóór de eerste geldige dag liggen." in field_error(
        html, "id_valid_to"
    )
    assert 'value="2026-12-31"' in html
    assert RuleSetVersion.objects.get(**NEW).valid_to is None


def test_dutch_amounts_with_cents_are_read(
    coordinator_client: Client, values: dict[str, str]
) -> None:
    # "1.250,50": a dot groups thousands, the comma starts the cents -> 1250.50.
    values["blocks-0-value"] = "1.250,50"

    response = coordinator_client.post(reverse(EDIT_URL, kwargs=NEW), values)

    assert response.status_code == 302
    assert RuleSetVersion.objects.get(**NEW).document["blocks"][0]["value"] == "1250.50"


def test_saving_without_changes_keeps_the_document(
    coordinator_client: Client, values: dict[str, str]
) -> None:
    before = RuleSetVersion.objects.get(**NEW).document

    response = coordinator_client.post(reverse(EDIT_URL, kwargs=NEW), values)

    assert response.status_code == 302
    assert RuleSetVersion.objects.get(**NEW).document == before


def test_parameters_are_edited_in_dutch_notation(
    coordinator_client: Client, values: dict[str, str]
) -> None:
    # The NHN copy lists every PSO level at 0 and has no threshold.
    assert values["pso_trede_1"] == "0"
    assert values["threshold_eur"] == ""
    values["threshold_eur"] = "100.000"
    values["pso_trede_1"] = "2,5"
    values["pso_aspirant"] = ""  # empty: the level gives no discount and is left out
    values["default_percentage"] = "4"

    response = coordinator_client.post(reverse(EDIT_URL, kwargs=NEW), values)

    assert response.status_code == 302
    obligation = RuleSetVersion.objects.get(**NEW).document["obligation"]
    assert obligation["threshold_eur"] == "100000"
    assert obligation["default_percentage"] == "4"
    assert obligation["pso_discount_pct"]["trede_1"] == "2.5"
    assert "aspirant" not in obligation["pso_discount_pct"]


def test_percentage_above_100_is_refused_at_the_field(
    coordinator_client: Client, values: dict[str, str]
) -> None:
    values["pso_trede_3"] = "150"

    response = coordinator_client.post(reverse(EDIT_URL, kwargs=NEW), values)

    assert response.status_code == 200
    assert "Vul een waarde in van hoogstens 100." in field_error(
        response.content.decode(), "id_pso_trede_3"
    )
