"""Prestatieafspraken and beoordelingsmomenten in a real browser, end to end.

Contractor A's plan is approved (one Participatiewet candidate, 36 h/week in 2026: EUR
25,000.00 against an obligation of EUR 50,000.00). The coordinator draws up the agreements
from it, changes the agreement to two candidates at 27 h/week (2 x 25,000 x 27/36 = EUR
37,500.00), records the accepted difference (EUR 12,500.00) with a reason and sends the
proposal. The contractor accepts by typing its name; both sides see version 1 as accepted,
with its PDF. The coordinator plans the default schedule of assessment moments and holds the
first one. Every page is checked with axe (WCAG 2.1 AA).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion, AssessmentMoment
from sroi.plans.models import Plan
from sroi.rules.services import ruleset_import_shipped
from tests.plans.factories import PlanFactory


@pytest.fixture
def approved_plan(transactional_db: None, contractor_a: User, coordinator: User) -> Plan:
    ruleset_import_shipped()
    return PlanFactory(
        contract__organisation=contractor_a.organisation,
        contract__name="Groenonderhoud Alkmaar 2026",
        approved=True,
    )


def _click(page: Page, name: str, assert_accessible: Callable[[Page], None]) -> None:
    with page.expect_event("load"):
        page.get_by_role("button", name=name).click()
    assert_accessible(page)


def test_coordinator_draws_up_agreements_and_the_contractor_accepts(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[..., None],
    new_page: Callable[..., Page],
    coordinator: User,
    contractor_a: User,
    approved_plan: Plan,
) -> None:
    contract = approved_plan.contract
    agreements_url = f"/contracten/{contract.pk}/afspraken/"

    # --- The coordinator draws up the agreements from the approved plan. ------------------
    log_in(coordinator)
    visit(page, agreements_url)
    expect(page.get_by_text("Voor dit contract zijn nog geen afspraken opgesteld.")).to_be_visible()
    _click(page, "Afspraken opstellen uit het goedgekeurde plan", assert_accessible)
    expect(page.get_by_role("heading", name="Voorstel (versie 1)")).to_be_visible()
    expect(page.locator("[data-total]")).to_have_text("EUR 25.000,00")
    expect(page.locator("[data-obligation]")).to_have_text("EUR 50.000,00")

    # --- ... changes the agreement ... ----------------------------------------------------
    with page.expect_event("load"):
        page.get_by_role("link", name="Afspraak 1 wijzigen").click()
    assert_accessible(page)
    page.get_by_label("Aantal kandidaten").fill("2")
    page.get_by_label("Uren per week").fill("27")
    _click(page, "Afspraak opslaan", assert_accessible)
    expect(page.locator("[data-total]")).to_have_text("EUR 37.500,00")
    expect(page.locator("[data-shortfall]")).to_have_text("EUR 12.500,00")

    # --- ... cannot send it without the difference, records it and sends it. --------------
    _click(page, "Voorstel naar de opdrachtnemer versturen", assert_accessible)
    expect(page.locator("[data-error]")).to_contain_text("Leg het geaccepteerde verschil")
    page.get_by_label("Reden om het verschil te accepteren").fill(
        "Krappe arbeidsmarkt; in de verlenging komen extra plaatsingen."
    )
    _click(page, "Verschil vastleggen", assert_accessible)
    _click(page, "Voorstel naar de opdrachtnemer versturen", assert_accessible)
    expect(page.get_by_text("Het voorstel is naar de opdrachtnemer verstuurd.")).to_be_visible()

    # --- The contractor reads the proposal and accepts it by typing its name. -------------
    contractor_page = new_page(contractor_a)
    visit(contractor_page, agreements_url)
    expect(contractor_page.get_by_role("link", name="Afspraak 1 wijzigen")).to_have_count(0)
    _click(contractor_page, "Afspraken accepteren", assert_accessible)  # no name yet
    expect(contractor_page.locator("#id_name_error")).to_contain_text("Typ uw naam")
    contractor_page.get_by_label("Uw naam").fill("Anna Visser")
    _click(contractor_page, "Afspraken accepteren", assert_accessible)
    expect(
        contractor_page.get_by_role("heading", name="Geldende afspraken (versie 1)")
    ).to_be_visible()
    expect(contractor_page.get_by_text("Geaccepteerd door Anna Visser").first).to_be_visible()
    with contractor_page.expect_download() as download:
        contractor_page.get_by_role("link", name="Download versie 1 (PDF)").click()
    assert download.value.suggested_filename.startswith("prestatieafspraken-")

    # --- Both see the accepted version. ---------------------------------------------------
    visit(page, agreements_url)
    expect(page.get_by_role("heading", name="Geldende afspraken (versie 1)")).to_be_visible()
    expect(page.get_by_text("Geaccepteerd door Anna Visser").first).to_be_visible()
    expect(page.get_by_role("link", name="Afspraak 1 wijzigen")).to_have_count(0)
    version = AgreementVersion.objects.get(contract=contract)
    assert version.status == "accepted"
    assert version.accepted_name == "Anna Visser"

    # --- The coordinator plans the moments and holds the first one. ----------------------
    visit(page, f"/contracten/{contract.pk}/beoordelingsmomenten/")
    _click(page, "Standaardschema plannen", assert_accessible)
    expect(page.locator("tr[data-moment]")).to_have_count(4)
    with page.expect_event("load"):
        page.get_by_role("link", name="1 juli 2026").click()
    assert_accessible(page)
    page.get_by_label("op schema", exact=True).check()
    page.get_by_label("Toelichting").first.fill("Eén kandidaat geplaatst.")
    _click(page, "Uitkomst vastleggen", assert_accessible)
    first = page.locator("tr[data-moment]").first
    expect(first).to_contain_text("Gehouden")
    expect(first).to_contain_text("Op schema")
    assert AssessmentMoment.objects.filter(status="held").count() == 1

    # --- The contractor sees the schedule; and makes its calendar address. ----------------
    visit(contractor_page, f"/contracten/{contract.pk}/beoordelingsmomenten/")
    expect(contractor_page.locator("tr[data-moment]")).to_have_count(4)
    expect(contractor_page.get_by_role("button", name="Standaardschema plannen")).to_have_count(0)
    visit(contractor_page, "/agenda/")
    _click(contractor_page, "Mijn agendaadres maken", assert_accessible)
    address = contractor_page.get_by_label("Agendaadres").input_value()
    assert address.endswith(".ics")
