"""Fuzzing the calc-io reader and the API: any JSON document, hostile numbers included, gets a
valuation or a refusal (200 or 4xx), never an exception or a 5xx, and each example finishes
within hypothesis's deadline (a pinned worker would exceed it by minutes)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sroi.rules.calcio import LINE_KEYS, load_document, parse_request, valuation_to_dict
from sroi.rules.engine import CalculationError, calculate
from sroi.rules.files import load_shipped_rulesets
from tests.limits.documents import Raw, dumps

HOSTILE_NUMBERS = [
    "1e999999999",
    "-1e999999999",
    "1e-999999999",
    "1E+400",
    "1e10000",
    "12345678901234567890123456789",
    "9" * 5000,
    "0.000000000000000000001",
    "100000000000.01",
    "-0",
    "NaN",
    "Infinity",
]
HOSTILE_TEXTS = ["\ud800", "\udfff", "a\x00b", "K" * 201, "", "9999-12-01", "0001-01-01"]

numbers = (
    st.integers().map(lambda value: Raw(str(value)))
    | st.decimals(allow_nan=False, allow_infinity=False).map(lambda value: Raw(str(value)))
    | st.sampled_from(HOSTILE_NUMBERS).map(Raw)
)
texts = st.text(max_size=30) | st.sampled_from(HOSTILE_TEXTS)
scalars = st.none() | st.booleans() | numbers | texts
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(texts, children, max_size=4),
    max_leaves=20,
)
# Numbers also as strings, where calc-io accepts them ("1234.50").
fields = json_values | numbers.map(lambda raw: raw.text)
blocks = st.sampled_from(["PW_LT2", "WW_GT1", "SOCIAAL_INKOPEN", "MAATSCHAPPELIJK", "BBL", "X"])
line = st.fixed_dictionaries(
    {"block": blocks | fields},
    optional={key: fields for key in LINE_KEYS if key != "block"},
)
dates = st.dates().map(lambda day: day.isoformat()) | fields
calculations = st.fixed_dictionaries(
    {
        "ruleset": st.just("nhn-werksaam") | fields,
        "contract": st.fixed_dictionaries(
            {"value_eur": fields, "start": dates, "end": dates},
            optional={"sroi_percentage": fields},
        )
        | fields,
        "lines": st.lists(line, max_size=3) | fields,
    },
    optional={"pso_level": fields, "reference_date": dates},
)
# Documents of the calc-io shape, and any JSON at all.
documents = calculations | json_values

FUZZ = settings(
    max_examples=150,
    deadline=2000,  # milliseconds per example
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _text(document: Any) -> str:
    return dumps(document)


@FUZZ
@given(documents)
def test_calcio_values_or_refuses_any_document(document: Any) -> None:
    text = _text(document)
    rulesets = load_shipped_rulesets()
    try:
        doc = load_document(text)
        request, ruleset = parse_request(doc, rulesets=rulesets)
        output = valuation_to_dict(calculate(request, ruleset))
    except CalculationError as exc:
        assert exc.problems
        for problem in exc.problems:
            problem.message.encode("utf-8")
            problem.message_nl.encode("utf-8")
        return
    json.dumps(output, ensure_ascii=False).encode("utf-8")


@pytest.mark.django_db
@pytest.mark.usefixtures("shipped_rulesets")
@FUZZ
@given(document=documents)
def test_api_answers_any_document_with_200_or_4xx(client: Client, document: Any) -> None:
    cache.clear()  # the throttle would answer 429 after 120 examples
    text = _text(document).encode("utf-8", "surrogatepass")
    response = client.post("/api/v1/calc/", text, content_type="application/json")
    assert response.status_code in (200, 400, 413)
    response.json()
