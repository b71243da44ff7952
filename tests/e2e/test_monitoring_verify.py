"""Verification and progress in a real browser.

Contractor A's contract (EUR 1,000,000 at 5 %: obligation EUR 50,000.00) has its agreements
in force and a report awaiting verification: a placement, full time from 1 January to 30 June
2026 (PW_LT2, EUR 25,000 a year: EUR 12,500.00), and a purchase of EUR 4,000.00. The
coordinator approves the placement, tries to reject the purchase without a reason (refused at
the field), gives one and rejects it; the progress page then shows EUR 12,500.00 realised and
nothing awaiting verification, to the coordinator and to the buyer. Every page is checked
with axe (WCAG 2.1 AA).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sroi.accounts.constants import OrganisationKind, Role
from sroi.accounts.models import User
from sroi.agreements import services as agreement_services
from sroi.monitoring.constants import ReportStatus
from sroi.monitoring.models import Realisation, Report
from sroi.monitoring.valuation import contract_revalue
from sroi.plans.models import Contract
from sroi.rules.services import ruleset_import_shipped
from tests.factories import OrganisationFactory, UserFactory
from tests.monitoring.factories import RealisationFactory
from tests.plans.factories import BuyerFactory, PlanFactory


@pytest.fixture
def contract(transactional_db: None, contractor_a: User, coordinator: User) -> Contract:
    ruleset_import_shipped()
    buyer_org = OrganisationFactory(name="Gemeente Hoorn", kind=OrganisationKind.BUYER)
    plan = PlanFactory(
        contract__organisation=contractor_a.organisation,
        contract__buyer=BuyerFactory(name="Gemeente Hoorn", organisation=buyer_org),
        contract__name="Groenonderhoud Hoorn 2026",
        approved=True,
    )
    contract = plan.contract
    version = agreement_services.agreements_draw_up(acting_user=coordinator, contract=contract)
    agreement_services.agreements_record_difference(
        acting_user=coordinator, version=version, reason="Krappe arbeidsmarkt in de regio."
    )
    version = agreement_services.agreements_propose(acting_user=coordinator, version=version)
    agreement_services.agreements_accept(acting_user=contractor_a, version=version, name="Jan")
    contract.refresh_from_db()
    report = Report.objects.create(
        contract=contract,
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        deadline=date(2026, 7, 31),
        status=ReportStatus.SUBMITTED,
    )
    RealisationFactory(
        contract=contract,
        submitted=True,
        report=report,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 6, 30),
        planned_end_date=None,
    )
    RealisationFactory(contract=contract, purchase=True, submitted=True, report=report)
    contract_revalue(contract)
    return contract


def _click(page: Page, name: str, assert_accessible: Callable[[Page], None]) -> None:
    with page.expect_event("load"):
        page.get_by_role("button", name=name).click()
    assert_accessible(page)


def test_coordinator_approves_and_rejects_and_progress_follows(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[..., None],
    new_page: Callable[..., Page],
    coordinator: User,
    contract: Contract,
) -> None:
    placement = Realisation.objects.get(contract=contract, kind="placement")
    purchase = Realisation.objects.get(contract=contract, kind="purchase")

    log_in(coordinator)
    visit(page, f"/contracten/{contract.pk}/")
    section = page.locator("#contract-progress")
    expect(section).to_contain_text("2 realisaties wachten op controle.")
    with page.expect_event("load"):
        section.get_by_role("link", name="Realisaties controleren").click()
    assert_accessible(page)
    row = page.locator(f"tr[data-realisation='{placement.pk}']")
    expect(row.locator("[data-figure=value]")).to_have_text("EUR 12.500,00")
    row.get_by_text("Hoe is dit berekend?").click()
    expect(row).to_contain_text("EUR 25.000 x 1 x 6 / 12 = EUR 12.500,00")

    _click(page, f"Goedkeuren Plaatsing {placement.pk}", assert_accessible)
    expect(page.get_by_text("De realisatie is goedgekeurd.")).to_be_visible()
    expect(page.locator(f"tr[data-realisation='{placement.pk}']")).to_have_count(0)

    # On a phone the decision sits under its realisation, on the screen.
    page.set_viewport_size({"width": 375, "height": 800})
    button = page.get_by_role(
        "button", name=f"Afwijzen Inkoop bij een sociale onderneming {purchase.pk}"
    )
    box = button.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 375
    page.set_viewport_size({"width": 1280, "height": 900})

    reject = f"Afwijzen Inkoop bij een sociale onderneming {purchase.pk}"
    _click(page, reject, assert_accessible)  # no reason yet
    expect(page.locator(f"#id_row-{purchase.pk}-reason_error")).to_contain_text(
        "Geef de reden van de afwijzing"
    )
    page.get_by_label("Reden bij afwijzing").fill("De leverancier is geen sociale onderneming.")
    _click(page, reject, assert_accessible)
    expect(page.get_by_text("De realisatie is afgewezen.")).to_be_visible()
    expect(page.get_by_text("Er wacht niets op controle.")).to_be_visible()

    visit(page, f"/contracten/{contract.pk}/voortgang/")
    expect(page.locator("[data-figure=realised]")).to_have_text("EUR 12.500,00")
    expect(page.locator("[data-figure=pending]")).to_have_text("EUR 0,00")
    expect(page.locator("[data-warning=forecast]")).to_be_visible()

    buyer = UserFactory(
        email="inkoper@hoorn.example.org",
        role=Role.BUYER,
        organisation=contract.buyer.organisation if contract.buyer else None,
    )
    buyer_page = new_page(buyer)
    visit(buyer_page, f"/contracten/{contract.pk}/voortgang/")
    expect(buyer_page.locator("[data-figure=realised]")).to_have_text("EUR 12.500,00")
    visit(buyer_page, f"/contracten/{contract.pk}/")
    expect(buyer_page.locator("#contract-progress")).to_contain_text("EUR 12.500,00")
