"""No lost or crossed writes, in a real browser.

- Two tabs on one draft: the second tab's autosave is refused with a clear message, its
  "Concept opslaan" shows both texts, and the user's choice is saved; nothing typed is lost.
- An edit made just before clicking a link is saved before the link is followed.
- Signed out in the calculator, "Maak een plan van aanpak van deze berekening", sign in: the
  calculation arrives in the new plan (kept in the browser, not on the server).

Every page is checked with axe; the ``page`` fixture also fails on CSP violations and
JavaScript errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from sroi.accounts.models import User
from sroi.plans.models import Plan
from sroi.rules.services import ruleset_import_shipped
from tests.factories import DEMO_PASSWORD
from tests.plans.factories import PlanFactory

ACTIONS = ".sroi-plan-form__actions"


@pytest.fixture
def _rulesets(transactional_db: None) -> None:
    ruleset_import_shipped()


@pytest.fixture
def plan(_rulesets: None, contractor_a: User) -> Plan:
    return PlanFactory(contract__organisation=contractor_a.organisation)


def _is_autosave(response: Any) -> bool:
    request = response.request
    return bool(request.method == "POST" and "autosave" in (request.post_data or ""))


def test_two_tabs_on_one_draft_show_a_conflict_and_lose_nothing(
    page: Page,
    new_page: Callable[..., Page],
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[..., None],
    contractor_a: User,
    plan: Plan,
) -> None:
    edit = f"/plannen/{plan.pk}/bewerken/"
    log_in(contractor_a)
    visit(page, edit)
    other = new_page(contractor_a)  # a second tab (or a colleague) on the same draft
    visit(other, edit)

    # The other tab saves first.
    other.fill("#id_work_description", "Tekst uit het andere tabblad")
    with other.expect_event("load"):  # a new document, not a URL set by script
        other.locator(f"{ACTIONS} button[value='save']").click()
    other.wait_for_url(f"**{edit}")
    assert_accessible(other)

    # This tab's autosave is refused with a message; nothing is overwritten.
    with page.expect_response(_is_autosave, timeout=10_000) as autosave:
        page.fill("#id_work_description", "Mijn eigen tekst")
        page.locator("#id_work_description").blur()
    assert autosave.value.status == 409
    expect(page.locator("#plan-autosave-status")).to_contain_text("elders gewijzigd")
    plan.refresh_from_db()
    assert plan.work_description == "Tekst uit het andere tabblad"

    # "Concept opslaan" shows both texts; the field still holds what this tab typed.
    with page.expect_event("load"):  # a new document, not a URL set by script
        page.locator(f"{ACTIONS} button[value='save']").click()
    page.wait_for_load_state()
    assert_accessible(page)
    conflict = page.locator("#conflict-work_description")
    expect(conflict.locator("[data-conflict-stored]")).to_have_text("Tekst uit het andere tabblad")
    expect(conflict.locator("[data-conflict-typed]")).to_have_text("Mijn eigen tekst")
    expect(page.locator("#id_work_description")).to_have_value("Mijn eigen tekst")

    # Combine both in the field and keep that.
    page.fill("#id_work_description", "Tekst uit het andere tabblad. Mijn eigen tekst")
    with page.expect_event("load"):  # a new document, not a URL set by script
        page.get_by_role("button", name="Mijn keuze opslaan").click()
    page.wait_for_url(f"**{edit}")
    assert_accessible(page)
    plan.refresh_from_db()
    assert plan.work_description == "Tekst uit het andere tabblad. Mijn eigen tekst"


def test_an_edit_just_before_clicking_a_link_is_saved(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[..., None],
    contractor_a: User,
    plan: Plan,
) -> None:
    log_in(contractor_a)
    visit(page, f"/plannen/{plan.pk}/bewerken/")
    page.fill("#id_additional_info", "Vlak voor het klikken getypt")
    with page.expect_event("load"):  # a new document, not a URL set by script
        page.get_by_role("link", name="Terug naar het plan").click()  # no change event, no wait
    page.wait_for_url(f"**/plannen/{plan.pk}/")
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("Vlak voor het klikken getypt")
    plan.refresh_from_db()
    assert plan.additional_info == "Vlak voor het klikken getypt"


def test_leaving_with_unsaved_changes_asks_first(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[..., None],
    contractor_a: User,
    plan: Plan,
) -> None:
    log_in(contractor_a)
    visit(page, f"/plannen/{plan.pk}/bewerken/")
    page.locator("#id_additional_info").click()  # a real gesture: browsers ask only after one
    page.keyboard.type("Nog niet bewaard")
    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)
    dialog = asked.value
    assert dialog.type == "beforeunload"
    dialog.dismiss()  # stay on the page
    # Nothing left unsaved when the test ends (no save racing the next test's database).
    with page.expect_event("load"):  # a new document, not a URL set by script
        page.locator(f"{ACTIONS} button[value='save']").click()
    page.wait_for_url(f"**/plannen/{plan.pk}/bewerken/")
    assert_accessible(page)
    plan.refresh_from_db()
    assert plan.additional_info == "Nog niet bewaard"


def test_calculation_made_signed_out_arrives_in_the_plan_after_signing_in(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    contractor_a: User,
    _rulesets: None,
) -> None:
    EmailAddress.objects.create(
        user=contractor_a, email=contractor_a.email, verified=True, primary=True
    )
    visit(page, "/rekenhulp/")
    page.fill("#id_value_eur", "800.000")
    page.fill("#id_sroi_percentage", "5")
    page.fill("#id_start", "2026-01-01")
    page.fill("#id_end", "2027-12-31")
    page.select_option("#id_placements-0-block", "PW_LT2")
    page.fill("#id_placements-0-hours_per_week", "36")
    page.fill("#id_placements-0-start", "2026-01-01")
    page.fill("#id_placements-0-end", "2026-12-31")
    make_plan = page.get_by_role("button", name="Maak een plan van aanpak van deze berekening")
    expect(make_plan).to_be_visible()
    assert_accessible(page)

    with page.expect_event("load"):  # a new document, not a URL set by script
        make_plan.click()
    page.wait_for_url("**/plannen/uit-rekenhulp/")
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Log in om een plan van aanpak te maken"
    )
    with page.expect_event("load"):  # a new document, not a URL set by script
        page.get_by_role("link", name="Inloggen", exact=True).last.click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill(contractor_a.email)
    page.get_by_label("Wachtwoord", exact=True).fill(DEMO_PASSWORD)
    with page.expect_event("load"):  # a new document, not a URL set by script
        page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/plannen/uit-rekenhulp/")
    assert_accessible(page)
    with page.expect_event("load"):  # a new document, not a URL set by script
        page.get_by_role("button", name="Maak een plan van aanpak van deze berekening").click()
    page.wait_for_url(re.compile(r"/plannen/\d+/bewerken/$"))
    assert_accessible(page)
    expect(page.locator("#id_value_eur")).to_have_value("800.000,00")
    plan = Plan.objects.get()
    assert plan.contract.organisation == contractor_a.organisation
    assert plan.contract.value_eur == Decimal("800000.00")
    line = plan.lines.get()
    assert (line.block_code, line.hours_per_week) == ("PW_LT2", Decimal("36.00"))
    # The calculation is no longer kept in the browser once the plan is made.
    assert page.evaluate("window.localStorage.getItem('sroi:calculation')") is None
