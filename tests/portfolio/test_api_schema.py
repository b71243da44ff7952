"""The served OpenAPI schema describes every request and response with typed components: the
calc-io documents are not free-form objects, the rule-set list is an array, and the errors are
declared."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def schema(client: Client, db: None) -> dict[str, Any]:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def _json_schema(operation: dict[str, Any], status: str) -> dict[str, Any]:
    return operation["responses"][status]["content"]["application/json"]["schema"]  # type: ignore[no-any-return]


def test_the_calc_request_and_response_are_typed_components(schema: dict[str, Any]) -> None:
    calc = schema["paths"]["/api/v1/calc/"]["post"]
    request = calc["requestBody"]["content"]["application/json"]["schema"]
    assert request == {"$ref": "#/components/schemas/CalcRequest"}
    assert _json_schema(calc, "200") == {"$ref": "#/components/schemas/CalcResponse"}
    components = schema["components"]["schemas"]
    calc_request = components["CalcRequest"]
    assert set(calc_request["properties"]) == {
        "ruleset",
        "reference_date",
        "contract",
        "pso_level",
        "lines",
    }
    assert set(calc_request["required"]) == {"ruleset", "contract"}
    assert calc_request["additionalProperties"] is False
    line = components["CalcLine"]
    assert line["additionalProperties"] is False
    from sroi.rules.calcio import LINE_KEYS

    assert set(line["properties"]) == set(LINE_KEYS)
    response = components["CalcResponse"]
    assert {"obligation_eur", "total_eur", "lines", "warnings"} <= set(response["properties"])
    assert response["properties"]["total_eur"]["type"] == "string"


def test_the_rule_set_list_is_an_array_of_a_typed_component(schema: dict[str, Any]) -> None:
    rulesets = schema["paths"]["/api/v1/rulesets/"]["get"]
    body = _json_schema(rulesets, "200")
    assert body["type"] == "array"
    assert body["items"] == {"$ref": "#/components/schemas/RuleSetVersion"}


@pytest.mark.parametrize(
    ("path", "method", "statuses"),
    [
        ("/api/v1/calc/", "post", {"200", "400", "401", "413", "415", "429"}),
        ("/api/v1/contracts/", "get", {"200", "400", "401", "403", "404", "429"}),
        ("/api/v1/contracts/{id}/", "get", {"200", "401", "403", "404", "429"}),
        ("/api/v1/aggregates/", "get", {"200", "400", "401", "403", "429"}),
    ],
)
def test_the_error_answers_are_declared(
    schema: dict[str, Any], path: str, method: str, statuses: set[str]
) -> None:
    assert statuses <= set(schema["paths"][path][method]["responses"])


def test_the_api_token_is_a_bearer_scheme(schema: dict[str, Any]) -> None:
    scheme = schema["components"]["securitySchemes"]["apiToken"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    contracts = schema["paths"]["/api/v1/contracts/"]["get"]
    assert {"apiToken": []} in contracts["security"]
    assert {} not in contracts["security"]
