"""Evidence files and the spreadsheet import in a real browser.

Contractor A's contract has its agreements in force and one placement (K-017, made through
the service). The contractor uploads a PDF as evidence and sees it listed with a download
link; a renamed program is refused at the field. Then it imports a spreadsheet of two
placements of which one has an impossible number of hours: the page names row 3 and the
column "Uren per week" and imports nothing; the fixed file imports both. Every page is
checked with axe (WCAG 2.1 AA).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from sroi.accounts.models import User
from sroi.agreements import services as agreement_services
from sroi.monitoring import imports, services
from sroi.monitoring.models import Evidence, Realisation
from sroi.plans.models import Contract
from sroi.rules.services import ruleset_import_shipped
from tests.plans.factories import PlanFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


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


def _sheet(contract: Contract, tmp_path: Path, hours: str) -> Path:
    names = imports.headings(imports.contract_ruleset(contract))
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Plaatsingen"
    sheet.append([names[name] for name in imports.COLUMNS])
    for reference, row_hours in (("K-101", "36"), ("K-102", hours)):
        sheet.append(
            [
                reference,
                1990,
                "Participatiewet: zonder arbeidsbeperking < 2 jaar uitkering",
                None,
                "verklaring van de gemeente",
                datetime(2026, 1, 1),
                datetime(2026, 3, 31),
                None,
                row_hours,
                "tijdelijk",
                None,
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    path = tmp_path / f"plaatsingen-{hours}.xlsx"
    path.write_bytes(out.getvalue())
    return path


def _submit(page: Page, name: str, assert_accessible: Callable[[Page], None]) -> None:
    with page.expect_event("load"):
        page.get_by_role("button", name=name, exact=True).click()
    assert_accessible(page)


def test_contractor_uploads_evidence_and_imports_a_spreadsheet(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[..., None],
    contractor_a: User,
    contract: Contract,
    tmp_path: Path,
) -> None:
    placement = services.realisation_create(
        acting_user=contractor_a,
        contract=contract,
        data={
            "kind": "placement",
            "candidate_reference": "K-017",
            "birth_year": 1995,
            "block_code": "PW_LT2",
            "target_group": "pw_lt2",
            "eligibility_evidence": "gemeente_verklaring",
            "start_date": date(2026, 1, 1),
            "end_date": date(2026, 6, 30),
            "hours_per_week": Decimal("36"),
            "employment_type": "temporary",
        },
    )
    log_in(contractor_a)

    # --- Evidence: a renamed program is refused, a PDF is stored and listed. --------------
    visit(page, f"/contracten/{contract.pk}/realisaties/{placement.pk}/bewijs/")
    expect(page.get_by_text("Nog geen bestanden.")).to_be_visible()
    program = tmp_path / "loonstrook.pdf"
    program.write_bytes(b"MZ\x90\x00" + b"\x00" * 64)
    page.locator("#id_file").set_input_files(str(program))
    _submit(page, "Uploaden", assert_accessible)
    expect(page.locator("#id_file_error")).to_contain_text("programma")
    assert not Evidence.objects.exists()

    document = tmp_path / "arbeidsovereenkomst K-017.pdf"
    document.write_bytes(PDF)
    page.locator("#id_file").set_input_files(str(document))
    _submit(page, "Uploaden", assert_accessible)
    link = page.get_by_role("link", name="arbeidsovereenkomst K-017.pdf")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_bytes() == PDF

    # --- Import: one bad row imports nothing and is named; the fixed file imports. --------
    visit(page, f"/contracten/{contract.pk}/realisaties/importeren/")
    page.locator("#id_file").set_input_files(str(_sheet(contract, tmp_path, "200")))
    _submit(page, "Importeren", assert_accessible)
    problems = page.locator("[data-import-problems]")
    expect(problems.locator('[data-row="3"]')).to_contain_text("Uren per week")
    assert Realisation.objects.count() == 1

    page.locator("#id_file").set_input_files(str(_sheet(contract, tmp_path, "18,5")))
    _submit(page, "Importeren", assert_accessible)
    expect(page.get_by_text("2 plaatsingen zijn geïmporteerd als concept.")).to_be_visible()
    assert Realisation.objects.count() == 3
