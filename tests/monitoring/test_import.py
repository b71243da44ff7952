"""The spreadsheet import: every row validated by PlacementForm, all or nothing, problems by
the sheet's row number and column heading; .xlsx and CSV; refused files; the row cap."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion
from sroi.core.models import AuditEntry
from sroi.monitoring import imports
from sroi.monitoring.models import Realisation
from sroi.plans.models import Contract

HEADINGS = [
    "Kandidaatreferentie",
    "Geboortejaar",
    "Doelgroep",
    "Bouwblok",
    "Bewijs van de doelgroep",
    "Start",
    "Einde",
    "Geplande einddatum",
    "Uren per week",
    "Soort contract",
    "Werkgever",
]


@pytest.fixture
def contract_in_force(agreements: AgreementVersion) -> Contract:
    contract = agreements.contract
    contract.refresh_from_db()
    return contract


@pytest.fixture
def headings(contract_in_force: Contract) -> list[str]:
    names = imports.headings(imports.contract_ruleset(contract_in_force))
    return [names[name] for name in imports.COLUMNS]


def rows_of(template: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(template))["Plaatsingen"]
    return [list(row) for row in sheet.iter_rows(min_row=1, max_row=2, values_only=True)]


def xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Plaatsingen"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[str]], *, delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def placement_row(reference: str = "K-101", **overrides: Any) -> list[Any]:
    row: dict[str, Any] = {
        "candidate_reference": reference,
        "birth_year": 1990,
        "target_group": "Participatiewet: zonder arbeidsbeperking < 2 jaar uitkering",
        "block_code": "",
        "eligibility_evidence": "verklaring van de gemeente",
        "start_date": datetime(2026, 1, 1),  # an Excel date cell
        "end_date": datetime(2026, 6, 30),
        "planned_end_date": None,
        "hours_per_week": 36,
        "employment_type": "tijdelijk",
        "employer_name": "",
    }
    row.update(overrides)
    return [row[name] for name in imports.COLUMNS]


def test_the_template_headings_are_the_forms_labels_in_dutch(contract_in_force: Contract) -> None:
    header, example = rows_of(imports.template_xlsx(contract_in_force))
    assert header == HEADINGS
    assert example[0] == "K-001"
    workbook = load_workbook(io.BytesIO(imports.template_xlsx(contract_in_force)))
    assert workbook.sheetnames[:1] == ["Plaatsingen"]
    assert "Toelichting" in workbook.sheetnames
    help_rows = list(workbook["Toelichting"].iter_rows(values_only=True))
    assert [row[0] for row in help_rows[1:12]] == HEADINGS
    validations = workbook["Plaatsingen"].data_validations.dataValidation
    assert {str(v.sqref).split(":")[0] for v in validations} == {"C2", "D2", "E2", "J2"}
    csv_text = imports.template_csv(contract_in_force).decode("utf-8")
    assert csv_text.startswith("\ufeff" + ";".join(HEADINGS))


def test_the_templates_example_row_imports_as_it_is(
    contract_in_force: Contract, contractor_a: User
) -> None:
    for template in (
        imports.template_xlsx(contract_in_force),
        imports.template_csv(contract_in_force),
    ):
        result = imports.import_placements(
            acting_user=contractor_a, contract=contract_in_force, data=template
        )
        assert result.problems == []
        assert result.rows == 1


def test_a_valid_xlsx_imports_every_row_with_its_value(
    contract_in_force: Contract, contractor_a: User, headings: list[str]
) -> None:
    data = xlsx(
        [
            headings,
            placement_row("K-101"),
            [None] * 11,  # an empty row is skipped
            placement_row("K-102", hours_per_week=18.5, end_date="30-09-2026"),
        ]
    )
    result = imports.import_placements(
        acting_user=contractor_a, contract=contract_in_force, data=data
    )
    assert result.problems == []
    assert result.rows == 2
    first, second = Realisation.objects.order_by("pk")
    assert first.hours_per_week == Decimal("36")
    assert second.hours_per_week == Decimal("18.5")
    assert second.end_date == date(2026, 9, 30)
    assert first.block_code == "PW_LT2"  # from the target group
    # PW_LT2: EUR 25,000 per full-time year; January to June full time is half a year.
    assert first.value_eur == Decimal("12500.00")
    assert AuditEntry.objects.get(action="monitoring.import").data["count"] == 2


def test_a_valid_csv_with_dutch_numbers_and_cp1252_imports(
    contract_in_force: Contract, contractor_a: User, headings: list[str]
) -> None:
    row = [
        "K-201",
        "1990",
        "Participatiewet: zonder arbeidsbeperking < 2 jaar uitkering",
        "",
        "verklaring van de gemeente",
        "01-01-2026",
        "30-06-2026",
        "",
        "18,5",
        "vast",
        "Schoonmaakbedrijf Één",
    ]
    for delimiter, encoding in ((";", "utf-8-sig"), (",", "cp1252"), (";", "utf-8")):
        Realisation.objects.all().delete()
        data = csv_bytes([headings, row], delimiter=delimiter, encoding=encoding)
        result = imports.import_placements(
            acting_user=contractor_a, contract=contract_in_force, data=data
        )
        assert result.problems == [], (delimiter, encoding)
        realisation = Realisation.objects.get()
        assert realisation.hours_per_week == Decimal("18.5")
        assert realisation.employer_name == "Schoonmaakbedrijf Één"


def test_one_bad_row_imports_nothing_and_names_its_row_and_column(
    contract_in_force: Contract, contractor_a: User, headings: list[str]
) -> None:
    data = xlsx(
        [
            headings,
            placement_row("K-101"),
            placement_row("K-102"),
            placement_row("K-103", hours_per_week="veel"),
        ]
    )
    result = imports.import_placements(
        acting_user=contractor_a, contract=contract_in_force, data=data
    )
    assert [(p.row, p.column) for p in result.problems] == [(4, "Uren per week")]
    assert "18,5" in result.problems[0].message
    assert Realisation.objects.count() == 0
    assert not AuditEntry.objects.filter(action="monitoring.import").exists()


def test_a_bsn_and_a_birth_year_conflict_are_row_problems(
    contract_in_force: Contract, contractor_a: User, headings: list[str]
) -> None:
    data = xlsx(
        [
            headings,
            placement_row("111222333"),
            placement_row("K-5"),
            placement_row("K-5", birth_year=1991),
        ]
    )
    result = imports.import_placements(
        acting_user=contractor_a, contract=contract_in_force, data=data
    )
    assert [(p.row, p.column) for p in result.problems] == [(2, "Kandidaatreferentie")]
    data = xlsx([headings, placement_row("K-5"), placement_row("K-5", birth_year=1991)])
    result = imports.import_placements(
        acting_user=contractor_a, contract=contract_in_force, data=data
    )
    assert [(p.row, p.column) for p in result.problems] == [(3, "Geboortejaar")]
    assert Realisation.objects.count() == 0


def test_unknown_and_missing_columns_are_reported_on_row_1(
    contract_in_force: Contract, contractor_a: User, headings: list[str]
) -> None:
    data = csv_bytes([[*headings[1:], "Opmerking"], ["1990"]])
    result = imports.import_placements(
        acting_user=contractor_a, contract=contract_in_force, data=data
    )
    assert {(p.row, p.column) for p in result.problems} == {
        (1, "Opmerking"),
        (1, "Kandidaatreferentie"),
    }


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4 not a spreadsheet",
        b"MZ\x90\x00program",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel",
        b"PK\x03\x04" + b"\x00" * 50,  # a broken zip
        b"binary\x00\x01\x02 data",
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(
    contract_in_force: Contract, contractor_a: User, data: bytes
) -> None:
    with pytest.raises(imports.ImportRefused, match="geen Excel-bestand"):
        imports.import_placements(acting_user=contractor_a, contract=contract_in_force, data=data)


def test_a_zip_without_a_workbook_is_refused(
    contract_in_force: Contract, contractor_a: User
) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(imports.ImportRefused, match="geen Excel-bestand"):
        imports.import_placements(
            acting_user=contractor_a, contract=contract_in_force, data=out.getvalue()
        )


def test_a_zip_bomb_is_refused_before_it_is_unpacked(
    contract_in_force: Contract, contractor_a: User
) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(imports.XLSX_UNCOMPRESSED_MAX // len(chunk) + 1):
                part.write(chunk)
    data = out.getvalue()
    assert len(data) < 1024 * 1024  # a small file...
    with pytest.raises(imports.ImportRefused, match="pakt uit tot meer dan 100 MB"):
        imports.import_placements(acting_user=contractor_a, contract=contract_in_force, data=data)


def test_more_rows_than_the_cap_are_refused(
    contract_in_force: Contract,
    contractor_a: User,
    headings: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(imports, "IMPORT_ROWS_MAX", 3)
    rows = [["K-1", "1990"] for _ in range(4)]
    with pytest.raises(imports.ImportRefused, match="meer dan 3 rijen"):
        imports.import_placements(
            acting_user=contractor_a, contract=contract_in_force, data=csv_bytes([headings, *rows])
        )
    assert Realisation.objects.count() == 0


def test_a_formula_is_read_as_its_cached_value(
    contract_in_force: Contract, contractor_a: User, headings: list[str]
) -> None:
    # openpyxl writes formulas without a cached value; the cell then reads as empty and the
    # row is refused at that column (never the formula text).
    data = xlsx([headings, placement_row("K-1", birth_year="=1980+10")])
    result = imports.import_placements(
        acting_user=contractor_a, contract=contract_in_force, data=data
    )
    assert [(p.row, p.column) for p in result.problems] == [(2, "Geboortejaar")]


# --- the page ------------------------------------------------------------------------------


def _url(contract: Contract, name: str = "monitoring:import") -> str:
    return reverse(name, kwargs={"contract_pk": contract.pk})


def test_the_page_lists_the_problems_in_a_table_and_imports_after_the_fix(
    client: Client, contract_in_force: Contract, contractor_a: User, headings: list[str]
) -> None:
    client.force_login(contractor_a)
    assert client.get(_url(contract_in_force)).status_code == 200
    bad = io.BytesIO(
        xlsx([headings, placement_row("K-1"), placement_row("K-2", start_date="gisteren")])
    )
    bad.name = "plaatsingen.xlsx"
    response = client.post(_url(contract_in_force), {"file": bad})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'class="sroi-table-wrapper"' in page
    assert 'data-row="3"' in page
    assert "Start" in page
    assert Realisation.objects.count() == 0
    good = io.BytesIO(xlsx([headings, placement_row("K-1"), placement_row("K-2")]))
    good.name = "plaatsingen.xlsx"
    response = client.post(_url(contract_in_force), {"file": good})
    assert response.status_code == 302
    assert response["Location"] == f"/contracten/{contract_in_force.pk}/realisaties/"
    assert Realisation.objects.count() == 2


@pytest.mark.parametrize(
    "name",
    ["monitoring:import", "monitoring:import_template_xlsx", "monitoring:import_template_csv"],
)
def test_only_the_contractor_of_the_contract_opens_the_import(
    client: Client,
    contract_in_force: Contract,
    contractor_a: User,
    contractor_b: User,
    coordinator: User,
    buyer_user: User,
    name: str,
) -> None:
    url = _url(contract_in_force, name)
    assert client.get(url).status_code == 302  # anonymous: to the login
    for user, status in (
        (contractor_b, 404),
        (buyer_user, 404),
        (coordinator, 403),
        (contractor_a, 200),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user
