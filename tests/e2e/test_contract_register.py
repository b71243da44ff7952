"""The coordinator registers a contract of record and invites the contractor, opens it,
records an extension and sees the timeline; the contractor opens the plan and finds the
contract fields filled in and locked. Every page is checked with axe (WCAG 2.1 AA).

Figures: EUR 1,000,000.00 at 5 % -> obligation EUR 50,000.00; an extension of 12 months
adding EUR 250,000.00 -> (1,000,000 + 250,000) x 5 % = EUR 62,500.00, end 31-12-2027 ->
31-12-2028.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sroi.accounts.models import User
from sroi.core.models import OutboxMessage
from sroi.plans.models import Contract, Plan
from sroi.rules.services import ruleset_import_shipped
from tests.plans.factories import BuyerFactory

NAME = "Onderhoud kunstwerken Hoorn"


@pytest.fixture
def world(transactional_db: None, coordinator: User, contractor_a: User) -> None:
    ruleset_import_shipped()
    BuyerFactory(name="Gemeente Hoorn")


def test_coordinator_registers_extends_and_contractor_sees_locked_fields(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[..., None],
    new_page: Callable[..., Page],
    coordinator: User,
    contractor_a: User,
    world: None,
) -> None:
    log_in(coordinator)
    visit(page, "/contracten/")
    with page.expect_event("load"):
        page.get_by_role("link", name="Contract vastleggen").click()
    assert_accessible(page)

    # --- Registration with an invitation -----------------------------------------------------
    page.get_by_label("Contractnaam").fill(NAME)
    page.locator("#id_buyer").select_option(label="Gemeente Hoorn")
    page.locator("#id_reference").fill("HRN-2026-017")
    page.locator("#id_value_eur").fill("1.000.000,00")
    page.locator("#id_start_date").fill("2026-01-01")
    page.locator("#id_end_date").fill("2027-12-31")
    page.locator("#id_sroi_percentage").fill("5")
    page.locator("#id_organisation").select_option(label="Bouwbedrijf A B.V.")
    page.locator("#id_invite").check()
    page.locator("#id_invite_email").fill("collega@bouw-a.example.org")
    with page.expect_event("load"):
        page.get_by_role("button", name="Contract vastleggen").click()
    contract = Contract.objects.get(name=NAME)
    page.wait_for_url(f"**/contracten/{contract.pk}/")
    assert_accessible(page)
    expect(
        page.get_by_text("Het contract is vastgelegd en de uitnodiging is verstuurd.")
    ).to_be_visible()
    expect(page.locator("[data-figure='obligation']")).to_have_text("EUR 50.000,00")
    assert contract.of_record and contract.invitation is not None
    assert NAME in OutboxMessage.objects.get(to=["collega@bouw-a.example.org"]).body

    # --- An extension --------------------------------------------------------------------------
    with page.expect_event("load"):
        page.get_by_role("link", name="Verlenging vastleggen").click()
    assert_accessible(page)
    page.locator("#id_exercised_on").fill("2027-10-01")
    page.locator("#id_months_added").fill("12")
    page.locator("#id_value_added_eur").fill("250.000,00")
    page.locator("#id_note").fill("Eerste optie gelicht.")
    with page.expect_event("load"):
        page.get_by_role("button", name="Verlenging vastleggen").click()
    page.wait_for_url(f"**/contracten/{contract.pk}/")
    assert_accessible(page)
    expect(page.locator("[data-figure='obligation']")).to_have_text("EUR 62.500,00")
    expect(page.locator("#contract-details")).to_contain_text("31-12-2028")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Contract vastgelegd door de coördinator")
    expect(timeline).to_contain_text("Opdrachtnemer uitgenodigd om het plan in te vullen")
    expect(timeline).to_contain_text("Verlenging vastgelegd")
    expect(timeline).to_contain_text(re.compile(r"EUR 50\.000,00 → EUR 62\.500,00"))

    # --- The contractor opens the plan: contract fields locked, contact person editable -------
    plan = Plan.objects.get(contract=contract)
    contractor_page = new_page(contractor_a)
    visit(contractor_page, f"/plannen/{plan.pk}/bewerken/")
    expect(contractor_page.locator("#contract-locked")).to_be_visible()
    expect(contractor_page.locator("#id_name")).to_be_disabled()
    expect(contractor_page.locator("#id_name")).to_have_value(NAME)
    expect(contractor_page.locator("#id_value_eur")).to_be_disabled()
    expect(contractor_page.locator("#id_end_date")).to_have_value("2028-12-31")
    expect(contractor_page.locator("#id_contact_name")).to_be_editable()
    visit(contractor_page, "/contracten/")
    expect(contractor_page.locator(f"tr[data-contract='{contract.pk}']")).to_contain_text(
        "Plan gevraagd"
    )
