"""Hot paths do no repeated work: each published rule-set version is parsed once per process,
the hot pages make a fixed, small number of queries, and a saved change is used at once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from sroi.rules import loaders, selectors
from sroi.rules.constants import RuleSetState
from sroi.rules.files import parse_ruleset
from sroi.rules.models import RuleSetVersion
from sroi.rules.services import ruleset_version_end_validity
from tests.calculator.conftest import worked_example

pytestmark = pytest.mark.usefixtures("shipped_rulesets")

API = "/api/v1/calc/"
DOCUMENT: dict[str, Any] = {
    "ruleset": "utrecht",
    "contract": {
        "value_eur": "1000000",
        "sroi_percentage": "5",
        "start": "2026-01-01",
        "end": "2027-12-31",
    },
    "lines": [{"block": "SOCIAAL_INKOPEN", "amount_eur": "4000"}],
}


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The rule sets parsed from stored documents (code and version), counted from nothing."""
    loaders.forget_parsed()
    seen: list[str] = []

    def counting(document: Any) -> Any:
        seen.append(f"{document['id']} {document['version']}")
        return parse_ruleset(document)

    monkeypatch.setattr(loaders, "parse_ruleset", counting)
    yield seen
    loaders.forget_parsed()


def _published() -> int:
    return RuleSetVersion.objects.filter(state=RuleSetState.PUBLISHED).count()


def _api(client: Client) -> None:
    response = client.post(API, json.dumps(DOCUMENT), content_type="application/json")
    assert response.status_code == 200, response.content


def test_each_published_version_is_parsed_once_however_many_requests(
    client: Client, parses: list[str]
) -> None:
    for _request in range(3):
        assert client.get(reverse("rules:calculator")).status_code == 200
        _api(client)
        live = client.post(
            reverse("rules:calculator_valuation"),
            worked_example(shown_ruleset="utrecht@2024-1"),
            HTTP_HX_REQUEST="true",
        )
        assert live.status_code == 200

    assert len(parses) == len(set(parses)) <= _published()


def test_a_changed_version_is_parsed_again(client: Client, parses: list[str]) -> None:
    _api(client)
    version = RuleSetVersion.objects.get(code="nhn-werksaam", state=RuleSetState.PUBLISHED)
    before = next(r for r in selectors.engine_rulesets_published() if r.id == "nhn-werksaam")
    assert before.valid_to is None

    ruleset_version_end_validity(version=version, valid_to=date(2030, 12, 31), acting_user=None)

    after = next(r for r in selectors.engine_rulesets_published() if r.id == "nhn-werksaam")
    assert after.valid_to == date(2030, 12, 31)
    assert parses.count("nhn-werksaam indicative-1") == 2


def test_a_version_published_meanwhile_is_offered_at_once(client: Client) -> None:
    _api(client)  # every published version parsed in this process
    ours = RuleSetVersion.objects.get(code="utrecht", version="2024-1")
    RuleSetVersion.objects.filter(pk=ours.pk).update(state=RuleSetState.CONCEPT)

    codes = {(r.id, r.version) for r in selectors.engine_rulesets_published()}

    assert ("utrecht", "2024-1") not in codes
    assert ("utrecht", "2015-1") in codes


def _no_document_read(captured: CaptureQueriesContext) -> None:
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert '"document"' not in sql, sql


def test_calculator_page_makes_one_query_and_reads_no_document_once_parsed(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client.get(reverse("rules:calculator"))

    with django_assert_num_queries(1) as captured:
        assert client.get(reverse("rules:calculator")).status_code == 200
    _no_document_read(captured)


def test_live_update_makes_one_query_and_reads_no_document_once_parsed(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    data = worked_example(shown_ruleset="utrecht@2024-1")
    url = reverse("rules:calculator_valuation")
    client.post(url, data, HTTP_HX_REQUEST="true")

    with django_assert_num_queries(1) as captured:
        assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 200
    _no_document_read(captured)


def test_api_makes_one_query_and_reads_no_document_once_parsed(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    _api(client)

    with django_assert_num_queries(1) as captured:
        _api(client)
    _no_document_read(captured)


def test_ruleset_list_makes_one_query_whatever_the_number_of_rule_sets(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    assert RuleSetVersion.objects.values("code").distinct().count() > 2

    with django_assert_num_queries(1):
        response = client.get(reverse("rulesets:list"))

    assert response.status_code == 200
    assert response.content.decode().count('data-current="true"') == len(
        {v.code for v in selectors.ruleset_versions_published()}
    )


def test_calculator_reads_the_stored_document_when_not_parsed_yet(client: Client) -> None:
    loaders.forget_parsed()
    selectors.forget_published()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("rules:calculator")).status_code == 200
    assert len(captured) == 3  # the stamp of the published versions, the list, the document
