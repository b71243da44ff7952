"""Attacks on the portfolio and the open figures that must hold: hostile filter values, ids of
other buyers and huge ids in every parameter, a buyer user of an organisation that is not a
buyer's, and a publication saved past the form (the service keeps the introduction's limit)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from sroi.accounts.constants import OrganisationKind, Role
from sroi.accounts.models import User
from sroi.plans.models import Buyer
from sroi.portfolio.constants import PUBLICATION_INTRODUCTION_MAX_LENGTH
from sroi.portfolio.models import Publication
from sroi.portfolio.publication_services import publication_save
from sroi.rules.services import ruleset_import_shipped
from tests.factories import UserFactory
from tests.plans.factories import BuyerFactory, buyer_user_of
from tests.portfolio.open_data import contract_of, publish

PORTFOLIO = "/coordinator/portefeuille/"
HUGE = "9" * 30


@pytest.fixture(autouse=True)
def _rulesets(db: None, settings: object) -> None:
    ruleset_import_shipped()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture
def hoorn() -> Buyer:
    buyer = BuyerFactory(name="Gemeente Hoorn")
    contract_of(buyer, name="Groenonderhoud Hoorn")
    return buyer


@pytest.fixture
def enkhuizen() -> Buyer:
    buyer = BuyerFactory(name="Gemeente Enkhuizen")
    contract_of(buyer, name="Schoonmaak Enkhuizen")
    return buyer


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


HOSTILE_QUERIES = [
    f"koper={HUGE}",
    "koper=-1",
    "koper=1.5",
    f"jaar={'9' * 5000}",
    "jaar=-2026",
    "jaar=2026&jaar=abc&jaar=2025",
    "doelgroep=%E2%80%AE",
    "zoek=%25",
    "zoek=_",
    "zoek=%5C",
    "zoek=%F0%9F%98%80",
    "van=0001-01-01",
    "tot=9999-12-31",
    "van=31-12-9999&tot=01-01-0001",
    "sorteer=--name",
    "sorteer=__class__",
    "sorteer=name__id",
    "&".join(f"zoek={i}" for i in range(500)),
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=[q[:30] for q in HOSTILE_QUERIES])
def test_a_hostile_filter_value_is_never_a_500(
    coordinator: User, hoorn: Buyer, enkhuizen: Buyer, query: str
) -> None:
    response = _client(coordinator).get(f"{PORTFOLIO}?{query}")
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["koper", "stoplicht", "soort", "zoek", "sorteer", "page"])
def test_a_nul_in_any_parameter_is_a_plain_400(coordinator: User, hoorn: Buyer, name: str) -> None:
    # sroi.core.middleware refuses a NUL anywhere in the query string (PostgreSQL cannot hold it)
    assert _client(coordinator).get(f"{PORTFOLIO}?{name}=jobs%00").status_code == 400


@pytest.mark.parametrize("query", ["zoek=%25", "zoek=_", "zoek=Groen_nderhoud"])
def test_like_wildcards_in_the_search_are_literal(
    coordinator: User, hoorn: Buyer, enkhuizen: Buyer, query: str
) -> None:
    response = _client(coordinator).get(f"{PORTFOLIO}?{query}")
    assert "data-contract=" not in response.text


def test_a_buyer_user_cannot_read_another_buyer_through_koper(
    hoorn: Buyer, enkhuizen: Buyer
) -> None:
    user = buyer_user_of(hoorn, email="inkoper@hoorn.example.org")
    response = _client(user).get(PORTFOLIO, {"koper": enkhuizen.pk, "zoek": "Enkhuizen"})
    assert response.status_code == 200
    assert "Schoonmaak Enkhuizen" not in response.text
    assert "Gemeente Enkhuizen" not in response.text


def test_a_buyer_role_in_an_organisation_that_is_no_buyers_sees_and_manages_nothing(
    hoorn: Buyer,
) -> None:
    hoorn.organisation.kind = OrganisationKind.CONTRACTOR
    hoorn.organisation.save(update_fields=["kind"])
    user = UserFactory(role=Role.BUYER, organisation=hoorn.organisation)
    client = _client(user)

    page = client.get(PORTFOLIO)
    assert page.status_code == 200
    assert "Groenonderhoud Hoorn" not in page.text
    assert client.get(reverse("portfolio:publication_overview")).status_code == 403
    for name in ("portfolio:publication_edit", "portfolio:publication_preview"):
        assert client.get(reverse(name, args=[hoorn.pk])).status_code == 404


@pytest.mark.parametrize("suffix", ["", "voorbeeld/"])
def test_a_huge_or_unknown_buyer_id_is_404(coordinator: User, suffix: str) -> None:
    client = _client(coordinator)
    for pk in (HUGE, "0", "2147483648"):
        assert client.get(f"/coordinator/open-cijfers/{pk}/{suffix}").status_code == 404


@pytest.mark.parametrize(
    "slug", ["GEMEENTE-HOORN", "gemeente-hoorn-", "gemeente_hoorn", "x" * 2000, "g%C3%A9meente"]
)
def test_a_near_miss_of_a_published_address_is_404(client: Client, hoorn: Buyer, slug: str) -> None:
    publish(hoorn)
    for suffix in ("", "cijfers.csv", "cijfers.json"):
        assert client.get(f"/open/{slug}/{suffix}").status_code == 404


def test_the_service_keeps_the_introductions_limit(coordinator: User, hoorn: Buyer) -> None:
    with pytest.raises(ValidationError) as caught:
        publication_save(
            acting_user=coordinator,
            buyer=hoorn,
            slug="gemeente-hoorn",
            published=True,
            introduction="x" * (PUBLICATION_INTRODUCTION_MAX_LENGTH + 1),
            revision="",
        )
    assert "introduction" in caught.value.message_dict
    assert not Publication.objects.exists()


def test_unpublishing_is_404_at_once_while_the_figures_are_cached(
    client: Client, coordinator: User, hoorn: Buyer
) -> None:
    publication = publish(hoorn)
    for suffix in ("", "cijfers.csv", "cijfers.json"):
        assert client.get(f"/open/gemeente-hoorn/{suffix}").status_code == 200  # cached now
    publication_save(
        acting_user=coordinator,
        buyer=hoorn,
        slug="gemeente-hoorn",
        published=False,
        introduction=publication.introduction,
        revision=publication.updated_at.isoformat(),
    )
    for suffix in ("", "cijfers.csv", "cijfers.json"):
        assert client.get(f"/open/gemeente-hoorn/{suffix}").status_code == 404
