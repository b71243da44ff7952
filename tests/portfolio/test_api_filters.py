"""The API's query parameters are the portfolio's filter (``forms.PortfolioFilterForm``): a
bad value is a 400 with the Dutch message at the parameter, never a 500; pages are bounded;
the throttle answers 429."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from sroi.accounts.models import User
from tests.portfolio.api_world import World, bearer, key_for, world

__all__ = ["world"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("jaar=abc", "jaar"),
        ("jaar=99999999999999999999999", "jaar"),
        ("jaar=1999", "jaar"),
        ("jaar=", "jaar"),
        ("jaar=2026&jaar=2027", "jaar"),
        ("stoplicht=paars", "stoplicht"),
        ("doelgroep=%C3%A9", "doelgroep"),
        ("soort=x", "soort"),
        ("zoek=" + "x" * 101, "zoek"),
        ("zoek=111222333", "zoek"),
        ("van=31-01-2026", "van"),
        ("van=2026-02-30", "van"),
        ("van=2026-02-01&tot=2026-01-01", "tot"),
        ("tot=9999-01-01", "tot"),
        ("sorteer=password", "sorteer"),
        ("koper=abc", "koper"),
        ("koper=99999999999999999999999", "koper"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page_size=501", "page_size"),
        ("page_size=-1", "page_size"),
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/contracts/", "/api/v1/aggregates/"])
def test_a_bad_filter_value_is_a_400_with_the_message_at_its_parameter(
    client: Client, world: World, coordinator: User, query: str, field: str, path: str
) -> None:
    if field.startswith("page") and "aggregates" in path:
        pytest.skip("the aggregates are not paginated")
    key = key_for(coordinator)
    response = client.get(f"{path}?{query}", **bearer(key))
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert all(isinstance(message, str) and message for message in body[field])


@pytest.mark.parametrize("path", ["/api/v1/contracts/", "/api/v1/aggregates/"])
def test_a_nul_character_is_a_json_400(
    client: Client, world: World, coordinator: User, path: str
) -> None:
    key = key_for(coordinator)
    response = client.get(f"{path}?zoek=a%00b", **bearer(key))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_a_buyer_user_cannot_filter_on_another_buyer(client: Client, world: World) -> None:
    key = key_for(world.buyer_hoorn)
    response = client.get(f"/api/v1/contracts/?koper={world.enkhuizen.buyer_id}", **bearer(key))
    assert response.status_code == 400
    assert "koper" in response.json()


def test_the_filter_applies_as_in_the_portfolio(
    client: Client, world: World, coordinator: User
) -> None:
    key = key_for(coordinator)
    body = client.get(f"/api/v1/contracts/?koper={world.hoorn.buyer_id}", **bearer(key)).json()
    assert [row["id"] for row in body["results"]] == [world.hoorn.pk]
    body = client.get("/api/v1/contracts/?zoek=Schoonmaak&jaar=2026", **bearer(key)).json()
    assert [row["id"] for row in body["results"]] == [world.enkhuizen.pk]
    body = client.get("/api/v1/contracts/?sorteer=-name", **bearer(key)).json()
    assert [row["id"] for row in body["results"]] == [world.enkhuizen.pk, world.hoorn.pk]
    totals = client.get("/api/v1/aggregates/?soort=jobs", **bearer(key)).json()["totals"]
    assert totals["count"] == 1


def test_pages_are_bounded_and_a_page_past_the_end_is_a_404(
    client: Client, world: World, coordinator: User
) -> None:
    key = key_for(coordinator)
    body = client.get("/api/v1/contracts/?page_size=1", **bearer(key)).json()
    assert body["count"] == 2 and len(body["results"]) == 1 and body["next"]
    response = client.get("/api/v1/contracts/?page=3&page_size=1", **bearer(key))
    assert response.status_code == 404


def test_the_throttle_answers_429_per_token(
    client: Client, world: World, coordinator: User, contractor_a: User, settings: Settings
) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "portfolio_api": "2/minute",
        },
    }
    key = key_for(coordinator)
    statuses = [client.get("/api/v1/aggregates/", **bearer(key)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = client.get("/api/v1/contracts/", **bearer(key))
    assert response.status_code == 429
    assert "Retry-After" in response
    # Another user's token has its own budget.
    other = key_for(contractor_a)
    assert client.get("/api/v1/contracts/", **bearer(other)).status_code == 200
