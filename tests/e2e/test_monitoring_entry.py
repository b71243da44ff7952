"""The contractor reports realisations in a real browser and submits the period.

Contractor A's agreements are in force (one Participatiewet candidate, 36 h/week in 2026).
The contractor reports a placement (first with a bad number of hours: the Dutch message at
the field, the typed text kept), then a purchase from a social enterprise, and submits the
current period's report: both realisations await verification and the reports page shows the
period as submitted. Every page is checked with axe (WCAG 2.1 AA).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sroi.accounts.models import User
from sroi.agreements import services as agreement_services
from sroi.monitoring.constants import RealisationStatus
from sroi.monitoring.models import Realisation, Report
from sroi.plans.models import Contract
from sroi.rules.services import ruleset_import_shipped
from tests.plans.factories import PlanFactory


@pytest.fixture
def contract(transactional_db: None, contractor_a: User, coordinator: User) -> Contract:
    ruleset_import_shipped()
    plan = PlanFactory(
        contract__organisation=contractor_a.organisation,
        contract__name="Groenonderhoud Alkmaar 2026",
        approved=True,
    )
    version = agreement_services.agreements_draw_up(acting_user=coordinator, contract=plan.contract)
    agreement_services.agreements_record_difference(
        acting_user=coordinator, version=version, reason="Krappe arbeidsmarkt in de regio."
    )
    version = agreement_services.agreements_propose(acting_user=coordinator, version=version)
    agreement_services.agreements_accept(acting_user=contractor_a, version=version, name="Jan")
    plan.contract.refresh_from_db()
    return plan.contract


def _go(page: Page, assert_accessible: Callable[[Page], None], action: Callable[[], Any]) -> None:
    with page.expect_event("load"):
        action()
    assert_accessible(page)


def test_contractor_reports_a_placement_and_a_purchase_and_submits_the_period(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[..., None],
    contractor_a: User,
    contract: Contract,
) -> None:
    # A day in the past inside the contract (the forms refuse future dates).
    day = min(date.today(), date(2026, 2, 2))
    typed = day.isoformat()  # a date input takes ISO
    log_in(contractor_a)
    visit(page, f"/contracten/{contract.pk}/realisaties/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Realisaties")

    # --- A placement, first with a bad number of hours. -----------------------------------
    _go(page, assert_accessible, page.get_by_role("link", name="Plaatsing melden").click)
    page.get_by_label("Kandidaatreferentie").fill("K-017")
    page.get_by_label("Geboortejaar").fill("1995")
    page.get_by_label("Doelgroep", exact=True).select_option("pw_lt2")
    page.get_by_label("Bewijs van de doelgroep").select_option("gemeente_verklaring")
    page.get_by_label("Start", exact=True).fill(typed)
    page.get_by_label("Uren per week").fill("veel")
    page.get_by_label("Soort contract").select_option("temporary")
    _go(page, assert_accessible, page.get_by_role("button", name="Opslaan als concept").click)
    expect(page.locator("#id_hours_per_week_error")).to_contain_text("Vul een aantal uren in")
    expect(page.get_by_label("Kandidaatreferentie")).to_have_value("K-017")
    expect(page.get_by_label("Uren per week")).to_have_value("veel")
    page.get_by_label("Uren per week").fill("36")
    _go(page, assert_accessible, page.get_by_role("button", name="Opslaan als concept").click)
    expect(page.locator("table[data-kind=placement]")).to_contain_text("K-017")

    # --- A purchase. --------------------------------------------------------------------------
    _go(page, assert_accessible, page.get_by_role("link", name="Inkoop melden").click)
    page.get_by_label("Leverancier", exact=True).fill("Schoonmaak WerkSaam")
    page.get_by_label("KvK-nummer van de leverancier").fill("12345678")
    page.get_by_label("Factuurnummer").fill("F-2026-001")
    page.get_by_label("Factuurdatum").fill(typed)
    page.get_by_label("Bedrag in euro's (excl. btw)").fill("4000")
    _go(page, assert_accessible, page.get_by_role("button", name="Opslaan als concept").click)
    expect(page.locator("table[data-kind=purchase]")).to_contain_text("EUR 4.000,00")
    expect(page.locator("[data-drafts]")).to_have_text("2")

    # --- Submit the period. ----------------------------------------------------------------------
    page.get_by_label("Ik bevestig dat deze realisaties juist en volledig zijn").check()
    _go(page, assert_accessible, page.get_by_role("button", name="Rapportage indienen").click)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rapportages")
    report = Report.objects.get(contract=contract)
    expect(page.locator(f"[data-period='{report.period_start.isoformat()}']")).to_contain_text(
        "Ingediend"
    )
    statuses = set(Realisation.objects.filter(contract=contract).values_list("status", flat=True))
    assert statuses == {RealisationStatus.SUBMITTED}

    visit(page, f"/contracten/{contract.pk}/realisaties/")
    expect(page.locator("table[data-kind=placement]")).to_contain_text("Wacht op controle")
    expect(page.locator("[data-drafts]")).to_have_text("0")


def test_contractor_declares_nothing_to_report_and_the_coordinator_verifies_it(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[..., None],
    new_page: Callable[..., Page],
    contractor_a: User,
    coordinator: User,
    contract: Contract,
) -> None:
    log_in(contractor_a)
    visit(page, f"/contracten/{contract.pk}/realisaties/")
    # No drafts: the submit block points to "Niets te melden in deze periode".
    _go(
        page,
        assert_accessible,
        page.get_by_role(
            "link", name="Niets te melden in deze periode? Meld dat op de pagina Rapportages."
        ).click,
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rapportages")
    form = page.locator("#nothing-to-report")
    expect(form.get_by_role("heading", level=2)).to_have_text("Niets te melden in deze periode")
    first = contract.start_date
    assert first is not None
    expect(page.locator(f"[data-period='{first.isoformat()}']")).to_contain_text("Niet ingediend")

    # Without the confirmation: the Dutch message at the field, nothing stored.
    page.get_by_label("Periode", exact=True).select_option(first.isoformat())
    _go(page, assert_accessible, page.get_by_role("button", name="Indienen: niets te melden").click)
    expect(page.locator("#id_confirm_error")).to_contain_text("Vink het vakje aan")
    assert not Report.objects.filter(contract=contract).exists()

    page.get_by_label("Periode", exact=True).select_option(first.isoformat())
    page.get_by_label(
        "Ik bevestig dat mijn organisatie in deze periode niets heeft gerealiseerd"
    ).check()
    _go(page, assert_accessible, page.get_by_role("button", name="Indienen: niets te melden").click)
    row = page.locator(f"[data-period='{first.isoformat()}']")
    expect(row).to_contain_text("Ingediend")
    expect(row).to_contain_text("Niets te melden in deze periode")
    report = Report.objects.get(contract=contract)
    assert report.period_start == first

    # The coordinator sees it in the report list and verifies it.
    coordinator_page = new_page(coordinator)
    visit(coordinator_page, f"/contracten/{contract.pk}/rapportages/")
    assert_accessible(coordinator_page)
    _go(
        coordinator_page,
        assert_accessible,
        coordinator_page.get_by_role("button", name="Rapportage van de periode vanaf").click,
    )
    expect(coordinator_page.locator(f"[data-period='{first.isoformat()}']")).to_contain_text(
        "Gecontroleerd"
    )
    report.refresh_from_db()
    assert report.verified_by == coordinator
