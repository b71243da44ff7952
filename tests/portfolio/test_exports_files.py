"""The portfolio's exports read back: Excel with openpyxl (headings, numbers as numbers with
their format, dates as dates, the stored values) and CSV with the csv module (``;``, decimal
comma, dd-mm-yyyy, UTF-8 with BOM); the filter applies; formulas are neutralised."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from sroi.accounts.models import User
from sroi.agreements.constants import AgreementStatus
from sroi.agreements.models import Agreement
from sroi.core.spreadsheets import csv_cell, neutralise_formula
from sroi.monitoring.constants import RealisationStatus
from sroi.plans.models import Contract
from tests.portfolio.exports_region import (
    HOSTILE_SUPPLIER,
    Region,
    body,
    build_region,
    csv_rows,
    records,
    sheet_records,
    url,
    xlsx_sheet,
)

CONTRACT_HEADINGS = [
    "Kenmerk",
    "Contract",
    "Opdrachtgever",
    "Opdrachtnemer",
    "Status contract",
    "Stoplicht",
    "Startdatum",
    "Einddatum",
    "Opdrachtwaarde (EUR)",
    "SROI-percentage",
    "Verplichting (EUR)",
    "Afgesproken (EUR)",
    "Gerealiseerd (EUR)",
    "Wacht op controle (EUR)",
    "Prognose einde (EUR)",
]
MONEY = "#,##0.00"


@pytest.fixture
def region(contractor_a: User, contractor_b: User) -> Region:
    return build_region(contractor_a=contractor_a, contractor_b=contractor_b)


@pytest.fixture
def as_coordinator(client: Client, coordinator: User) -> Client:
    client.force_login(coordinator)
    return client


def _get(client: Client, dataset: str, fmt: str, query: str = "") -> bytes:
    response = client.get(url(dataset, fmt) + query)
    assert response.status_code == 200, response
    return body(response)


def test_contracts_workbook_has_dutch_headings_numbers_and_dates(
    region: Region, as_coordinator: Client
) -> None:
    sheet = xlsx_sheet(_get(as_coordinator, "contracten", "xlsx"))
    assert sheet.title == "Contracten"
    assert [cell.value for cell in next(sheet.iter_rows())] == CONTRACT_HEADINGS
    rows = {row["Kenmerk"].value: row for row in sheet_records(sheet)}
    assert set(rows) == {"REF-A1", "REF-B1"}
    a1 = Contract.objects.get(pk=region.a1.pk)
    row = rows["REF-A1"]
    assert row["Contract"].value == "Onderhoud wegen Hoorn"
    assert row["Opdrachtgever"].value == "Gemeente Hoorn"
    assert row["Stoplicht"].value == str(a1.get_light_display())
    assert row["Status contract"].value == str(a1.get_status_display())
    for heading, stored in [
        ("Opdrachtwaarde (EUR)", a1.value_eur),
        ("Verplichting (EUR)", a1.obligation_eur),
        ("Afgesproken (EUR)", a1.agreed_eur),
    ]:
        cell = row[heading]
        assert cell.data_type == "n"
        assert cell.number_format == MONEY
        assert stored is not None
        assert Decimal(str(cell.value)) == stored
    assert row["Verplichting (EUR)"].value == 50000
    start = row["Startdatum"]
    assert isinstance(start.value, datetime)
    assert start.number_format == "DD-MM-YYYY"
    assert start.value.date() == date(2026, 1, 1)
    assert row["SROI-percentage"].value == 5


def test_an_empty_figure_is_an_empty_cell(region: Region, as_coordinator: Client) -> None:
    sheet = xlsx_sheet(_get(as_coordinator, "contracten", "xlsx"))
    row = next(r for r in sheet_records(sheet) if r["Kenmerk"].value == "REF-B1")
    assert Contract.objects.get(pk=region.b1.pk).agreed_eur is None
    assert row["Afgesproken (EUR)"].value is None


def test_agreements_workbook_holds_the_accepted_agreements(
    region: Region, as_coordinator: Client
) -> None:
    sheet = xlsx_sheet(_get(as_coordinator, "afspraken", "xlsx"))
    assert sheet.title == "Prestatieafspraken"
    rows = sheet_records(sheet)
    accepted = Agreement.objects.get(
        version__contract=region.a1, version__status=AgreementStatus.ACCEPTED
    )
    assert len(rows) == 1
    row = rows[0]
    assert row["Kenmerk"].value == "REF-A1"
    assert row["Versie afspraken"].value == 1
    assert row["Soort invulling"].value == str(accepted.get_effort_kind_display())
    assert row["Doelgroep"].value == str(accepted.get_target_group_display())
    assert row["Aantal kandidaten"].value == 1
    assert row["Aantal kandidaten"].data_type == "n"
    assert row["Uren per week"].value == 36
    assert row["Uren per week"].number_format == MONEY
    assert row["Waarde (EUR)"].value == 25000
    assert row["Waarde (EUR)"].number_format == MONEY
    assert row["Start"].value == datetime(2026, 1, 1)
    assert row["Einde"].value == datetime(2026, 12, 31)


def test_a_proposal_is_not_exported_with_the_agreements(
    region: Region, as_coordinator: Client
) -> None:
    version = region.a1.agreement_versions.get()
    version.status = AgreementStatus.PROPOSAL
    version.save(update_fields=["status"])
    sheet = xlsx_sheet(_get(as_coordinator, "afspraken", "xlsx"))
    assert sheet_records(sheet) == []


def test_realisations_workbook_for_a_coordinator_holds_every_status_and_the_candidate(
    region: Region, as_coordinator: Client
) -> None:
    sheet = xlsx_sheet(_get(as_coordinator, "realisaties", "xlsx"))
    assert sheet.title == "Realisaties"
    rows = sheet_records(sheet)
    assert len(rows) == 3
    by_candidate = {row["Kandidaat"].value: row for row in rows}
    assert set(by_candidate) == {"K-GEHEIM-A", "K-GEHEIM-B", None}
    placement = by_candidate["K-GEHEIM-A"]
    assert placement["Status"].value == "goedgekeurd"
    assert placement["Soort"].value == "plaatsing"
    assert placement["Waarde (EUR)"].value == pytest.approx(12345.67)
    assert Decimal(str(placement["Waarde (EUR)"].value)) == region.placement_a.value_eur
    assert placement["Waarde (EUR)"].number_format == MONEY
    assert placement["Uren per week"].value == pytest.approx(32.5)
    assert placement["Start"].value == datetime(2026, 3, 1)
    assert placement["Einde"].value is None
    assert placement["Bouwblok"].value == "PW_LT2"
    assert placement["Doelgroep"].value == str(region.placement_a.get_target_group_display())
    purchase = by_candidate[None]
    assert purchase["Status"].value == str(RealisationStatus.SUBMITTED.label)
    assert purchase["Bedrag excl. btw (EUR)"].value == 4000
    assert purchase["Datum"].value == datetime(2026, 4, 15)
    assert by_candidate["K-GEHEIM-B"]["Status"].value == "concept"


def test_rows_follow_the_portfolio_order(region: Region, as_coordinator: Client) -> None:
    ascending = xlsx_sheet(_get(as_coordinator, "realisaties", "xlsx", "?sorteer=name"))
    descending = xlsx_sheet(_get(as_coordinator, "realisaties", "xlsx", "?sorteer=-name"))
    names = [row["Contract"].value for row in sheet_records(ascending)]
    assert names == ["Groenonderhoud Enkhuizen", "Onderhoud wegen Hoorn", "Onderhoud wegen Hoorn"]
    assert next(row["Contract"].value for row in sheet_records(descending)) == names[-1]


def test_contracts_csv_is_dutch_excel_readable(region: Region, as_coordinator: Client) -> None:
    rows = csv_rows(_get(as_coordinator, "contracten", "csv"))
    assert rows[0] == CONTRACT_HEADINGS
    row = next(r for r in records(rows) if r["Kenmerk"] == "REF-A1")
    assert row["Opdrachtwaarde (EUR)"] == "1000000,00"
    assert row["Verplichting (EUR)"] == "50000,00"
    assert row["Startdatum"] == "01-01-2026"
    assert row["Einddatum"] == "31-12-2027"
    assert row["SROI-percentage"] == "5,00"
    empty = next(r for r in records(rows) if r["Kenmerk"] == "REF-B1")
    assert empty["Afgesproken (EUR)"] == ""


def test_agreements_and_realisations_csv_hold_the_same_rows_as_the_workbooks(
    region: Region, as_coordinator: Client
) -> None:
    for dataset in ("afspraken", "realisaties"):
        sheet = xlsx_sheet(_get(as_coordinator, dataset, "xlsx"))
        rows = csv_rows(_get(as_coordinator, dataset, "csv"))
        assert rows[0] == [cell.value for cell in next(sheet.iter_rows())]
        expected = [
            [
                csv_cell(cell.value.date() if isinstance(cell.value, datetime) else cell.value)
                if not isinstance(cell.value, float | int)
                else None
                for cell in row
            ]
            for row in list(sheet.iter_rows())[1:]
        ]
        assert len(rows) - 1 == len(expected)
        for line, wanted in zip(rows[1:], expected, strict=True):
            # Text and dates equal; numbers are checked in the tests above.
            assert [v for v, w in zip(line, wanted, strict=True) if w is not None] == [
                w for w in wanted if w is not None
            ]
    realisations = records(csv_rows(_get(as_coordinator, "realisaties", "csv")))
    placement = next(r for r in realisations if r["Kandidaat"] == "K-GEHEIM-A")
    assert placement["Waarde (EUR)"] == "12345,67"
    assert placement["Uren per week"] == "32,50"
    assert placement["Start"] == "01-03-2026"


@pytest.mark.parametrize("dataset", ["contracten", "afspraken", "realisaties"])
def test_the_filter_applies_to_every_dataset(
    region: Region, as_coordinator: Client, dataset: str
) -> None:
    only_b = records(
        csv_rows(_get(as_coordinator, dataset, "csv", f"?koper={region.enkhuizen.pk}"))
    )
    assert {row["Kenmerk"] for row in only_b} <= {"REF-B1"}
    searched = xlsx_sheet(_get(as_coordinator, dataset, "xlsx", "?zoek=Hoorn"))
    assert {row["Kenmerk"].value for row in sheet_records(searched)} == {"REF-A1"}
    in_2025 = records(csv_rows(_get(as_coordinator, dataset, "csv", "?jaar=2025")))
    assert {row["Kenmerk"] for row in in_2025} <= {"REF-B1"}
    if dataset != "afspraken":
        assert {row["Kenmerk"] for row in only_b} == {"REF-B1"}
        assert {row["Kenmerk"] for row in in_2025} == {"REF-B1"}


def test_a_formula_in_a_text_is_written_as_text(region: Region, as_coordinator: Client) -> None:
    Contract.objects.filter(pk=region.b1.pk).update(name="+31 229 cmd|' /C calc'!A0")
    sheet = xlsx_sheet(_get(as_coordinator, "realisaties", "xlsx"))
    rows = sheet_records(sheet)
    supplier = next(row["Leverancier"] for row in rows if row["Leverancier"].value)
    assert supplier.value == "'" + HOSTILE_SUPPLIER
    assert supplier.data_type == "s"
    names = {row["Contract"].value for row in rows}
    assert "'+31 229 cmd|' /C calc'!A0" in names
    lines = records(csv_rows(_get(as_coordinator, "realisaties", "csv")))
    assert "'" + HOSTILE_SUPPLIER in {row["Leverancier"] for row in lines}
    assert "'+31 229 cmd|' /C calc'!A0" in {row["Contract"] for row in lines}


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+31", "'+31"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Bouw = goed", "Bouw = goed"),
        ("'al tekst", "'al tekst"),
    ],
)
def test_neutralise_formula(text: str, written: str) -> None:
    assert neutralise_formula(text) == written


def test_a_negative_number_stays_a_number_in_csv() -> None:
    assert csv_cell(Decimal("-12.50")) == "-12,50"
    assert csv_cell(date(2026, 2, 3)) == "03-02-2026"
    assert csv_cell(None) == ""
    assert csv_cell(7) == "7"


def test_a_control_character_in_a_name_does_not_break_the_workbook(
    region: Region, as_coordinator: Client
) -> None:
    Contract.objects.filter(pk=region.b1.pk).update(name="Groen\x0bonder\x1fhoud")
    sheet = xlsx_sheet(_get(as_coordinator, "contracten", "xlsx"))
    assert "Groenonderhoud" in {row["Contract"].value for row in sheet_records(sheet)}


@pytest.mark.parametrize(
    ("name", "read_back"),
    [
        ("Bouw\x01 & <b>]]>", "Bouw & <b>]]>"),
        ("Wegen \U0001f6a7 Zuid", "Wegen \U0001f6a7 Zuid"),
        ("Dijk\ufffe\uffff", "Dijk"),
        ("Regel 1\r\nRegel 2", "Regel 1\r\nRegel 2"),
    ],
)
def test_a_name_xml_cannot_hold_is_cleaned_and_the_workbook_still_opens(
    region: Region, as_coordinator: Client, name: str, read_back: str
) -> None:
    Contract.objects.filter(pk=region.b1.pk).update(name=name)
    sheet = xlsx_sheet(_get(as_coordinator, "contracten", "xlsx"))
    assert read_back in {row["Contract"].value for row in sheet_records(sheet)}


def test_file_names_say_dataset_and_day(region: Region, as_coordinator: Client) -> None:
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    for dataset in ("contracten", "afspraken", "realisaties"):
        for fmt in ("xlsx", "csv"):
            response = as_coordinator.get(url(dataset, fmt))
            assert response["Content-Disposition"] == (
                f'attachment; filename="sroi-{dataset}-{today}.{fmt}"'
            )
            assert response["Cache-Control"] == "private, no-store"
            body(response)


def test_export_links_keep_the_query_string() -> None:
    request = RequestFactory().get("/coordinator/portefeuille/?jaar=2026&zoek=wegen")
    html = render_to_string("portfolio/_export_links.html", {"request": request})
    for dataset in ("contracten", "afspraken", "realisaties"):
        for fmt in ("xlsx", "csv"):
            assert f"{url(dataset, fmt)}?jaar=2026&amp;zoek=wegen" in html
    plain = render_to_string("portfolio/_export_links.html", {"request": RequestFactory().get("/")})
    assert 'href="/coordinator/portefeuille/export/contracten.xlsx"' in plain
