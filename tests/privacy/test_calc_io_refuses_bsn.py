"""``sroi calc`` and ``POST /api/v1/calc/`` refuse a BSN as a line's ``ref`` (calc-io)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.cli.conftest import run_sroi
from tests.cli.documents import worked_example
from tests.privacy.conftest import TEST_BSN


def _with_refs(*refs: object) -> dict[str, Any]:
    doc = worked_example()
    for line, ref in zip(doc["lines"], refs, strict=False):
        line["ref"] = ref
    return doc


def test_sroi_calc_exits_2_naming_the_ref_of_the_line() -> None:
    result = run_sroi("calc", "-", "--lang", "en", stdin=json.dumps(_with_refs(TEST_BSN)))

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "lines[0].ref: a ref may not hold a BSN: use a pseudonym (for example K-017)"
    ]
    assert TEST_BSN not in result.stderr  # the BSN itself is not echoed


def test_sroi_calc_explains_in_dutch_by_default() -> None:
    # 111222333 as a JSON number (a ref may be a whole number), on the second line.
    result = run_sroi("calc", "-", stdin=json.dumps(_with_refs("K-017", 111222333)))

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "lines[1].ref: een ref mag geen BSN bevatten: gebruik een pseudoniem (bijvoorbeeld K-017)"
    ]


def test_sroi_calc_accepts_pseudonyms() -> None:
    result = run_sroi("calc", "-", stdin=json.dumps(_with_refs("K-017", "K-018", 17)))

    assert result.returncode == 0, result.stderr
    assert [line["ref"] for line in result.json()["lines"]] == ["K-017", "K-018", "17"]


@pytest.mark.usefixtures("shipped_rulesets")
def test_api_answers_400_naming_the_field(client: Client) -> None:
    response = client.post(
        "/api/v1/calc/",
        json.dumps(_with_refs(None, "Kandidaat 123.456.782")),
        content_type="application/json",
    )

    assert response.status_code == 400
    problems = response.json()["problems"]
    assert [(p["line"], p["field"], p["code"]) for p in problems] == [(1, "ref", "bsn_refused")]
    assert TEST_BSN not in response.content.decode()
    assert "123.456.782" not in response.content.decode()
