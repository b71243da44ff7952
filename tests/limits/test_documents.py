"""Hostile calc-io documents are refused while they are read: at their field, exit 2 in
``sroi calc`` and 400 in the API, never a server error, an internal error or minutes of work."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.cli.conftest import run_sroi
from tests.limits.documents import HOSTILE, Raw, document, dumps

CASES = [pytest.param(text, field, id=name) for name, text, field in HOSTILE]


@pytest.mark.parametrize(("text", "field"), CASES)
def test_sroi_calc_refuses_hostile_documents_with_exit_2(text: str, field: str) -> None:
    result = run_sroi("calc", "-", "--lang", "en", stdin=text)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    if field != "input":
        assert field in result.stderr


@pytest.mark.django_db
@pytest.mark.usefixtures("shipped_rulesets")
@pytest.mark.parametrize(("text", "field"), CASES)
def test_api_refuses_hostile_documents_with_400_at_the_field(
    client: Client, text: str, field: str
) -> None:
    response = client.post(
        "/api/v1/calc/", text.encode("utf-8", "surrogatepass"), content_type="application/json"
    )
    assert response.status_code == 400
    problems = response.json()["problems"]
    assert problems
    assert all(problem["message"] for problem in problems)
    assert field in {problem["field"] for problem in problems}


@pytest.mark.django_db
@pytest.mark.usefixtures("shipped_rulesets")
def test_api_refusal_of_a_huge_number_is_in_dutch(client: Client) -> None:
    text = dumps(document(Raw("1e999999999")))
    response = client.post("/api/v1/calc/", text, content_type="application/json")
    assert response.json()["problems"] == [
        {
            "line": None,
            "field": "contract.value_eur",
            "code": "invalid_number",
            "message": "getal te groot of te lang: 1e999999999 (ten hoogste 30 tekens en een "
            "exponent van ten hoogste 20)",
        }
    ]


def test_a_rule_set_of_ones_own_may_value_far_above_the_contract() -> None:
    """Output rounding never runs out of digits (before: InvalidOperation, exit 1)."""
    ruleset = {
        "id": "eigen",
        "version": "1",
        "valid_from": "2026-01-01",
        "blocks": [
            {
                "code": "X",
                "label_nl": "X",
                "label_en": "X",
                "category": "procurement",
                "basis": "per_euro",
                "value": "99999999999999999999",
            }
        ],
    }
    doc = document("1", block="X", amount_eur="100000000000")
    doc["ruleset"] = ruleset
    result = run_sroi("calc", "-", stdin=json.dumps(doc))
    assert result.returncode == 0, result.stderr
    assert result.json()["total_eur"] == "9999999999999999999900000000000.00"
