"""Download the calculation as calc-io JSON, open it again, and hand it to a plan."""

from __future__ import annotations

import html as html_module
import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from sroi.rules.files import load_shipped_rulesets, ruleset_to_dict
from tests.calculator.conftest import management, worked_example
from tests.calculator.test_calculator_errors import field_error
from tests.calculator.test_calculator_page import URL, input_value

pytestmark = pytest.mark.usefixtures("rulesets")


def empty_form(**overrides: str) -> dict[str, str]:
    data = {
        "ruleset": "nhn-werksaam",
        **management("placements", 0),
        **management("amounts", 0),
        **management("activities", 0),
        **management("other", 0),
    }
    data.update(overrides)
    return data


def dispositions(stem: str, before: date) -> set[str]:
    """The attachment headers a download made on ``before`` or the day after may carry: a
    request that runs across midnight names the file after either day."""
    return {
        f'attachment; filename="{stem}-{day.isoformat()}.json"'
        for day in (before, before + timedelta(days=1))
    }


def test_download_gives_the_calc_io_input_document_as_an_attachment(client: Client) -> None:
    before = timezone.localdate()

    response = client.post(URL, worked_example(action="download_input"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] in dispositions("sroi-berekening", before)
    document = json.loads(response.content, parse_float=Decimal)
    assert document["ruleset"] == "utrecht"
    assert document["contract"] == {
        "value_eur": "1000000",
        "start": "2026-01-01",
        "end": "2027-12-31",
        "sroi_percentage": "5",
    }
    assert [line["block"] for line in document["lines"]] == ["PW", "WW", "SOCIAAL_INKOPEN"]
    assert document["lines"][0]["bonuses"] == ["BONUS_50PLUS"]
    assert document["lines"][2]["amount_eur"] == "4000"


def test_download_of_the_outcome_is_the_calc_io_output(client: Client) -> None:
    before = timezone.localdate()

    response = client.post(URL, worked_example(action="download_output"))

    assert response["Content-Disposition"] in dispositions("sroi-uitkomst", before)
    document = json.loads(response.content)
    assert document["obligation_eur"] == "50000.00"
    assert document["total_eur"] == "56956.99"
    assert document["fulfilment_pct"] == "113.9"
    assert [line["value_eur"] for line in document["lines"]] == ["50000.00", "2956.99", "4000.00"]
    assert document["lines"][1]["months"] == "3.5484"


def test_download_of_an_invalid_calculation_shows_the_errors_instead(client: Client) -> None:
    response = client.post(URL, worked_example(action="download_input", value_eur="x"))

    assert response.status_code == 422
    assert "Content-Disposition" not in response
    assert "Vul een bedrag in" in field_error(response.content.decode(), "id_value_eur")


def test_a_downloaded_calculation_opens_again_with_the_same_outcome(client: Client) -> None:
    downloaded = client.post(URL, worked_example(action="download_input")).content
    upload = SimpleUploadedFile("berekening.json", downloaded, content_type="application/json")

    response = client.post(URL, {**empty_form(action="upload"), "upload-document": upload})

    assert response.status_code == 200
    html = response.content.decode()
    assert input_value(html, "value_eur") == "1.000.000"
    assert input_value(html, "start") == "2026-01-01"
    assert input_value(html, "placements-1-hours_per_week") == "18"
    assert input_value(html, "amounts-0-amount_eur") == "4.000"
    assert re.search(r'<option value="utrecht" selected>', html)
    assert 'data-figure="total">EUR 56.956,99<' in html
    # Round trip: downloading again gives the same document.
    again = client.post(URL, worked_example(action="download_input")).content
    assert json.loads(again) == json.loads(downloaded)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{dit is geen json", "het bevat geen geldige JSON"),
        (b"\xff\xfe\x00", "het bevat geen geldige JSON"),
        (b"[1, 2, 3]", "een berekening is een JSON-object"),
        (
            json.dumps(
                {
                    "ruleset": "utrecht",
                    "contract": {"value_eur": "1000", "start": "2026-01-01", "end": "2026-12-31"},
                    "lines": [{"block": "PW", "hours_per_week": "veel"}],
                }
            ).encode(),
            "Regel 1: Uren per week: Geen getal",
        ),
        (json.dumps({"ruleset": "nergens", "contract": {}}).encode(), "niet te gebruiken"),
    ],
)
def test_a_broken_file_is_an_error_at_the_upload_field_and_nothing_else_is_lost(
    client: Client, content: bytes, message: str
) -> None:
    upload = SimpleUploadedFile("kapot.json", content, content_type="application/json")
    data = worked_example(action="upload")

    response = client.post(URL, {**data, "upload-document": upload})

    assert response.status_code == 422
    html = response.content.decode()
    assert message in field_error(html, "id_upload-document")
    assert 'href="#id_upload-document"' in html
    assert input_value(html, "value_eur") == "1.000.000"
    assert input_value(html, "placements-1-hours_per_week") == "18"
    # The calculation typed so far is still valued.
    assert 'data-figure="total">EUR 56.956,99<' in html


def test_upload_without_a_file_asks_for_one(client: Client) -> None:
    response = client.post(URL, empty_form(action="upload"))

    assert "Kies een JSON-bestand" in field_error(response.content.decode(), "id_upload-document")


def test_plan_button_posts_the_calc_io_input_to_the_plans_app(client: Client) -> None:
    try:
        plan_url = reverse("plans:plan_from_calculation")
    except NoReverseMatch:  # pragma: no cover - the plans app provides it
        pytest.fail("plans:plan_from_calculation is not available")

    html = client.post(URL, worked_example()).content.decode()

    form = re.search(rf'<form method="post" action="{plan_url}"[^>]*>(.*?)</form>', html, re.S)
    assert form is not None
    assert "Maak een plan van aanpak van deze berekening" in form.group(1)
    raw = re.search(r'name="document" value="([^"]*)"', form.group(1))
    assert raw is not None
    document = json.loads(html_module.unescape(raw.group(1)))
    assert document["ruleset"] == "utrecht"
    assert document["contract"]["value_eur"] == "1000000"
    assert len(document["lines"]) == 3


def test_a_calculation_with_its_own_rule_set_is_refused_at_the_upload_field(
    client: Client,
) -> None:
    # calc-io allows an inline rule set; the public calculator only offers published ones.
    utrecht = next(r for r in load_shipped_rulesets() if r.id == "utrecht" and r.valid_to is None)
    document = {
        "ruleset": ruleset_to_dict(utrecht),
        "contract": {"value_eur": "1000", "start": "2026-01-01", "end": "2026-12-31"},
        "lines": [],
    }
    upload = SimpleUploadedFile("eigen.json", json.dumps(document).encode())

    response = client.post(URL, {**empty_form(action="upload"), "upload-document": upload})

    assert response.status_code == 422
    assert "eigen rekenmodel" in field_error(response.content.decode(), "id_upload-document")
