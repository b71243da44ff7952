"""The calculation API speaks calc-io, like `sroi calc` and the web calculator."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from sroi.accounts.models import User

WORKED_EXAMPLE = {
    "ruleset": "utrecht",
    "contract": {
        "value_eur": "1000000",
        "sroi_percentage": "5",
        "start": "2026-01-01",
        "end": "2027-12-31",
    },
    "pso_level": None,
    "lines": [
        {
            "block": "PW",
            "hours_per_week": "36",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "count": 1,
            "bonuses": ["BONUS_50PLUS"],
        },
        {"block": "WW", "hours_per_week": 18, "start": "2026-03-15", "end": "2026-06-30"},
        {"block": "SOCIAAL_INKOPEN", "amount_eur": 4000.00},
    ],
}


def post(client: Client, document: object) -> tuple[int, dict[str, object]]:
    response = client.post("/api/v1/calc/", json.dumps(document), content_type="application/json")
    return response.status_code, response.json()


@pytest.mark.usefixtures("shipped_rulesets")
def test_anonymous_user_gets_the_worked_example_to_the_cent(client: Client) -> None:
    status, body = post(client, WORKED_EXAMPLE)
    assert status == 200
    # 5 % of 1,000,000; line 1 = 20000 x 18/36 x (17/31 + 3) / 12 = 2956.989.. -> 2956.99
    assert body["obligation_eur"] == "50000.00"
    assert [line["value_eur"] for line in body["lines"]] == ["50000.00", "2956.99", "4000.00"]
    assert body["total_eur"] == "56956.99"
    assert body["remaining_eur"] == "0.00"
    assert body["fulfilment_pct"] == "113.9"
    assert body["ruleset"]["version"] == "2024-1"


@pytest.mark.usefixtures("shipped_rulesets")
def test_json_numbers_are_read_as_decimals_not_floats(client: Client) -> None:
    document = {
        "ruleset": "nhn-werksaam",
        "contract": {
            "value_eur": 0.1,
            "sroi_percentage": 100,
            "start": "2026-01-01",
            "end": "2026-12-31",
        },
        "lines": [{"block": "SOCIAAL_INKOPEN", "amount_eur": 0.3}],
    }
    status, body = post(client, document)
    assert status == 200
    # 0.1 x 100 % = 0.10 exactly; as floats 0.1 would be 0.1000000000000000055...
    assert body["obligation_eur"] == "0.10"
    assert body["total_eur"] == "0.30"
    assert "indicative_ruleset" in body["warnings"]


@pytest.mark.usefixtures("shipped_rulesets")
def test_bad_document_lists_every_problem_with_line_and_field(client: Client) -> None:
    document = json.loads(json.dumps(WORKED_EXAMPLE))
    document["lines"][1]["hours_per_week"] = "200"
    document["lines"][2]["block"] = "NO_SUCH_BLOCK"
    status, body = post(client, document)
    assert status == 400
    located = {(problem["line"], problem["field"]) for problem in body["problems"]}
    assert (1, "hours_per_week") in located
    assert (2, "block") in located
    assert all(problem["message"] for problem in body["problems"])


@pytest.mark.usefixtures("shipped_rulesets")
def test_invalid_json_is_a_400_not_a_500(client: Client) -> None:
    response = client.post("/api/v1/calc/", "{not json", content_type="application/json")
    assert response.status_code == 400


@pytest.mark.usefixtures("shipped_rulesets")
def test_rulesets_are_listed_with_validity(client: Client) -> None:
    response = client.get("/api/v1/rulesets/")
    assert response.status_code == 200
    listed = {(item["id"], item["version"]): item for item in response.json()}
    assert listed[("utrecht", "2015-1")]["valid_to"] == "2023-12-31"
    assert listed[("nhn-werksaam", "indicative-1")]["status"] == "indicative"
    assert len(listed) == 8


def test_schema_describes_the_calculation_endpoint(client: Client, db: None) -> None:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/calc/" in response.content


@pytest.mark.usefixtures("shipped_rulesets")
def test_calls_are_throttled_per_client_whatever_x_forwarded_for_says(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"calc": "3/minute"},
    }
    codes = [
        client.get("/api/v1/rulesets/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]


@pytest.mark.usefixtures("shipped_rulesets")
def test_signed_in_users_are_throttled_too(
    client: Client, contractor_a: User, settings: SettingsWrapper
) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"calc": "2/minute"},
    }
    client.force_login(contractor_a)
    codes = [client.get("/api/v1/rulesets/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


@pytest.mark.usefixtures("shipped_rulesets")
def test_a_too_large_document_is_refused_before_it_is_valued(client: Client) -> None:
    too_many = json.loads(json.dumps(WORKED_EXAMPLE))
    too_many["lines"] = [WORKED_EXAMPLE["lines"][2]] * 1001  # type: ignore[index]
    status, _body = post(client, too_many)
    assert status == 413
    huge = json.loads(json.dumps(WORKED_EXAMPLE))
    huge["lines"][0]["ref"] = "x" * (300 * 1024)
    status, _body = post(client, huge)
    assert status == 413
