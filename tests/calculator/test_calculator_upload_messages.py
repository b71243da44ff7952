"""A saved calculation that cannot be used names each problem as the form does.

Not ``lines[0].hours_per_week: ...`` but ``Regel 1: Uren per week: ...``: the line counted
from 1, the field by the calculator's own label, the message in the active language.
"""

from __future__ import annotations

import html as html_module
import json
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.calculator.test_calculator_errors import field_error
from tests.calculator.test_calculator_files import empty_form
from tests.calculator.test_calculator_page import URL

pytestmark = pytest.mark.usefixtures("rulesets")

# Three problems: the contract value is text, line 1 has text for its hours, and line 2
# lists a bonus that is not a code. (calc-io fields: contract.value_eur,
# lines[0].hours_per_week, lines[1].bonuses[0].)
BROKEN: dict[str, Any] = {
    "ruleset": "utrecht",
    "contract": {"value_eur": "veel", "start": "2026-01-01", "end": "2026-12-31"},
    "lines": [
        {"block": "PW", "hours_per_week": "veel", "start": "2026-01-01", "end": "2026-06-30"},
        {"block": "WW", "hours_per_week": "18", "bonuses": [3]},
    ],
}


def upload_message(client: Client, document: Any) -> str:
    upload = SimpleUploadedFile("kapot.json", json.dumps(document).encode())
    response = client.post(URL, {**empty_form(action="upload"), "upload-document": upload})
    assert response.status_code == 422
    return html_module.unescape(field_error(response.content.decode(), "id_upload-document"))


def test_problems_in_a_file_are_named_by_line_number_and_field_label_in_dutch(
    client: Client,
) -> None:
    message = upload_message(client, BROKEN)

    assert "Dit bestand is niet te gebruiken als berekening:" in message
    assert "Opdrachtwaarde: Geen getal: 'veel'" in message
    assert "Regel 1: Uren per week: Geen getal: 'veel'" in message
    assert "Regel 2: Toeslagen: Verwacht een toeslagcode (tekst)" in message
    # No identifiers of the file format.
    for raw in ("lines[", "hours_per_week", "value_eur", "bonuses[", "contract."):
        assert raw not in message


def test_problems_in_a_file_are_in_english_when_english_is_chosen(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    message = upload_message(client, BROKEN)

    assert "This file cannot be used as a calculation:" in message
    assert "Contract value: Not a number: 'veel'" in message
    assert "Line 1: Hours per week: Not a number: 'veel'" in message
    assert "Line 2: Bonuses: Expected a bonus code (text)" in message
    assert "hours_per_week" not in message


def test_a_line_that_is_not_an_object_is_named_by_its_number_only(client: Client) -> None:
    document = {
        "ruleset": "utrecht",
        "contract": {"value_eur": "1000", "start": "2026-01-01", "end": "2026-12-31"},
        "lines": ["PW"],
    }

    message = upload_message(client, document)

    assert "Regel 1: Verwacht een object (een regel)" in message


def test_a_missing_contract_is_named_in_dutch(client: Client) -> None:
    message = upload_message(client, {"ruleset": "utrecht"})

    assert "Contract: Verplicht veld ontbreekt" in message
