"""The portfolio's exports (issue 9): contracts, accepted agreements and realisations as Excel
(.xlsx) and CSV, holding exactly the contracts the portfolio shows for the same filter.

One column list per dataset (``DATASETS``) says each column's Dutch heading, the field it
reads and its kind (text, money, number, date, integer); the Excel and the CSV writer both
write from it. Rows come from ``values_list`` in chunks (``.iterator``): one query per export
whatever its size, no model instance per row. Choices are shown with their Dutch label.

Access: the view lets only portfolio users in (``selectors.can_use_portfolio``); the contracts
are ``selectors.portfolio_contracts(user, filter)``. The candidate reference is a column of
the realisations for coordinators only: for a buyer user the column is not there at all (the
field is not even read).

Excel: the workbook is made by ``openpyxl`` (write-only) and its rows are streamed into the
sheet (``write_xlsx``), in a temporary file that the view sends in pieces: memory stays flat at
any size. Money is a number with the format ``#,##0.00``, a date a date
with ``DD-MM-YYYY``. CSV: a generator of ``;``-separated UTF-8 lines with a byte-order mark
and decimal commas (``sroi.core.spreadsheets``), which Dutch Excel opens as numbers.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import IO, Any

from django.db.models import Model, QuerySet, TextChoices
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from sroi.agreements.constants import AgreementStatus
from sroi.agreements.models import Agreement
from sroi.core.spreadsheets import (
    CSV_BOM,
    CSV_DELIMITER,
    CSV_LINE_END,
    cell_text,
    csv_cell,
    neutralise_formula,
)
from sroi.monitoring.constants import RealisationKind, RealisationStatus
from sroi.monitoring.models import Realisation
from sroi.plans.constants import ContractLight, ContractStatus, EffortKind, TargetGroup
from sroi.plans.models import Contract
from sroi.portfolio.selectors import PortfolioFilter, portfolio_contracts, portfolio_ordering

# Rows fetched per round trip (PostgreSQL: a server-side cursor; SQLite: fetchmany).
CHUNK_SIZE = 2000
# A CSV response sends its lines in pieces of about this size.
CSV_PIECE_CHARS = 64 * 1024
MONEY_FORMAT = "#,##0.00"
NUMBER_FORMAT = "#,##0.00"
INTEGER_FORMAT = "0"
DATE_FORMAT = "DD-MM-YYYY"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")


class Kind(StrEnum):
    TEXT = "text"
    MONEY = "money"  # Decimal, euro
    NUMBER = "number"  # Decimal: hours, a percentage
    INTEGER = "integer"
    DATE = "date"


EXCEL_FORMATS: dict[Kind, str] = {
    Kind.MONEY: MONEY_FORMAT,
    Kind.NUMBER: NUMBER_FORMAT,
    Kind.INTEGER: INTEGER_FORMAT,
    Kind.DATE: DATE_FORMAT,
}


@dataclass(frozen=True)
class Column:
    """One column: its heading, the ``values_list`` path it reads, its kind, the choices whose
    label it shows instead of the stored code, and whether only coordinators see it."""

    heading: Promise
    field: str
    kind: Kind = Kind.TEXT
    choices: type[TextChoices] | None = None
    coordinator_only: bool = False

    def getter(self) -> Callable[[Any], Any]:
        """The value of a stored value (labels translated once, here, not per row)."""
        if self.choices is not None:
            labels = {code: str(label) for code, label in self.choices.choices}
            return lambda value: labels.get(value, value) if value else None
        if self.kind == Kind.TEXT:
            return lambda value: neutralise_formula(str(value)) if value else None
        return _identity


def _identity(value: Any) -> Any:
    return value


# The contract's own columns, first in every dataset (``prefix`` leads from the row's model).
def _contract_columns(prefix: str) -> tuple[Column, ...]:
    return (
        Column(pgettext_lazy("export column", "Contract reference"), f"{prefix}reference"),
        Column(pgettext_lazy("export column", "Contract"), f"{prefix}name"),
        Column(pgettext_lazy("export column", "Buyer"), f"{prefix}buyer__name"),
        Column(pgettext_lazy("export column", "Contractor"), f"{prefix}organisation__name"),
    )


@dataclass(frozen=True)
class Dataset:
    """An export: its name in the URL and the file name, the sheet's title, its columns, and
    its rows of the portfolio's contracts (in the portfolio's order)."""

    slug: str
    title: Promise
    columns: tuple[Column, ...]
    rows: Callable[[QuerySet[Contract], str], QuerySet[Any]]

    def columns_for(self, user: Any) -> list[Column]:
        """The columns ``user`` gets: the candidate column only for coordinators."""
        candidates = shows_candidates(user)
        return [c for c in self.columns if candidates or not c.coordinator_only]


def shows_candidates(user: Any) -> bool:
    """Candidate-level data is for coordinators (and administrators) only, never for a buyer
    user (docs/access.md)."""
    return bool(getattr(user, "is_coordinator", False))


def _contracts(contracts: QuerySet[Contract], sort: str) -> QuerySet[Any]:
    return contracts


def _agreements(contracts: QuerySet[Contract], sort: str) -> QuerySet[Any]:
    return Agreement.objects.filter(
        version__contract__in=contracts.values("pk"),
        version__status=AgreementStatus.ACCEPTED,
    ).order_by(*portfolio_ordering(sort, prefix="version__contract__"), "position", "id")


def _realisations(contracts: QuerySet[Contract], sort: str) -> QuerySet[Any]:
    return Realisation.objects.filter(contract__in=contracts.values("pk")).order_by(
        *portfolio_ordering(sort, prefix="contract__"), "kind", "id"
    )


CONTRACTS = Dataset(
    slug="contracten",
    title=pgettext_lazy("export sheet", "Contracts"),
    columns=(
        *_contract_columns(""),
        Column(pgettext_lazy("export column", "Contract status"), "status", choices=ContractStatus),
        Column(pgettext_lazy("export column", "Traffic light"), "light", choices=ContractLight),
        Column(pgettext_lazy("export column", "Start date"), "start_date", Kind.DATE),
        Column(pgettext_lazy("export column", "End date"), "end_date", Kind.DATE),
        Column(pgettext_lazy("export column", "Contract value (EUR)"), "value_eur", Kind.MONEY),
        Column(pgettext_lazy("export column", "SROI percentage"), "sroi_percentage", Kind.NUMBER),
        Column(pgettext_lazy("export column", "Obligation (EUR)"), "obligation_eur", Kind.MONEY),
        Column(pgettext_lazy("export column", "Agreed (EUR)"), "agreed_eur", Kind.MONEY),
        Column(pgettext_lazy("export column", "Realised (EUR)"), "realised_eur", Kind.MONEY),
        Column(
            pgettext_lazy("export column", "Awaiting verification (EUR)"), "pending_eur", Kind.MONEY
        ),
        Column(
            pgettext_lazy("export column", "Forecast at the end (EUR)"), "outlook_eur", Kind.MONEY
        ),
    ),
    rows=_contracts,
)

AGREEMENTS = Dataset(
    slug="afspraken",
    title=pgettext_lazy("export sheet", "Agreements"),
    columns=(
        *_contract_columns("version__contract__"),
        Column(
            pgettext_lazy("export column", "Agreements version"), "version__number", Kind.INTEGER
        ),
        Column(pgettext_lazy("export column", "Kind of effort"), "effort_kind", choices=EffortKind),
        Column(pgettext_lazy("export column", "Target group"), "target_group", choices=TargetGroup),
        Column(pgettext_lazy("export column", "Building block"), "block_code"),
        Column(pgettext_lazy("export column", "Number of candidates"), "count", Kind.INTEGER),
        Column(pgettext_lazy("export column", "Hours per week"), "hours_per_week", Kind.NUMBER),
        Column(pgettext_lazy("export column", "Start"), "start_date", Kind.DATE),
        Column(pgettext_lazy("export column", "End"), "end_date", Kind.DATE),
        Column(pgettext_lazy("export column", "Deadline"), "deadline", Kind.DATE),
        Column(pgettext_lazy("export column", "Hours"), "hours", Kind.NUMBER),
        Column(pgettext_lazy("export column", "Amount excl. VAT (EUR)"), "amount_eur", Kind.MONEY),
        Column(
            pgettext_lazy("export column", "Agreed value per unit (EUR)"),
            "agreed_value_eur",
            Kind.MONEY,
        ),
        Column(pgettext_lazy("export column", "Value (EUR)"), "value_eur", Kind.MONEY),
    ),
    rows=_agreements,
)

REALISATIONS = Dataset(
    slug="realisaties",
    title=pgettext_lazy("export sheet", "Realisations"),
    columns=(
        *_contract_columns("contract__"),
        Column(pgettext_lazy("export column", "Kind"), "kind", choices=RealisationKind),
        Column(pgettext_lazy("export column", "Status"), "status", choices=RealisationStatus),
        Column(pgettext_lazy("export column", "Version"), "version", Kind.INTEGER),
        Column(pgettext_lazy("export column", "Building block"), "block_code"),
        Column(
            pgettext_lazy("export column", "Candidate"),
            "candidate__reference",
            coordinator_only=True,
        ),
        Column(pgettext_lazy("export column", "Target group"), "target_group", choices=TargetGroup),
        Column(pgettext_lazy("export column", "Start"), "start_date", Kind.DATE),
        Column(pgettext_lazy("export column", "End"), "end_date", Kind.DATE),
        Column(pgettext_lazy("export column", "Planned end"), "planned_end_date", Kind.DATE),
        Column(pgettext_lazy("export column", "Date"), "date", Kind.DATE),
        Column(pgettext_lazy("export column", "Hours per week"), "hours_per_week", Kind.NUMBER),
        Column(pgettext_lazy("export column", "Hours"), "hours", Kind.NUMBER),
        Column(pgettext_lazy("export column", "Supplier"), "supplier_name"),
        Column(pgettext_lazy("export column", "Amount excl. VAT (EUR)"), "amount_eur", Kind.MONEY),
        Column(pgettext_lazy("export column", "Value (EUR)"), "value_eur", Kind.MONEY),
        Column(pgettext_lazy("export column", "Forecast value (EUR)"), "forecast_eur", Kind.MONEY),
    ),
    rows=_realisations,
)

DATASETS: dict[str, Dataset] = {d.slug: d for d in (CONTRACTS, AGREEMENTS, REALISATIONS)}


@dataclass(frozen=True)
class Export:
    """An export made ready for one user: its columns, headings and getters resolved in the
    request's language (the CSV is written after the view has returned)."""

    dataset: Dataset
    columns: list[Column]
    headings: list[str]
    rows: QuerySet[Any]
    getters: list[Callable[[Any], Any]]

    def filename(self, fmt: str) -> str:
        return f"sroi-{self.dataset.slug}-{timezone.localdate().isoformat()}.{fmt}"

    def values(self) -> Iterator[list[Any]]:
        """The rows' values, in the columns' order (one query, fetched in chunks)."""
        getters = self.getters
        for row in self.rows.iterator(chunk_size=CHUNK_SIZE):
            yield [get(value) for get, value in zip(getters, row, strict=True)]


def export_prepare(dataset: Dataset, user: Any, portfolio_filter: PortfolioFilter) -> Export:
    """The export of ``dataset`` for ``user`` (a portfolio user: the view checks it) with the
    contracts of the portfolio for ``portfolio_filter``."""
    columns = dataset.columns_for(user)
    contracts = portfolio_contracts(user, portfolio_filter)
    rows: QuerySet[Model] = dataset.rows(contracts, portfolio_filter.sort)
    return Export(
        dataset=dataset,
        columns=columns,
        headings=[str(c.heading) for c in columns],
        rows=rows.values_list(*(c.field for c in columns)),
        getters=[c.getter() for c in columns],
    )


# --- Excel ---------------------------------------------------------------------------------

# Rows written to the sheet at a time.
XLSX_ROWS_PER_WRITE = 500
# A carriage return as a reference: a parser turns a literal one into a line feed.
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def write_xlsx(export: Export, out: IO[bytes]) -> int:
    """Write the export as a workbook of one sheet to ``out`` (a file); returns the rows.

    openpyxl (write-only) makes the workbook: the sheet with its title, column widths, frozen
    heading row and bold headings, and the styles with the number formats. The data rows are
    then streamed into that sheet as SpreadsheetML, ``XLSX_ROWS_PER_WRITE`` at a time, by
    ``_sheet_rows``: openpyxl's own cell writer costs about 25 microseconds a cell here (more
    than 40 s for 100,000 realisations), this about 3 (docs/exports.md). The tests read every
    file back with openpyxl."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(export.dataset.title))
    for index, (column, heading) in enumerate(
        zip(export.columns, export.headings, strict=True), start=1
    ):
        width = 14 if column.kind != Kind.TEXT else 24
        sheet.column_dimensions[get_column_letter(index)].width = max(width, len(heading) + 2)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for heading in export.headings:
        cell = WriteOnlyCell(sheet, value=neutralise_formula(heading))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    # Register each kind's number format in the workbook's styles: its style id.
    style_ids: dict[Kind, str] = {}
    for kind, number_format in EXCEL_FORMATS.items():
        cell = WriteOnlyCell(sheet)
        cell.number_format = number_format
        style_ids[kind] = str(cell.style_id)
    package = io.BytesIO()
    workbook.save(package)

    sheet_path = sheet.path.lstrip("/")
    count = 0
    with (
        zipfile.ZipFile(package) as template,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in template.infolist():
            if info.filename != sheet_path:
                archive.writestr(info, template.read(info))
                continue
            head, tail = template.read(info).split(b"</sheetData>", 1)
            with archive.open(sheet_path, "w") as part:
                part.write(head)
                for piece, rows in _sheet_rows(export, style_ids):
                    part.write(piece)
                    count = rows
                part.write(b"</sheetData>" + tail)
    return count


def _sheet_rows(export: Export, style_ids: dict[Kind, str]) -> Iterator[tuple[bytes, int]]:
    """The data rows as SpreadsheetML (from row 2), in pieces, with the rows written so far.

    Text is an inline string (what XML does not allow removed, ``cell_text``; ``& < >`` and a
    carriage return escaped); a number is a number with its kind's style; a date is its Excel
    serial number with the date style; an empty value is no cell."""
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.datetime import to_excel

    letters = [get_column_letter(i) for i in range(1, len(export.columns) + 1)]
    kinds = [column.kind for column in export.columns]
    pieces: list[str] = []
    row_number = 1
    for values in export.values():
        row_number += 1
        r = str(row_number)
        cells = [f'<row r="{r}">']
        for letter, kind, value in zip(letters, kinds, values, strict=True):
            if value is None:
                continue
            if kind == Kind.TEXT:
                text = cell_text(value).translate(_XML_ESCAPES)
                cells.append(
                    f'<c r="{letter}{r}" t="inlineStr"><is><t xml:space="preserve">{text}'
                    "</t></is></c>"
                )
                continue
            number = to_excel(value) if kind == Kind.DATE else value
            if isinstance(number, float) and number.is_integer():
                number = int(number)
            cells.append(f'<c r="{letter}{r}" s="{style_ids[kind]}"><v>{_number(number)}</v></c>')
        cells.append("</row>")
        pieces.append("".join(cells))
        if len(pieces) >= XLSX_ROWS_PER_WRITE:
            yield "".join(pieces).encode("utf-8", "replace"), row_number - 1
            pieces.clear()
    yield "".join(pieces).encode("utf-8", "replace"), row_number - 1


def _number(value: Any) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(int(value))


# --- CSV ------------------------------------------------------------------------------------


def csv_pieces(export: Export) -> Iterator[bytes]:
    """The CSV file in pieces of about ``CSV_PIECE_CHARS``: a byte-order mark, the headings,
    then one line per row (``sroi.core.spreadsheets.csv_cell``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator=CSV_LINE_END)
    buffer.write(CSV_BOM)
    writer.writerow([neutralise_formula(h) for h in export.headings])
    for values in export.values():
        writer.writerow([csv_cell(v) for v in values])
        if buffer.tell() >= CSV_PIECE_CHARS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
