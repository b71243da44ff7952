"""The plan edit page's parts kept per process (``sroi.core.fragments``): the same page as
rendered afresh, and a change of anything they show gives a new rendering at once."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sroi.accounts.models import Organisation, User
from sroi.core.fragments import FragmentKey, kept_fragment, kept_fragments_clear
from sroi.plans.models import Buyer, PlanLine
from tests.plans.factories import PlanFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_rulesets")]

_PER_REQUEST = re.compile(
    r'(csrfmiddlewaretoken" value="|X-CSRFToken": "|kept_input_token" value=")[^"]*'
)


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return _PER_REQUEST.sub(r"\1", response.content.decode())


def test_a_kept_part_is_rendered_again_for_another_key_language_or_guard() -> None:
    kept_fragments_clear()
    guard = object()
    made: list[str] = []

    def render(text: str) -> Callable[[], str]:
        return lambda: made.append(text) or text

    key = FragmentKey(value=("plan", 1), guard=guard)
    assert kept_fragment("part", key, render("a")) == "a"
    assert kept_fragment("part", FragmentKey(value=("plan", 1), guard=guard), render("b")) == "a"
    assert kept_fragment("part", FragmentKey(value=("plan", 2), guard=guard), render("c")) == "c"
    assert kept_fragment("part", FragmentKey(value=("plan", 1), guard=object()), render("d")) == "d"
    with translation.override("en"):
        assert kept_fragment("part", key, render("e")) == "e"
    assert kept_fragment("part", None, render("f")) == "f"
    assert made == ["a", "c", "d", "e", "f"]


def test_the_kept_edit_page_equals_a_fresh_rendering(client: Client, contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    client.force_login(contractor_a)
    url = reverse("plans:plan_edit", kwargs={"pk": plan.pk})
    kept_fragments_clear()
    fresh = _page(client, url)
    assert _page(client, url) == fresh  # from the kept parts
    kept_fragments_clear()
    assert _page(client, url) == fresh


def test_a_change_made_without_the_services_shows_at_once(
    client: Client, contractor_a: User
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    client.force_login(contractor_a)
    url = reverse("plans:plan_edit", kwargs={"pk": plan.pk})
    _page(client, url)
    _page(client, url)

    Organisation.objects.filter(pk=contractor_a.organisation_id).update(name="Bouwbedrijf Nieuw")
    assert "Bouwbedrijf Nieuw" in _page(client, url)

    Buyer.objects.filter(pk=plan.contract.buyer_id).update(name="Gemeente Hernoemd")
    assert "Gemeente Hernoemd" in _page(client, url)

    PlanLine.objects.filter(plan=plan).update(hours_per_week=17)
    assert 'value="17"' in _page(client, url)

    Buyer.objects.create(name="Gemeente Erbij", active=True)
    assert "Gemeente Erbij" in _page(client, url)


def test_the_kept_page_follows_the_language(client: Client, contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    client.force_login(contractor_a)
    url = reverse("plans:plan_edit", kwargs={"pk": plan.pk})
    dutch = _page(client, url)
    client.cookies["django_language"] = "en"
    english = _page(client, url)
    assert "Contract en bedrijf" in dutch
    assert "Contract and company" in english
    assert "Contract and company" not in dutch


def test_the_kept_plan_list_equals_a_fresh_rendering_and_follows_changes(
    client: Client, coordinator: User
) -> None:
    plans = PlanFactory.create_batch(3)
    client.force_login(coordinator)
    url = reverse("plans:home")
    kept_fragments_clear()
    fresh = _page(client, url)
    assert _page(client, url) == fresh
    kept_fragments_clear()
    assert _page(client, url) == fresh

    plan = plans[0]
    Organisation.objects.filter(pk=plan.contract.organisation_id).update(name="Aannemer Anders")
    Buyer.objects.filter(pk=plan.contract.buyer_id).update(name="Gemeente Anders")
    html = _page(client, url)
    assert "Aannemer Anders" in html
    assert "Gemeente Anders" in html

    before = _page(client, url)
    PlanLine.objects.filter(plan=plan).update(hours_per_week=1)
    plan.refresh_from_db()
    plan.revision += 1
    plan.save()  # the services raise the revision with every change of the lines
    assert _page(client, url) != before


def test_the_kept_navigation_shows_each_user_and_section_its_own(
    client: Client, coordinator: User, contractor_a: User
) -> None:
    client.force_login(coordinator)
    html = _page(client, reverse("plans:home"))
    assert reverse("coordinator:inbox") in html
    assert 'href="/plannen/" aria-current="page"' in html
    assert (
        'aria-current="page"'
        not in _page(client, reverse("rules:calculator")).split('href="/plannen/"')[1][:30]
    )

    User.objects.filter(pk=coordinator.pk).update(full_name="Coördinator Nieuw")
    assert "Coördinator Nieuw" in _page(client, reverse("plans:home"))

    client.force_login(contractor_a)
    html = _page(client, reverse("plans:home"))
    assert reverse("coordinator:inbox") not in html
    assert "Coördinator Nieuw" not in html
    assert 'name="csrfmiddlewaretoken"' in html  # the sign-out form is rendered every time

    client.logout()
    html = _page(client, reverse("rules:calculator"))
    assert reverse("account_logout") not in html
    assert reverse("account_login") in html
