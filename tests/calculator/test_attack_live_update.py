"""Attacks on the live update's shortcuts (commit 4be2d2e, issue 6 item 8).

The formsets take the line counts as the view wrote them (``WrittenCounts``), fields are copied
without ``copy.deepcopy``, choice lists are shared between forms and requests, and two sentences
of the valuation are built in Python under ``mark_safe``. Each test below holds the calculator
to what it did before that commit (e1e98a8).
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.test import Client

from sroi.accounts.models import User
from sroi.rules.forms import MAX_LINES_PER_SECTION, WrittenCounts
from sroi.rules.services import ruleset_version_create, ruleset_version_publish
from sroi.rules.views import _build, _normalised
from tests.calculator.conftest import worked_example
from tests.calculator.test_calculator_files import empty_form
from tests.calculator.test_calculator_page import URL
from tests.rules.documents import valid_document

LIVE_URL = "/rekenhulp/uitkomst/"


def _document(lines: int) -> dict[str, Any]:
    """A calc-io input document of ``lines`` social-procurement lines of EUR 1.000 each."""
    return {
        "ruleset": "utrecht",
        "contract": {
            "value_eur": "1000000",
            "start": "2026-01-01",
            "end": "2027-12-31",
            "sroi_percentage": "5",
        },
        "lines": [
            {"block": "SOCIAAL_INKOPEN", "amount_eur": "1000", "ref": f"kandidaat-{index}"}
            for index in range(lines)
        ],
    }


def _upload(client: Client, lines: int) -> Any:
    upload = SimpleUploadedFile(
        "berekening.json", json.dumps(_document(lines)).encode(), "application/json"
    )
    return client.post(URL, {**empty_form(action="upload"), "upload-document": upload})


@pytest.mark.usefixtures("rulesets")
def test_a_file_of_more_lines_than_a_section_takes_is_not_cut_silently(client: Client) -> None:
    """``_data_for`` writes ``amounts-TOTAL_FORMS=51`` for a file of 51 amounts. The first
    version of 4be2d2e clamped that to 50 and handed it to ``WrittenCounts``, so line 51 was
    dropped without a word; e1e98a8 loaded the 51 lines under Django's "Verstuur maximaal 50
    formulieren.". Now the file is refused at the upload field, in words, and nothing of it
    is loaded."""
    lines = MAX_LINES_PER_SECTION + 1

    response = _upload(client, lines)

    html = response.content.decode()
    assert response.status_code == 422
    assert response.context["valuation"] is None
    # Refused at the upload field, in words (before: Django's "Verstuur maximaal 50
    # formulieren." under the section, with the 51 lines loaded).
    assert response.context["upload_form"].errors["document"] == [
        f"Dit bestand heeft {lines} regels onder “Sociaal inkopen en andere bedragen”; de "
        f"rekenhulp neemt er hoogstens {MAX_LINES_PER_SECTION} van elke soort. Verdeel de "
        "berekening over twee bestanden."
    ]
    assert f'name="amounts-TOTAL_FORMS" value="{lines}"' not in html


@pytest.mark.usefixtures("rulesets")
def test_a_file_of_as_many_lines_as_a_section_takes_is_calculated(client: Client) -> None:
    response = _upload(client, MAX_LINES_PER_SECTION)

    assert response.status_code == 200
    valuation = response.context["valuation"]
    assert valuation is not None
    assert len(valuation.lines) == MAX_LINES_PER_SECTION


_WORKED = urlencode(worked_example(), doseq=True)
HOSTILE_BODIES = {
    "garbled total": _WORKED.replace("placements-TOTAL_FORMS=2", "placements-TOTAL_FORMS=abc"),
    "negative total": _WORKED.replace("placements-TOTAL_FORMS=2", "placements-TOTAL_FORMS=-5"),
    "huge total": _WORKED.replace("placements-TOTAL_FORMS=2", "placements-TOTAL_FORMS=" + "9" * 30),
    "no total": _WORKED.replace("placements-TOTAL_FORMS=2&", ""),
    "initial forms": _WORKED.replace("placements-INITIAL_FORMS=0", "placements-INITIAL_FORMS=2"),
    "garbled initial": _WORKED.replace("placements-INITIAL_FORMS=0", "placements-INITIAL_FORMS=x"),
    "min and max": _WORKED + "&placements-MAX_NUM_FORMS=0&placements-MIN_NUM_FORMS=60",
    "line beyond the total": _WORKED + "&placements-5-block=PW&placements-5-hours_per_week=36",
    "second total": _WORKED + "&placements-TOTAL_FORMS=7",
    "first total": "placements-TOTAL_FORMS=0&" + _WORKED,
    "duplicated keys": _WORKED + "&placements-0-block=WW&value_eur=5",
    "NUL bytes": _WORKED.replace("placements-0-block=PW", "placements-0-block=P%00W")
    + "&placements-0-%00=1&placements-%00-block=PW",
    "lone surrogates": _WORKED.replace("value_eur=1.000.000", "value_eur=%ED%A0%80")
    + "&placements-0-ref=%ED%B0%80",
    "odd indexes": _WORKED
    + "&placements-01-block=WW&placements--1-block=PW&placements-+1-block=PW",
    "empty": "",
}


@pytest.mark.usefixtures("rulesets")
@pytest.mark.parametrize("body", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
@pytest.mark.parametrize(
    "action", ["calculate", "refresh", "add:placements", "remove:placements:0"]
)
def test_hostile_management_forms_give_a_page(client: Client, body: str, action: str) -> None:
    """Garbled, negative, huge, missing or doubled counts never reach ``WrittenCounts`` as they
    are (``_normalised`` rewrites them): a page, never a 500. (Each of these bodies gives the same
    page as at e1e98a8, whitespace aside.)"""
    encoded = body + "&action=" + action.replace(":", "%3A")

    page = client.post(URL, encoded, content_type="application/x-www-form-urlencoded")
    live = client.post(LIVE_URL, encoded, content_type="application/x-www-form-urlencoded")

    assert page.status_code in (200, 422)
    assert live.status_code == 200
    for section in ("placements", "amounts", "activities", "other"):
        total = re.search(rf'name="{section}-TOTAL_FORMS" value="(\d+)"', page.content.decode())
        assert total is not None
        assert 0 <= int(total.group(1)) <= MAX_LINES_PER_SECTION


@pytest.mark.usefixtures("rulesets")
def test_the_focus_after_adding_a_line_stays_in_that_response(client: Client) -> None:
    """The autofocus set on one form's widget (``_context``) reaches no other form, request or
    the empty page kept per process: the widget's attributes are copied per form."""
    added = client.post(URL, worked_example(action="add:placements")).content.decode()
    assert added.count("autofocus") == 1
    assert 'id="id_placements-2-block"' in added

    for response in (
        client.post(URL, worked_example(action="refresh")),
        client.post(URL, worked_example(action="calculate")),
        client.post(LIVE_URL, worked_example()),
        client.get(URL),
    ):
        assert "autofocus" not in response.content.decode()


@pytest.mark.usefixtures("rulesets")
def test_each_line_kind_keeps_its_own_required_message(client: Client) -> None:
    """``_LineForm`` sets the block's error messages per form: a placement's message does not
    reach an amount's line (nor the reverse) through a shared dictionary."""
    placement = client.post(URL, worked_example(**{"placements-0-block": ""})).content.decode()
    amount = client.post(URL, worked_example(**{"amounts-0-block": ""})).content.decode()

    assert "Kies een doelgroep." in placement
    assert "Kies een bouwblok." in amount
    assert "Kies een doelgroep." not in amount


@pytest.mark.usefixtures("shipped_rulesets")
@pytest.mark.parametrize("language", ["nl", "en"])
def test_rule_set_texts_are_escaped_in_the_valuation(
    client: Client, administrator: User, language: str
) -> None:
    """``valuation_ruleset`` marks the sentence safe with the rule set's name and version escaped;
    a block label goes through ``{{ label }}``. A coordinator's ``<script>`` stays text."""
    document = valid_document()
    document["name"] = "<script>alert(1)</script>Naam"
    document["region"] = "<script>alert(2)</script>Regio"
    document["version"] = "2026-1<b>x</b>"
    document["blocks"][0]["label_nl"] = "<img src=x onerror=alert(3)>PW"
    document["blocks"][0]["label_en"] = "<img src=x onerror=alert(4)>PW"
    concept = ruleset_version_create(document=document, acting_user=administrator)
    ruleset_version_publish(version=concept, acting_user=administrator)
    client.cookies["django_language"] = language
    body = {
        "ruleset": "testregio",
        "value_eur": "1.000.000",
        "sroi_percentage": "5",
        "start": "2026-01-01",
        "end": "2026-12-31",
        "placements-TOTAL_FORMS": "1",
        "placements-0-block": "PW",
        "placements-0-hours_per_week": "36",
        "placements-0-start": "2026-01-01",
        "placements-0-end": "2026-12-31",
        "placements-0-count": "1",
    }

    for url, extra in (
        (URL, {}),
        (LIVE_URL, {}),
        (LIVE_URL, {"shown_ruleset": "testregio@2026-1<b>x</b>"}),
    ):
        response = client.post(url, {**body, **extra})
        html = response.content.decode()
        assert response.context["valuation"] is not None
        assert "&lt;script&gt;alert(1)&lt;/script&gt;Naam" in html
        for raw in ("<script>alert", "<img src=x", "<b>x"):
            assert raw not in html, (url, raw)


@pytest.mark.usefixtures("rulesets")
def test_the_counts_the_view_wrote_are_still_taken_as_written() -> None:
    """The fix of the file of 51 lines keeps the shortcut for every body ``_normalised`` wrote."""
    for body in HOSTILE_BODIES.values():
        calc = _build(_normalised(QueryDict(body)))
        for bound in calc.sections:
            assert isinstance(bound.formset.management_form, WrittenCounts)
