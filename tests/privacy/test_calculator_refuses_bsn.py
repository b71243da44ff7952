"""The web calculator refuses a BSN as a line's candidate reference (``ref``)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.calculator.conftest import worked_example
from tests.calculator.test_calculator_page import URL, input_value
from tests.privacy.conftest import REFUSED_NL, TEST_BSN

pytestmark = pytest.mark.usefixtures("shipped_rulesets")


def test_bsn_in_ref_is_refused_at_the_field_and_the_typed_values_are_kept(
    client: Client,
) -> None:
    response = client.post(URL, worked_example(**{"placements-1-ref": TEST_BSN}))

    assert response.status_code == 422
    html = response.content.decode()
    # The message belongs to the ref field of line 1 of the placements.
    placements = next(s for s in response.context["sections"] if s.section.key == "placements")
    assert placements.formset.forms[1].errors["ref"] == [REFUSED_NL]
    assert placements.formset.forms[0].errors == {}
    # ...and the error summary at the top shows it.
    summary = re.search(r'class="[^"]*sroi-error-summary.*?</ul>', html, re.S)
    assert summary is not None
    assert REFUSED_NL in summary.group(0)
    # No valuation for a calculation with a BSN in it.
    assert 'data-figure="total"' not in html
    # The other values stay as typed.
    assert input_value(html, "value_eur") == "1.000.000"
    assert input_value(html, "placements-0-hours_per_week") == "36"
    assert input_value(html, "placements-1-hours_per_week") == "18"
    assert input_value(html, "amounts-0-amount_eur") == "4.000"


def test_pseudonym_in_ref_is_accepted(client: Client) -> None:
    response = client.post(URL, worked_example(**{"placements-1-ref": "K-017"}))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-figure="total"' in html
    assert "(K-017)" in html  # the valuation names the line by its pseudonym
