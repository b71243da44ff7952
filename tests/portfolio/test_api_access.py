"""Every endpoint of the read-only API for every role: the coordinator sees the region, a buyer
user its buyer's contracts, a contractor its own; the anonymous user nothing; a contract the
user may not see is a 404. No answer names a candidate."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from sroi.accounts.models import User
from tests.portfolio.api_world import CANDIDATE_REFERENCE, World, bearer, key_for, world

__all__ = ["world"]


def _user(persona: str, world: World, request: pytest.FixtureRequest) -> User:
    if hasattr(world, persona):
        return getattr(world, persona)  # type: ignore[no-any-return]
    return request.getfixturevalue(persona)  # type: ignore[no-any-return]


# persona -> which of the world's contracts it sees
SEES = {
    "coordinator": {"hoorn", "enkhuizen"},
    "buyer_hoorn": {"hoorn"},
    "buyer_enkhuizen": {"enkhuizen"},
    "contractor_a": {"hoorn"},
    "contractor_b": {"enkhuizen"},
}


@pytest.mark.parametrize("persona", sorted(SEES))
def test_each_role_lists_exactly_the_contracts_it_sees_in_the_ui(
    client: Client, world: World, persona: str, request: pytest.FixtureRequest
) -> None:
    key = key_for(_user(persona, world, request))
    body = client.get("/api/v1/contracts/", **bearer(key)).json()
    ids = {row["id"] for row in body["results"]}
    assert ids == {getattr(world, name).pk for name in SEES[persona]}
    assert body["count"] == len(ids)


@pytest.mark.parametrize("persona", sorted(SEES))
@pytest.mark.parametrize("suffix", ["", "agreements/", "progress/"])
def test_each_role_reads_a_contract_it_sees_and_gets_404_for_another(
    client: Client, world: World, persona: str, suffix: str, request: pytest.FixtureRequest
) -> None:
    key = key_for(_user(persona, world, request))
    for name in ("hoorn", "enkhuizen"):
        contract = getattr(world, name)
        response = client.get(f"/api/v1/contracts/{contract.pk}/{suffix}", **bearer(key))
        assert response.status_code == (200 if name in SEES[persona] else 404), name


@pytest.mark.parametrize("persona", sorted(SEES))
def test_aggregates_total_only_the_contracts_the_role_sees(
    client: Client, world: World, persona: str, request: pytest.FixtureRequest
) -> None:
    key = key_for(_user(persona, world, request))
    body = client.get("/api/v1/aggregates/", **bearer(key)).json()
    assert body["totals"]["count"] == len(SEES[persona])
    buyers = {row["name"] for row in body["by_buyer"]}
    expected = {getattr(world, name).buyer.name for name in SEES[persona]}
    assert buyers == expected


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/contracts/",
        "/api/v1/contracts/1/",
        "/api/v1/contracts/1/agreements/",
        "/api/v1/contracts/1/progress/",
        "/api/v1/aggregates/",
    ],
)
def test_the_anonymous_user_gets_401_everywhere(client: Client, world: World, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_session_of_the_ui_reads_the_api_too(client: Client, world: World) -> None:
    client.force_login(world.buyer_hoorn)
    body = client.get("/api/v1/contracts/").json()
    assert [row["id"] for row in body["results"]] == [world.hoorn.pk]


def test_the_contract_figures_are_decimal_strings_and_iso_dates(
    client: Client, world: World, coordinator: User
) -> None:
    key = key_for(coordinator)
    body = client.get(f"/api/v1/contracts/{world.hoorn.pk}/", **bearer(key)).json()
    assert body["value_eur"] == "1000000.00"
    assert body["start_date"] == "2026-01-01"
    assert body["buyer"] == {"id": world.hoorn.buyer_id, "name": "Gemeente Hoorn"}
    assert body["ruleset"].startswith("nhn-werksaam/")
    agreements = client.get(f"/api/v1/contracts/{world.hoorn.pk}/agreements/", **bearer(key))
    rows = agreements.json()
    assert len(rows) == 1
    assert rows[0]["value_eur"] == "25000.00"
    assert rows[0]["version"] == 1
    progress = client.get(f"/api/v1/contracts/{world.hoorn.pk}/progress/", **bearer(key)).json()
    assert progress["obligation_eur"] == "50000.00"
    assert progress["contract"] == world.hoorn.pk


def test_a_contract_without_agreements_in_force_has_an_empty_list(
    client: Client, world: World, coordinator: User
) -> None:
    key = key_for(coordinator)
    response = client.get(f"/api/v1/contracts/{world.enkhuizen.pk}/agreements/", **bearer(key))
    assert response.json() == []


@pytest.mark.parametrize("persona", ["buyer_hoorn", "coordinator", "contractor_a"])
def test_no_answer_names_a_candidate(
    client: Client, world: World, persona: str, request: pytest.FixtureRequest
) -> None:
    key = key_for(_user(persona, world, request))
    pk = world.hoorn.pk
    for path in (
        "/api/v1/contracts/",
        f"/api/v1/contracts/{pk}/",
        f"/api/v1/contracts/{pk}/agreements/",
        f"/api/v1/contracts/{pk}/progress/",
        "/api/v1/aggregates/",
    ):
        response = client.get(path, **bearer(key))
        assert response.status_code == 200, path
        assert CANDIDATE_REFERENCE not in json.dumps(response.json()), path


@pytest.mark.parametrize("pk", ["0", "abc", "-1", "99999999999999999999", "1.5", "%20"])
def test_a_malformed_or_huge_id_is_a_json_404(
    client: Client, world: World, coordinator: User, pk: str
) -> None:
    key = key_for(coordinator)
    for suffix in ("", "agreements/", "progress/"):
        response = client.get(f"/api/v1/contracts/{pk}/{suffix}", **bearer(key))
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"


def test_the_api_only_reads(client: Client, world: World, coordinator: User) -> None:
    key = key_for(coordinator)
    for path in ("/api/v1/contracts/", f"/api/v1/contracts/{world.hoorn.pk}/"):
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(path, **bearer(key))
            assert response.status_code == 405, (method, path)
