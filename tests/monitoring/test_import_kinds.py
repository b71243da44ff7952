"""The import of purchases and activities: the template with Dutch headings, every row checked
with the entry page's form (PurchaseForm, ActivityForm), nothing stored unless every row is
valid, the problems per row and column; the page and template downloads with ``?soort=``."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion
from sroi.monitoring import imports
from sroi.monitoring.constants import RealisationKind, RealisationStatus
from sroi.monitoring.models import Realisation
from sroi.plans.models import Contract

PURCHASE_HEADINGS = [
    "Bouwblok",
    "Leverancier",
    "KvK-nummer van de leverancier",
    "Factuurnummer",
    "Factuurdatum",
    "Bedrag in euro's (excl. btw)",
]
ACTIVITY_HEADINGS = ["Bouwblok", "Omschrijving", "Datum", "Uren", "Aantal betrokken medewerkers"]


@pytest.fixture
def contract_in_force(agreements: AgreementVersion) -> Contract:
    contract = agreements.contract
    contract.refresh_from_db()
    return contract


def csv_bytes(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _import(user: User, contract: Contract, data: bytes, kind: str) -> imports.ImportResult:
    return imports.import_realisations(acting_user=user, contract=contract, data=data, kind=kind)


def test_the_purchase_template_has_the_dutch_headings_and_an_example(
    contract_in_force: Contract,
) -> None:
    book = load_workbook(io.BytesIO(imports.template_xlsx(contract_in_force, "purchase")))
    sheet = book["Inkopen"]
    rows = [list(r) for r in sheet.iter_rows(min_row=1, max_row=2, values_only=True)]
    assert rows[0] == PURCHASE_HEADINGS
    assert rows[1][3] == "F-001"
    assert "Toelichting" in book.sheetnames
    text = imports.template_csv(contract_in_force, "activity").decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(ACTIVITY_HEADINGS)


def test_the_templates_import_as_they_are(contract_in_force: Contract, contractor_a: User) -> None:
    """The example rows are valid rows (a template that fails its own import is a defect)."""
    for kind in (RealisationKind.PURCHASE, RealisationKind.ACTIVITY):
        result = _import(
            contractor_a,
            contract_in_force,
            imports.template_xlsx(contract_in_force, kind),
            kind,
        )
        assert result.problems == []
        assert [r.kind for r in result.created] == [kind]


def test_valid_purchases_are_stored_as_drafts(
    contract_in_force: Contract, contractor_a: User
) -> None:
    data = csv_bytes(
        [
            PURCHASE_HEADINGS,
            ["SOCIAAL_INKOPEN", "Schoonmaak WerkSaam", "12345678", "F-1", "15-02-2026", "4000"],
            ["SOCIAAL_INKOPEN", "Groen Werkt", "87654321", "F-2", "2026-03-01", "1.250,50"],
        ]
    )
    result = _import(contractor_a, contract_in_force, data, RealisationKind.PURCHASE)
    assert result.problems == []
    stored = Realisation.objects.filter(contract=contract_in_force).order_by("invoice_number")
    assert [(r.kind, r.status, r.amount_eur, r.date) for r in stored] == [
        (RealisationKind.PURCHASE, RealisationStatus.DRAFT, Decimal("4000.00"), date(2026, 2, 15)),
        (RealisationKind.PURCHASE, RealisationStatus.DRAFT, Decimal("1250.50"), date(2026, 3, 1)),
    ]


def test_one_bad_row_stores_nothing_and_names_row_and_column(
    contract_in_force: Contract, contractor_a: User
) -> None:
    data = csv_bytes(
        [
            PURCHASE_HEADINGS,
            ["SOCIAAL_INKOPEN", "Schoonmaak WerkSaam", "12345678", "F-1", "15-02-2026", "4000"],
            ["SOCIAAL_INKOPEN", "Groen Werkt", "87654321", "F-2", "15-02-2026", "nul"],
            ["SOCIAAL_INKOPEN", "Schoonmaak WerkSaam", "12345678", "F-1", "16-02-2026", "10"],
        ]
    )
    result = _import(contractor_a, contract_in_force, data, RealisationKind.PURCHASE)
    assert not Realisation.objects.filter(contract=contract_in_force).exists()
    assert [(p.row, p.column) for p in result.problems] == [(3, "Bedrag in euro's (excl. btw)")]
    # Once row 3 is right, the service's duplicate-invoice check names row 4.
    fixed = data.replace(b"nul", b"50")
    again = _import(contractor_a, contract_in_force, fixed, RealisationKind.PURCHASE)
    assert [(p.row, p.column) for p in again.problems] == [(4, "Factuurnummer")]
    assert not Realisation.objects.filter(contract=contract_in_force).exists()


def test_activities_are_checked_with_the_activity_form(
    contract_in_force: Contract, contractor_a: User
) -> None:
    data = csv_bytes(
        [
            ACTIVITY_HEADINGS,
            ["MAATSCHAPPELIJK", "Gastles bouwtechniek", "10-02-2026", "12,5", "2"],
            ["MAATSCHAPPELIJK", "Open dag", "11-02-2026", "8", "0"],
            ["", "Rondleiding", "12-02-2099", "4", "1"],
        ]
    )
    result = _import(contractor_a, contract_in_force, data, RealisationKind.ACTIVITY)
    assert sorted((p.row, p.column) for p in result.problems) == [
        (3, "Aantal betrokken medewerkers"),
        (4, "Bouwblok"),
        (4, "Datum"),
    ]
    assert not Realisation.objects.exists()
    ok = csv_bytes([ACTIVITY_HEADINGS, ["MAATSCHAPPELIJK", "Gastles", "10-02-2026", "12,5", "2"]])
    created = _import(contractor_a, contract_in_force, ok, RealisationKind.ACTIVITY).created
    assert [(r.kind, r.hours, r.employees_count) for r in created] == [
        (RealisationKind.ACTIVITY, Decimal("12.5"), 2)
    ]


def test_a_placement_file_is_not_a_purchase_file(
    contract_in_force: Contract, contractor_a: User
) -> None:
    data = csv_bytes([["Kandidaatreferentie", "Geboortejaar"], ["K-1", "1990"]])
    result = _import(contractor_a, contract_in_force, data, RealisationKind.PURCHASE)
    assert {p.row for p in result.problems} == {1}
    assert "Leverancier" in {p.column for p in result.problems}


def test_the_page_imports_purchases_and_serves_their_templates(
    contract_in_force: Contract, contractor_a: User
) -> None:
    client = Client()
    client.force_login(contractor_a)
    url = reverse("monitoring:import", kwargs={"contract_pk": contract_in_force.pk})
    page = client.get(url, {"soort": "inkoop"})
    assert page.status_code == 200
    assert "Inkopen importeren" in page.content.decode()
    assert client.get(url, {"soort": "onbekend"}).status_code == 404
    template = reverse(
        "monitoring:import_template_csv", kwargs={"contract_pk": contract_in_force.pk}
    )
    download = client.get(template, {"soort": "activiteit"})
    assert download.status_code == 200
    assert f"activiteiten-{contract_in_force.pk}.csv" in download["Content-Disposition"]
    upload = io.BytesIO(
        csv_bytes(
            [
                PURCHASE_HEADINGS,
                ["SOCIAAL_INKOPEN", "Schoonmaak WerkSaam", "12345678", "F-9", "15-02-2026", "40"],
            ]
        )
    )
    upload.name = "inkopen.csv"
    response = client.post(f"{url}?soort=inkoop", {"file": upload})
    assert response.status_code == 302
    assert Realisation.objects.get(contract=contract_in_force).kind == RealisationKind.PURCHASE


def test_the_realisations_page_and_the_contract_menu_lead_to_every_kind_of_import(
    client: Client, contract_in_force: Contract, contractor_a: User
) -> None:
    # Walked: the realisations page and the contract's menu said "Plaatsingen importeren" only,
    # also on the page for purchases, so the import of purchases and activities was hidden.
    client.force_login(contractor_a)
    kwargs = {"contract_pk": contract_in_force.pk}
    listing = client.get(reverse("monitoring:realisations", kwargs=kwargs)).content.decode()
    import_url = reverse("monitoring:import", kwargs=kwargs)
    assert f'href="{import_url}">Importeren uit een spreadsheet</a>' in listing
    page = client.get(import_url, {"soort": "inkoop"}).content.decode()
    assert "<h1" in page and "Inkopen importeren" in page
    assert "Realisaties importeren" in page
    assert "Plaatsingen importeren" in page  # the link to the placements' import stays
    nav = page.split("Realisaties importeren", 1)[0]
    assert "Plaatsingen importeren" not in nav
