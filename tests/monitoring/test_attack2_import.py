"""Attacks on the import of purchases and activities (``?soort=inkoop|activiteit``): hostile
cells (formulas, BSNs, absurd numbers), crafted .xlsx cells openpyxl cannot read, CSV cells
beyond the csv module's field limit, renamed binaries, odd encodings, duplicate invoices in one
file and across contracts, and the page for every wrong role. Nothing may end in a 500: a file
is refused or its rows get problems, and nothing is stored.

The contract (tests/monitoring/conftest.py) runs from 2026-01-01 to 2027-12-31."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion
from sroi.monitoring import imports
from sroi.monitoring.constants import RealisationKind
from sroi.monitoring.models import Realisation
from sroi.plans.models import Contract
from tests.monitoring.factories import RealisationFactory
from tests.plans.factories import ContractFactory

PURCHASE = [
    "Bouwblok",
    "Leverancier",
    "KvK-nummer van de leverancier",
    "Factuurnummer",
    "Factuurdatum",
    "Bedrag in euro's (excl. btw)",
]
ACTIVITY = ["Bouwblok", "Omschrijving", "Datum", "Uren", "Aantal betrokken medewerkers"]
# A number no real cell holds: replaced in the sheet's XML by the hostile text.
MARK = 424242


@pytest.fixture
def contract_in_force(agreements: AgreementVersion) -> Contract:
    contract = agreements.contract
    contract.refresh_from_db()
    return contract


def _csv(rows: list[list[Any]], encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def _purchase(**overrides: Any) -> list[Any]:
    row = {
        "block": "SOCIAAL_INKOPEN",
        "supplier": "Schoonmaak WerkSaam",
        "kvk": "12345678",
        "invoice": "F-001",
        "date": "15-03-2026",
        "amount": "4000,00",
    }
    row.update(overrides)
    return list(row.values())


def _activity(**overrides: Any) -> list[Any]:
    row = {
        "block": "MAATSCHAPPELIJK",
        "description": "Gastles op het VSO",
        "date": "15-03-2026",
        "hours": "12",
        "count": "2",
    }
    row.update(overrides)
    return list(row.values())


def _import(user: User, contract: Contract, data: bytes, kind: str) -> imports.ImportResult:
    return imports.import_realisations(acting_user=user, contract=contract, data=data, kind=kind)


def _xlsx_with_raw_cell(headings: list[str], row: list[Any], raw: str) -> bytes:
    """An .xlsx whose cell holding ``MARK`` holds ``raw`` as its number instead (what a
    hand-made or damaged file can say; Excel itself never writes it)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headings)
    sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    patched = io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            content = source.read(part.filename)
            if part.filename.startswith("xl/worksheets/"):
                content = re.sub(
                    rb"<v>%d</v>" % MARK, b"<v>" + raw.encode() + b"</v>", content, count=1
                )
            target.writestr(part, content)
    return patched.getvalue()


# --- numbers openpyxl or Decimal cannot hold -------------------------------------------------


@pytest.mark.parametrize("raw", ["1e999", "-1e999", "1E+400"])
def test_attack2_an_infinite_count_in_an_xlsx_is_a_row_problem(
    contract_in_force: Contract, contractor_a: User, raw: str
) -> None:
    """``1e999`` reads as float infinity; the count column is an integer one."""
    data = _xlsx_with_raw_cell(
        ACTIVITY, ["MAATSCHAPPELIJK", "Gastles", date(2026, 3, 15), 12, MARK], raw
    )
    result = _import(contractor_a, contract_in_force, data, RealisationKind.ACTIVITY)
    assert [(p.row, p.column) for p in result.problems] == [(2, "Aantal betrokken medewerkers")]
    assert not Realisation.objects.exists()


@pytest.mark.parametrize("raw", ["1e999", "1e30"])
def test_attack2_an_infinite_or_huge_amount_in_an_xlsx_is_a_row_problem(
    contract_in_force: Contract, contractor_a: User, raw: str
) -> None:
    data = _xlsx_with_raw_cell(
        PURCHASE,
        ["SOCIAAL_INKOPEN", "WerkSaam", "12345678", "F-1", date(2026, 3, 15), MARK],
        raw,
    )
    result = _import(contractor_a, contract_in_force, data, RealisationKind.PURCHASE)
    assert [(p.row, p.column) for p in result.problems] == [(2, "Bedrag in euro's (excl. btw)")]
    assert not Realisation.objects.exists()


@pytest.mark.parametrize("raw", ["abc", "12,5", ""])
def test_attack2_an_unreadable_number_cell_refuses_the_file(
    contract_in_force: Contract, contractor_a: User, raw: str
) -> None:
    """openpyxl raises ValueError while iterating over a number cell it cannot parse."""
    data = _xlsx_with_raw_cell(
        ACTIVITY, ["MAATSCHAPPELIJK", "Gastles", date(2026, 3, 15), MARK, 2], raw
    )
    try:
        result = _import(contractor_a, contract_in_force, data, RealisationKind.ACTIVITY)
    except imports.ImportRefused as exc:
        assert "cel van dit bestand" in exc.message
    else:
        assert result.problems  # an empty cell is a missing required value
    assert not Realisation.objects.exists()


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-inf", "1e30", "1E+999999999"])
def test_attack2_absurd_amounts_in_a_csv_are_row_problems(
    contract_in_force: Contract, contractor_a: User, text: str
) -> None:
    data = _csv([PURCHASE, _purchase(amount=text)])
    result = _import(contractor_a, contract_in_force, data, RealisationKind.PURCHASE)
    assert [(p.row, p.column) for p in result.problems] == [(2, "Bedrag in euro's (excl. btw)")]
    assert not Realisation.objects.exists()


@pytest.mark.parametrize("text", ["NaN", "1e999", "99999999999999999999", "-3", "2,5"])
def test_attack2_absurd_counts_in_a_csv_are_row_problems(
    contract_in_force: Contract, contractor_a: User, text: str
) -> None:
    data = _csv([ACTIVITY, _activity(count=text)])
    result = _import(contractor_a, contract_in_force, data, RealisationKind.ACTIVITY)
    assert [(p.row, p.column) for p in result.problems] == [(2, "Aantal betrokken medewerkers")]
    assert not Realisation.objects.exists()


# --- text: formulas and BSNs -------------------------------------------------------------------


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+31 6 1234", "-1+1", "@SUM(A1)"])
@pytest.mark.parametrize("column", ["supplier", "invoice"])
def test_attack2_formulas_in_supplier_and_invoice_are_refused(
    contract_in_force: Contract, contractor_a: User, text: str, column: str
) -> None:
    data = _csv([PURCHASE, _purchase(**{column: text})])
    result = _import(contractor_a, contract_in_force, data, RealisationKind.PURCHASE)
    heading = {"supplier": "Leverancier", "invoice": "Factuurnummer"}[column]
    assert [(p.row, p.column) for p in result.problems] == [(2, heading)]
    assert "formule" in result.problems[0].message
    assert not Realisation.objects.exists()


@pytest.mark.parametrize(
    ("kind", "headings", "row", "heading"),
    [
        (
            RealisationKind.PURCHASE,
            PURCHASE,
            _purchase(supplier="Jan BSN 111222333"),
            "Leverancier",
        ),
        (RealisationKind.PURCHASE, PURCHASE, _purchase(invoice="F 111.222.333"), "Factuurnummer"),
        (
            RealisationKind.ACTIVITY,
            ACTIVITY,
            _activity(description="Gastles met kandidaat 111222333"),
            "Omschrijving",
        ),
    ],
)
def test_attack2_a_bsn_in_free_text_is_refused(
    contract_in_force: Contract,
    contractor_a: User,
    kind: str,
    headings: list[str],
    row: list[Any],
    heading: str,
) -> None:
    result = _import(contractor_a, contract_in_force, _csv([headings, row]), kind)
    assert [(p.row, p.column) for p in result.problems] == [(2, heading)]
    assert "BSN" in result.problems[0].message
    assert not Realisation.objects.exists()


def test_attack2_a_bsn_as_a_number_cell_in_an_xlsx_is_refused(
    contract_in_force: Contract, contractor_a: User
) -> None:
    """A BSN typed into Excel becomes a number cell; the invoice column still refuses it."""
    data = _xlsx_with_raw_cell(
        PURCHASE,
        ["SOCIAAL_INKOPEN", "WerkSaam", "12345678", MARK, date(2026, 3, 15), 100],
        "111222333",
    )
    result = _import(contractor_a, contract_in_force, data, RealisationKind.PURCHASE)
    assert [(p.row, p.column) for p in result.problems] == [(2, "Factuurnummer")]
    assert not Realisation.objects.exists()


# --- the file as a whole -------------------------------------------------------------------------


def test_attack2_a_csv_cell_beyond_the_csv_field_limit_is_refused(
    contract_in_force: Contract, contractor_a: User
) -> None:
    """Python's csv module raises csv.Error on a field over 131,072 characters."""
    data = _csv([ACTIVITY, _activity(description="x" * 200_000)])
    with pytest.raises(imports.ImportRefused, match="veel te lange cel"):
        _import(contractor_a, contract_in_force, data, RealisationKind.ACTIVITY)
    assert not Realisation.objects.exists()


def test_attack2_a_nul_after_the_first_64k_characters_is_a_row_problem(
    contract_in_force: Contract, contractor_a: User
) -> None:
    rows = [ACTIVITY] + [_activity(description=f"Gastles {n}") for n in range(3000)]
    data = _csv(rows) + b"MAATSCHAPPELIJK;Gast\x00les;15-03-2026;12;2\r\n"
    assert len(data) > 65536
    # PostgreSQL refuses a NUL in text: the form's own check must catch it first
    result = _import(contractor_a, contract_in_force, data, RealisationKind.ACTIVITY)
    assert [(p.row, p.column) for p in result.problems] == [(3002, "Omschrijving")]
    assert not Realisation.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + b"\x00" * 100,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
        b"\x1f\x8b\x08\x00" + bytes(range(256)),
        b"PK\x03\x04" + b"\x00" * 100,  # a broken zip
        "Bouwblok;Omschrijving\r\n".encode("utf-16"),
        b"\xff\xfe\x00\x00",
    ],
    ids=["pdf", "png", "gzip", "broken-zip", "utf-16", "utf-32-bom"],
)
def test_attack2_renamed_binaries_and_odd_encodings_are_refused(
    contract_in_force: Contract, contractor_a: User, data: bytes
) -> None:
    with pytest.raises(imports.ImportRefused):
        _import(contractor_a, contract_in_force, data, RealisationKind.ACTIVITY)


def test_attack2_a_zip_without_a_workbook_is_refused(
    contract_in_force: Contract, contractor_a: User
) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(imports.ImportRefused):
        _import(contractor_a, contract_in_force, out.getvalue(), RealisationKind.PURCHASE)


def test_attack2_a_cp1252_csv_with_accents_is_read(
    contract_in_force: Contract, contractor_a: User
) -> None:
    data = _csv([ACTIVITY, _activity(description="Gastles café Één")], encoding="cp1252")
    result = _import(contractor_a, contract_in_force, data, RealisationKind.ACTIVITY)
    assert result.problems == []
    assert Realisation.objects.get().description == "Gastles café Één"


# --- duplicate invoices -------------------------------------------------------------------------


def test_attack2_the_same_invoice_twice_in_one_file_is_refused(
    contract_in_force: Contract, contractor_a: User
) -> None:
    data = _csv([PURCHASE, _purchase(invoice="F-9"), _purchase(invoice="f-9 ", kvk="1234 5678")])
    result = _import(contractor_a, contract_in_force, data, RealisationKind.PURCHASE)
    assert [p.row for p in result.problems] == [3]
    assert not Realisation.objects.exists()


def test_attack2_an_invoice_already_on_another_contract_is_refused(
    contract_in_force: Contract, contractor_a: User
) -> None:
    other = ContractFactory(organisation=contract_in_force.organisation)
    RealisationFactory(contract=other, purchase=True, invoice_number="F-9", supplier_kvk="12345678")
    data = _csv([PURCHASE, _purchase(invoice="F-9")])
    result = _import(contractor_a, contract_in_force, data, RealisationKind.PURCHASE)
    assert [p.row for p in result.problems] == [2]
    assert not Realisation.objects.filter(contract=contract_in_force).exists()


# --- the page for every wrong role -------------------------------------------------------------


def _post(user: User | None, contract: Contract, soort: str, data: bytes) -> Any:
    client = Client()
    if user is not None:
        client.force_login(user)
    url = reverse("monitoring:import", kwargs={"contract_pk": contract.pk}) + f"?soort={soort}"
    upload = SimpleUploadedFile("inkopen.xlsx", data)
    return client.post(url, {"file": upload})


@pytest.mark.parametrize(
    ("who", "status"),
    [("contractor_b", 404), ("buyer_user", 404), ("coordinator", 403), ("anonymous", 302)],
)
def test_attack2_the_import_of_purchases_by_a_wrong_role(
    request: pytest.FixtureRequest, contract_in_force: Contract, who: str, status: int
) -> None:
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = _post(user, contract_in_force, "inkoop", _csv([PURCHASE, _purchase()]))
    assert response.status_code == status
    assert not Realisation.objects.exists()


@pytest.mark.parametrize("soort", ["xyz", "inkoop%00", "INKOOP", ""])
def test_attack2_an_unknown_kind_is_a_404(
    contract_in_force: Contract, contractor_a: User, soort: str
) -> None:
    response = _post(contractor_a, contract_in_force, soort, _csv([PURCHASE, _purchase()]))
    # Django answers 400 itself to a NUL in the query string
    assert response.status_code == (400 if "%00" in soort else 404)
    assert not Realisation.objects.exists()


def test_attack2_a_hostile_file_through_the_page_is_never_a_500(
    contract_in_force: Contract, contractor_a: User
) -> None:
    bad = [
        _xlsx_with_raw_cell(
            ACTIVITY, ["MAATSCHAPPELIJK", "G", date(2026, 3, 15), 1, MARK], "1e999"
        ),
        _xlsx_with_raw_cell(ACTIVITY, ["MAATSCHAPPELIJK", "G", date(2026, 3, 15), MARK, 2], "abc"),
        _csv([ACTIVITY, _activity(description="x" * 200_000)]),
    ]
    for data in bad:
        response = _post(contractor_a, contract_in_force, "activiteit", data)
        assert response.status_code in {400, 422}
    assert not Realisation.objects.exists()


def _workbook_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name", ["Plaatsingen", "Inkopen"])
def test_attack2_a_workbook_of_only_a_chart_sheet_is_refused(
    contract_in_force: Contract, contractor_a: User, name: str
) -> None:
    book = Workbook()
    book.create_chartsheet(name)
    book.remove(book["Sheet"])
    with pytest.raises(imports.ImportRefused):
        _import(contractor_a, contract_in_force, _workbook_bytes(book), RealisationKind.PURCHASE)
    assert not Realisation.objects.exists()


def test_attack2_a_purchase_workbook_is_read_from_its_own_sheet(
    contract_in_force: Contract, contractor_a: User
) -> None:
    """A workbook holding a placements sheet first and the purchases sheet after it: the
    purchase import reads "Inkopen", not "Plaatsingen"."""
    book = Workbook()
    placements = book.active
    assert placements is not None
    placements.title = "Plaatsingen"
    placements.append(["Kandidaatreferentie"])
    purchases = book.create_sheet("Inkopen")
    purchases.append(PURCHASE)
    purchases.append(["SOCIAAL_INKOPEN", "WerkSaam", "12345678", "F-7", date(2026, 3, 15), 100])
    result = _import(
        contractor_a, contract_in_force, _workbook_bytes(book), RealisationKind.PURCHASE
    )
    assert result.problems == []
    assert Realisation.objects.get().invoice_number == "F-7"


@pytest.mark.parametrize(
    ("who", "status"),
    [("contractor_b", 404), ("buyer_user", 404), ("coordinator", 403), ("anonymous", 302)],
)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_attack2_the_purchase_and_activity_templates_for_a_wrong_role(
    request: pytest.FixtureRequest, contract_in_force: Contract, who: str, status: int, fmt: str
) -> None:
    client = Client()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for soort in ("inkoop", "activiteit"):
        url = reverse(f"monitoring:import_template_{fmt}", args=[contract_in_force.pk])
        assert client.get(f"{url}?soort={soort}").status_code == status
