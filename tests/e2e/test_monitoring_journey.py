"""The whole monitoring journey in a real browser, from agreements in force to the assessment
moment, following only the links of the pages.

Contractor A's contract: EUR 1,000,000 at 5 % from 1 January 2026 to 31 December 2027, so the
obligation is EUR 50,000.00; the agreements in force hold one PW_LT2 candidate, 36 h/week for
2026: EUR 25,000.00. Reporting is quarterly; every date below lies in the first quarter of 2026.

The rule set values PW_LT2 at EUR 25,000 per FTE-year (36 h = 1 FTE, whole months) and a
purchase from a social enterprise at its amount excl. VAT:

    K-201  form    36 h  1 Jan - 31 Mar 2026   25,000 x 1     x 3/12 = 6,250.00
    K-202  import  24 h  1 Jan - 31 Mar 2026   25,000 x 24/36 x 3/12 = 4,166.67
    K-203  import  36 h  1 Mar - 31 Mar 2026   25,000 x 1     x 1/12 = 2,083.33
    purchase       EUR 4,000.00                                      = 4,000.00

Forecast = the realisations' values + what the agreements still promise beyond them
(open(PW_LT2) = max(0, 25,000 - the PW_LT2 placements)):

    before anything is reported: 0 + 25,000                                    = 25,000.00
    submitted (16,500.00 pending): 16,500 + max(0, 25,000 - 12,500)            = 29,000.00
    verified, purchase rejected: 12,500 realised + max(0, 25,000 - 12,500)     = 25,000.00

The contractor reports K-201 with a PDF as evidence and the purchase, imports K-202 and K-203
from an .xlsx made here, and submits the quarter with the keyboard only. The coordinator
approves the placements (one by one and "approve all checked", with the evidence downloaded),
rejects the purchase with a reason, and holds the first assessment moment. Every page is
checked with axe (WCAG 2.1 AA).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from sroi.accounts.models import User
from sroi.agreements import services as agreement_services
from sroi.agreements.constants import MomentStatus
from sroi.agreements.models import AssessmentMoment
from sroi.monitoring import imports
from sroi.monitoring.constants import RealisationStatus, ReportStatus
from sroi.monitoring.models import Evidence, Realisation, Report
from sroi.plans.models import Contract
from sroi.rules.services import ruleset_import_shipped
from tests.plans.factories import PlanFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
REJECTION = "De leverancier staat niet in het register van sociale ondernemingen."


@pytest.fixture
def contract(
    transactional_db: None,
    contractor_a: User,
    coordinator: User,
    settings: Settings,
    tmp_path: Path,
) -> Contract:
    settings.SROI_EVIDENCE_ROOT = str(tmp_path / "evidence")
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


def _sheet(contract: Contract, tmp_path: Path) -> Path:
    """The application's template columns (Dutch headings) with K-202 and K-203."""
    names = imports.headings(imports.contract_ruleset(contract))
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Plaatsingen"
    sheet.append([names[name] for name in imports.COLUMNS])
    group = "Participatiewet: zonder arbeidsbeperking < 2 jaar uitkering"
    for reference, year, start, hours in (
        ("K-202", 1985, datetime(2026, 1, 1), "24"),
        ("K-203", 1999, datetime(2026, 3, 1), "36"),
    ):
        sheet.append(
            [
                reference,
                year,
                group,
                None,
                "verklaring van de gemeente",
                start,
                datetime(2026, 3, 31),
                None,
                hours,
                "tijdelijk",
                None,
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    path = tmp_path / "plaatsingen.xlsx"
    path.write_bytes(out.getvalue())
    return path


def _go(page: Page, assert_accessible: Callable[[Page], None], action: Callable[[], Any]) -> None:
    with page.expect_event("load"):
        action()
    assert_accessible(page)


def _figures(page: Page) -> dict[str, str]:
    return {
        name: page.locator(f"[data-figure={name}]").inner_text().split("\n")[0].strip()
        for name in ("obligation", "realised", "pending", "forecast")
    }


def test_monitoring_journey_from_report_to_assessment_moment(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[..., None],
    new_page: Callable[..., Page],
    contractor_a: User,
    coordinator: User,
    contract: Contract,
    tmp_path: Path,
) -> None:
    go = lambda action: _go(page, assert_accessible, action)  # noqa: E731
    nav = page.get_by_role("navigation", name="Pagina's van het contract")
    log_in(contractor_a)

    # --- Where it stands before anything is reported. ----------------------------------------
    visit(page, f"/contracten/{contract.pk}/voortgang/")
    assert _figures(page) == {
        "obligation": "EUR 50.000,00",
        "realised": "EUR 0,00",
        "pending": "EUR 0,00",
        "forecast": "EUR 25.000,00",
    }
    # The contractor's sub-navigation: no verification, but its realisations and the import.
    expect(nav.get_by_role("link", name="Controle")).to_have_count(0)
    go(nav.get_by_role("link", name="Realisaties", exact=True).click)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Realisaties")

    # --- A placement with a PDF as evidence. ---------------------------------------------------
    go(page.get_by_role("link", name="Plaatsing melden").click)
    page.get_by_label("Kandidaatreferentie").fill("K-201")
    page.get_by_label("Geboortejaar").fill("1990")
    page.get_by_label("Doelgroep", exact=True).select_option("pw_lt2")
    page.get_by_label("Bewijs van de doelgroep").select_option("gemeente_verklaring")
    page.get_by_label("Start", exact=True).fill("2026-01-01")
    page.locator("#id_end_date").fill("2026-03-31")
    page.get_by_label("Uren per week").fill("36")
    page.get_by_label("Soort contract").select_option("temporary")
    go(page.get_by_role("button", name="Opslaan als concept").click)
    k201 = Realisation.objects.get(contract=contract, candidate__reference="K-201")
    row = page.locator(f"tr[data-realisation='{k201.pk}']")
    expect(row.locator("[data-value]")).to_have_text("EUR 6.250,00")
    go(row.locator("[data-evidence-link]").click)
    document = tmp_path / "arbeidsovereenkomst.pdf"
    document.write_bytes(PDF)
    page.locator("#id_file").set_input_files(str(document))
    go(page.get_by_role("button", name="Uploaden", exact=True).click)
    expect(page.get_by_role("link", name="arbeidsovereenkomst.pdf")).to_be_visible()
    evidence = Evidence.objects.get(realisation=k201)

    # --- A purchase from a social enterprise. -------------------------------------------------
    go(nav.get_by_role("link", name="Realisaties", exact=True).click)
    go(page.get_by_role("link", name="Inkoop melden").click)
    page.get_by_label("Leverancier", exact=True).fill("Schoonmaak WerkSaam")
    page.get_by_label("KvK-nummer van de leverancier").fill("12345678")
    page.get_by_label("Factuurnummer").fill("F-2026-001")
    page.get_by_label("Factuurdatum").fill("2026-02-15")
    page.get_by_label("Bedrag in euro's (excl. btw)").fill("4000")
    go(page.get_by_role("button", name="Opslaan als concept").click)
    expect(page.locator("table[data-kind=purchase]")).to_contain_text("EUR 4.000,00")

    # --- Two placements from a spreadsheet. -------------------------------------------------
    go(page.get_by_role("link", name="Importeren uit een spreadsheet").click)
    page.locator("#id_file").set_input_files(str(_sheet(contract, tmp_path)))
    go(page.get_by_role("button", name="Importeren", exact=True).click)
    expect(page.get_by_text("2 plaatsingen zijn geïmporteerd als concept.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Realisaties")
    expect(page.locator("[data-drafts]")).to_have_text("4")
    k202 = Realisation.objects.get(contract=contract, candidate__reference="K-202")
    k203 = Realisation.objects.get(contract=contract, candidate__reference="K-203")
    assert (k202.value_eur, k203.value_eur) == (Decimal("4166.67"), Decimal("2083.33"))

    # --- Submit the quarter with the keyboard only. -----------------------------------------
    confirm = page.get_by_label("Ik bevestig dat deze realisaties juist en volledig zijn")
    confirm.focus()
    page.keyboard.press("Space")
    expect(confirm).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Rapportage indienen")).to_be_focused()
    with page.expect_event("load"):
        page.keyboard.press("Enter")
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rapportages")
    report = Report.objects.get(contract=contract)
    assert report.status == ReportStatus.SUBMITTED
    statuses = set(Realisation.objects.filter(contract=contract).values_list("status", flat=True))
    assert statuses == {RealisationStatus.SUBMITTED}
    go(nav.get_by_role("link", name="Voortgang en prognose").click)
    assert _figures(page) == {
        "obligation": "EUR 50.000,00",
        "realised": "EUR 0,00",
        "pending": "EUR 16.500,00",
        "forecast": "EUR 29.000,00",
    }

    # --- The coordinator verifies. -----------------------------------------------------------
    purchase = Realisation.objects.get(contract=contract, kind="purchase")
    desk = new_page(coordinator)
    desk_nav = desk.get_by_role("navigation", name="Pagina's van het contract")
    visit(desk, f"/contracten/{contract.pk}/realisaties/")
    expect(desk.get_by_role("link", name="Plaatsing melden")).to_have_count(0)
    _go(desk, assert_accessible, desk.get_by_role("link", name="Naar de controle").click)
    expect(desk.locator("[data-figure=awaiting]")).to_contain_text("4 realisaties")
    link = desk.locator(f"tr[data-realisation='{k201.pk}']").get_by_role(
        "link", name="arbeidsovereenkomst.pdf"
    )
    expect(link).to_have_attribute("href", f"/contracten/{contract.pk}/bewijs/{evidence.pk}/")
    with desk.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_bytes() == PDF

    _go(
        desk,
        assert_accessible,
        desk.get_by_role("button", name=f"Goedkeuren Plaatsing {k201.pk}").click,
    )
    expect(desk.get_by_text("De realisatie is goedgekeurd.")).to_be_visible()
    desk.locator(f"#id_row-{purchase.pk}-reason").fill(REJECTION)
    _go(
        desk,
        assert_accessible,
        desk.get_by_role(
            "button", name=f"Afwijzen Inkoop bij een sociale onderneming {purchase.pk}"
        ).click,
    )
    expect(desk.get_by_text("De realisatie is afgewezen.")).to_be_visible()
    desk.locator(f"#check-{k202.pk}").check()
    desk.locator(f"#check-{k203.pk}").check()
    _go(
        desk,
        assert_accessible,
        desk.get_by_role("button", name="Alle aangevinkte goedkeuren").click,
    )
    expect(desk.get_by_text("Er wacht niets op controle.")).to_be_visible()
    purchase.refresh_from_db()
    assert purchase.status == RealisationStatus.REJECTED
    assert purchase.decision_reason == REJECTION
    report.refresh_from_db()
    assert report.status == ReportStatus.VERIFIED

    _go(desk, assert_accessible, desk_nav.get_by_role("link", name="Voortgang en prognose").click)
    after = {
        "obligation": "EUR 50.000,00",
        "realised": "EUR 12.500,00",
        "pending": "EUR 0,00",
        "forecast": "EUR 25.000,00",
    }
    assert _figures(desk) == after
    expect(desk.locator("[data-warning=forecast]")).to_be_visible()

    # --- The coordinator holds the first assessment moment. ----------------------------------
    _go(desk, assert_accessible, desk_nav.get_by_role("link", name="Beoordelingsmomenten").click)
    _go(desk, assert_accessible, desk.get_by_role("button", name="Standaardschema plannen").click)
    first = desk.locator("tr[data-moment]").first
    _go(desk, assert_accessible, first.get_by_role("link").first.click)
    desk.get_by_label("achter op schema", exact=True).check()
    desk.get_by_label("Toelichting").first.fill("EUR 12.500 gerealiseerd; inkoop afgewezen.")
    _go(desk, assert_accessible, desk.get_by_role("button", name="Uitkomst vastleggen").click)
    expect(desk.locator("tr[data-moment]").first).to_contain_text("Gehouden")
    held = AssessmentMoment.objects.filter(contract=contract, status=MomentStatus.HELD)
    assert held.count() == 1

    # --- The contractor sees the same figures and the reason of the rejection. --------------
    visit(page, f"/contracten/{contract.pk}/voortgang/")
    assert _figures(page) == after
    visit(page, f"/contracten/{contract.pk}/realisaties/?status=rejected")
    expect(page.locator("table[data-kind=purchase]")).to_contain_text("Afgewezen")
