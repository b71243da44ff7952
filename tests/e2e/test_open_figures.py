"""Open figures in a real browser: a buyer user previews and publishes its buyer's page, an
anonymous visitor opens it (small counts shown as "minder dan 5") and the JSON; a coordinator
chooses a buyer. axe on every page, the public page included."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sroi.accounts.models import User
from sroi.plans.constants import TargetGroup
from sroi.plans.models import Buyer
from sroi.portfolio.publication_services import publication_save
from sroi.rules.services import ruleset_import_shipped
from tests.plans.factories import buyer_user_of
from tests.portfolio.open_data import buyer_named, contract_of, place


@pytest.fixture
def hoorn(transactional_db: None) -> Buyer:
    ruleset_import_shipped()
    buyer = buyer_named("Gemeente Hoorn")
    contract = contract_of(buyer)
    place(contract, 6)
    place(contract, 2, target_group=TargetGroup.PW_GT2)
    contract_of(buyer, start=date(2025, 5, 1), realised="0.00")
    return buyer


def test_a_buyer_user_publishes_and_an_anonymous_visitor_reads_the_figures(
    page: Page,
    hoorn: Buyer,
    log_in: Callable[[User], None],
    new_page: Callable[..., Page],
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
) -> None:
    manager = buyer_user_of(hoorn, email="inkoper@hoorn.example.org")
    log_in(manager)
    visit(page, "/coordinator/open-cijfers/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gemeente Hoorn")
    page.get_by_role("link", name="Bekijk de pagina vooraf").click()
    assert_accessible(page)
    expect(page.locator("[data-preview]")).to_be_visible()
    page.get_by_role("link", name="Terug naar de instellingen").click()
    assert_accessible(page)

    page.get_by_label("Adres van de pagina").fill("Hoorn West!")
    page.get_by_role("button", name="Opslaan").click()
    assert_accessible(page)
    expect(page.locator("#id_slug_error")).to_contain_text("kleine letters")

    page.get_by_label("Adres van de pagina").fill("hoorn")
    page.get_by_label("Inleiding").fill("Hoorn koopt sociaal in.\nVragen? Mail ons.")
    page.get_by_label("De open cijfers publiceren").check()
    page.get_by_role("button", name="Opslaan").click()
    assert_accessible(page)
    expect(page.locator(".sroi-messages")).to_contain_text("gepubliceerd")

    visitor = new_page()
    visit(visitor, "/open/hoorn/")
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Gemeente Hoorn")
    expect(visitor.get_by_text("Hoorn koopt sociaal in.")).to_be_visible()
    expect(visitor.locator("[data-suppressed]:not([data-withheld])").first).to_have_text(
        "minder dan 5"
    )
    expect(
        visitor.get_by_role("table", name="De cijfers per jaar waarin de contracten begonnen")
    ).to_be_visible()
    expect(visitor.locator("svg[data-chart=open] rect")).to_have_count(3)
    visitor.keyboard.press("Tab")
    expect(visitor.locator(".sroi-skip-link")).to_be_focused()
    response = visitor.request.get("/open/hoorn/cijfers.json")
    assert response.ok
    assert response.json()["total"]["people"] == {
        "value": 8,
        "suppressed": False,
        "withheld": False,
    }
    visit(visitor, "/open/bestaat-niet/", status=404)


def test_a_coordinator_chooses_a_buyer_to_publish(
    page: Page,
    hoorn: Buyer,
    coordinator: User,
    log_in: Callable[[User], None],
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
) -> None:
    log_in(coordinator)
    visit(page, "/coordinator/open-cijfers/")
    page.get_by_role("link", name="Gemeente Hoorn").click()
    assert_accessible(page)
    page.get_by_label("De open cijfers publiceren").check()
    page.get_by_role("button", name="Opslaan").click()
    assert_accessible(page)
    visit(page, "/open/gemeente-hoorn/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Social Return bij Gemeente Hoorn")


def test_a_crossing_edit_keeps_what_was_typed_beside_the_other_version(
    page: Page,
    hoorn: Buyer,
    coordinator: User,
    log_in: Callable[[User], None],
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
) -> None:
    manager = buyer_user_of(hoorn, email="inkoper@hoorn.example.org")
    log_in(manager)
    visit(page, "/coordinator/open-cijfers/")
    assert_accessible(page)
    page.get_by_label("Inleiding").fill("Mijn eigen inleiding.")
    # Meanwhile the coordinator saves the settings.
    publication_save(
        acting_user=coordinator,
        buyer=hoorn,
        slug="hoorn-noord",
        published=False,
        introduction="Door de coordinator.",
        revision="",
    )
    page.get_by_role("button", name="Opslaan").click()
    assert_accessible(page)
    expect(page.locator(".sroi-error-summary")).to_contain_text("Niets van wat u typte")
    expect(page.get_by_label("Inleiding")).to_have_value("Mijn eigen inleiding.")
    theirs = page.locator("[data-conflict-theirs]")
    expect(theirs).to_contain_text("Door de coordinator.")
    expect(theirs).to_contain_text("hoorn-noord")
    page.get_by_role("button", name="Opslaan").click()
    assert_accessible(page)
    expect(page.locator(".sroi-messages")).to_contain_text("opgeslagen")
    expect(page.get_by_label("Inleiding")).to_have_value("Mijn eigen inleiding.")
