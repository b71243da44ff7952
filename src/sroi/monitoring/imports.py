"""Importing placements, purchases or activities from a spreadsheet (.xlsx or CSV) and the
template to fill in (one kind per file; ``SPECS`` per kind).

The columns are the fields of ``forms.PlacementForm`` (``PurchaseForm``, ``ActivityForm``)
with its labels as headings, so every
row is validated by the same rules as the entry page (with the contract's rule set and today's
date) and a problem is reported with the heading the user sees. Nothing is stored unless every
row is valid; then ``services.realisations_create(..., source="import")`` stores all rows in
one transaction (and refuses all if a candidate's birth year contradicts a known one).

Reading is guarded:
- the type by content: an .xlsx is a zip holding ``xl/workbook.xml``; a CSV is text (UTF-8
  with or without BOM, else cp1252) with ``;`` or ``,`` between columns; anything else is
  refused;
- an .xlsx is opened only when its zip directory announces at most ``XLSX_UNCOMPRESSED_MAX``
  bytes in all (Python's zipfile never inflates an entry beyond its announced size), read
  with openpyxl ``read_only`` and cached values (a formula counts as its last computed value);
- at most ``IMPORT_ROWS_MAX`` filled rows; empty rows are skipped.
Row numbers are those of the sheet: the headings are row 1.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sroi.core.spreadsheets import csv_cell
from sroi.monitoring import services
from sroi.monitoring.constants import IMPORT_ROWS_MAX, RealisationKind
from sroi.monitoring.forms import (
    ActivityForm,
    PlacementForm,
    PurchaseForm,
    RealisationForm,
    blocks_for,
)
from sroi.monitoring.models import Realisation
from sroi.plans.models import Contract
from sroi.plans.valuation import contract_ruleset_version
from sroi.rules.engine import RuleSet

# An import file holds at most this many bytes (5,000 rows are about 400 kB as .xlsx).
IMPORT_MAX_BYTES = 10 * 1024 * 1024
# The parts of an .xlsx together unpack to at most this many bytes, in at most this many parts.
XLSX_UNCOMPRESSED_MAX = 100 * 1024 * 1024
XLSX_PARTS_MAX = 1000
# A heading row with more columns is refused before its headings are read (the template has 11).
COLUMNS_MAX = 100
# The page lists at most this many problems (the rest are counted).
PROBLEMS_SHOWN_MAX = 200
# The columns, in the template's order: PlacementForm's fields.
COLUMNS: tuple[str, ...] = (
    "candidate_reference",
    "birth_year",
    "target_group",
    "block_code",
    "eligibility_evidence",
    "start_date",
    "end_date",
    "planned_end_date",
    "hours_per_week",
    "employment_type",
    "employer_name",
)
SHEET_DATA = "Plaatsingen"
# Purchases and activities: the fields of PurchaseForm and ActivityForm, in this order.
PURCHASE_COLUMNS: tuple[str, ...] = (
    "block_code",
    "supplier_name",
    "supplier_kvk",
    "invoice_number",
    "date",
    "amount_eur",
)
ACTIVITY_COLUMNS: tuple[str, ...] = (
    "block_code",
    "description",
    "date",
    "hours",
    "employees_count",
)


@dataclass(frozen=True)
class KindSpec:
    """What the import of one kind of realisation reads: its form (the same as the entry
    page's), its columns, the data sheet's name, and the columns that are numbers."""

    kind: str
    form: type[RealisationForm]
    columns: tuple[str, ...]
    sheet: str
    decimals: frozenset[str]
    integers: frozenset[str]
    file_stem: str


SPECS: dict[str, KindSpec] = {
    RealisationKind.PLACEMENT: KindSpec(
        RealisationKind.PLACEMENT,
        PlacementForm,
        COLUMNS,
        SHEET_DATA,
        frozenset({"hours_per_week"}),
        frozenset({"birth_year"}),
        "plaatsingen",
    ),
    RealisationKind.PURCHASE: KindSpec(
        RealisationKind.PURCHASE,
        PurchaseForm,
        PURCHASE_COLUMNS,
        "Inkopen",
        frozenset({"amount_eur"}),
        frozenset(),
        "inkopen",
    ),
    RealisationKind.ACTIVITY: KindSpec(
        RealisationKind.ACTIVITY,
        ActivityForm,
        ACTIVITY_COLUMNS,
        "Activiteiten",
        frozenset({"hours"}),
        frozenset({"employees_count"}),
        "activiteiten",
    ),
}
PLACEMENT = RealisationKind.PLACEMENT
SHEET_HELP = "Toelichting"
SHEET_LISTS = "Lijsten"
TEMPLATE_ROWS = 10_000  # the rows of the template that get the data-validation lists


class ImportRefused(services.MonitoringError):
    """A file that is not read at all (its type, size or shape), with the Dutch message."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="file")


@dataclass(frozen=True)
class Problem:
    row: int  # as in the sheet: the headings are row 1
    column: str  # the heading as the user sees it ("" for the row as a whole)
    message: str


@dataclass(frozen=True)
class ImportResult:
    rows: int
    problems: list[Problem]
    created: list[Realisation]

    @property
    def problems_shown(self) -> list[Problem]:
        return self.problems[:PROBLEMS_SHOWN_MAX]

    @property
    def problems_hidden(self) -> int:
        return max(0, len(self.problems) - PROBLEMS_SHOWN_MAX)


def contract_ruleset(contract: Contract) -> RuleSet | None:
    version = contract_ruleset_version(contract)
    return version.to_engine() if version is not None else None


def _form(
    ruleset: RuleSet | None, data: dict[str, Any] | None = None, kind: str = PLACEMENT
) -> RealisationForm:
    return SPECS[kind].form(data=data, ruleset=ruleset, today=timezone.localdate())


def headings(ruleset: RuleSet | None, kind: str = PLACEMENT) -> dict[str, str]:
    """Field name -> the column heading in the active language (the form's label)."""
    form = _form(ruleset, kind=kind)
    return {name: str(form.fields[name].label) for name in SPECS[kind].columns}


def _choices(field: forms.Field) -> list[tuple[str, str]]:
    """A choice field's (value, label) pairs, optgroups flattened, without the empty one."""
    flat: list[tuple[str, str]] = []
    for value, label in getattr(field, "choices", []):
        if isinstance(label, list | tuple):
            flat.extend((str(v), str(lab)) for v, lab in label)
        elif value:
            flat.append((str(value), str(label)))
    return flat


def choice_lists(
    ruleset: RuleSet | None, kind: str = PLACEMENT
) -> dict[str, list[tuple[str, str]]]:
    """For every choice column: its (code, label) pairs in the active language."""
    form = _form(ruleset, kind=kind)
    return {
        name: _choices(form.fields[name])
        for name in SPECS[kind].columns
        if isinstance(form.fields[name], forms.ChoiceField)
    }


# --- the template --------------------------------------------------------------------------


def _example(ruleset: RuleSet | None, kind: str = PLACEMENT) -> dict[str, Any]:
    lists = choice_lists(ruleset, kind)
    year = timezone.localdate().year

    def first(name: str) -> str:
        return lists[name][0][1] if lists.get(name) else ""

    if kind == RealisationKind.PURCHASE:
        return {
            "block_code": first("block_code"),
            "supplier_name": "Schoonmaak WerkSaam",
            "supplier_kvk": "12345678",
            "invoice_number": "F-001",
            "date": date(year, 1, 15),
            "amount_eur": Decimal("4000.00"),
        }
    if kind == RealisationKind.ACTIVITY:
        return {
            "block_code": first("block_code"),
            "description": "Gastles op het VSO",
            "date": date(year, 1, 15),
            "hours": Decimal("12"),
            "employees_count": 2,
        }
    return {
        "candidate_reference": "K-001",
        "birth_year": 1995,
        "target_group": first("target_group"),
        "block_code": "",
        "eligibility_evidence": first("eligibility_evidence"),
        "start_date": date(year, 1, 1),
        "end_date": None,
        "planned_end_date": date(year, 12, 31),
        "hours_per_week": Decimal("18.5"),
        "employment_type": first("employment_type"),
        "employer_name": "",
    }


def explanations(ruleset: RuleSet | None, kind: str = PLACEMENT) -> list[tuple[str, str, str]]:
    """(heading, required, explanation) for the Toelichting sheet and the page."""
    form = _form(ruleset, kind=kind)
    lists = choice_lists(ruleset, kind)
    rows = []
    for name in SPECS[kind].columns:
        field = form.fields[name]
        parts = [str(field.help_text)] if field.help_text else []
        if name in lists:
            parts.append(
                _("Choose from the list: %(values)s.")
                % {"values": "; ".join(label for _code, label in lists[name])}
            )
        if isinstance(field, forms.DateField):
            parts.append(_("A date, for example 31-12-2026."))
        if name in {"hours_per_week", "hours", "amount_eur"}:
            parts.append(_("A number, for example 36 or 18,5."))
        rows.append(
            (
                str(field.label),
                _("yes") if field.required else _("no"),
                " ".join(parts),
            )
        )
    return rows


def template_xlsx(contract: Contract, kind: str = PLACEMENT) -> bytes:
    """The Excel template: "Plaatsingen" ("Inkopen", "Activiteiten"; headings, one example
    row, lists to choose from) and "Toelichting" (every column explained)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    spec = SPECS[kind]
    columns = spec.columns
    ruleset = contract_ruleset(contract)
    names = headings(ruleset, kind)
    lists = choice_lists(ruleset, kind)
    example = _example(ruleset, kind)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 (a new workbook has its sheet)
    sheet.title = spec.sheet
    sheet.append([names[name] for name in columns])
    sheet.append([example[name] for name in columns])
    sheet.freeze_panes = "A2"
    for index, name in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(14, len(names[name]) + 4)
        if name.endswith("_date") or name == "date":
            for row in range(2, TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "DD-MM-YYYY"

    hidden = workbook.create_sheet(SHEET_LISTS)
    hidden.sheet_state = "hidden"
    for list_index, (name, pairs) in enumerate(lists.items(), start=1):
        letter = get_column_letter(list_index)
        hidden.cell(row=1, column=list_index, value=names[name])
        for row, (_code, label) in enumerate(pairs, start=2):
            hidden.cell(row=row, column=list_index, value=label)
        if not pairs:
            continue
        column = get_column_letter(columns.index(name) + 1)
        validation = DataValidation(
            type="list",
            formula1=f"={SHEET_LISTS}!${letter}$2:${letter}${len(pairs) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=names[name],
            error=_("Choose an item from the list."),
        )
        validation.add(f"{column}2:{column}{TEMPLATE_ROWS + 1}")
        sheet.add_data_validation(validation)

    notes = workbook.create_sheet(SHEET_HELP)
    notes.append([_("Column"), _("Required"), _("Explanation")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for explanation in explanations(ruleset, kind):
        notes.append(list(explanation))
    notes.append([])
    notes.append(
        [
            _(
                "One placement per row; the headings stay in row 1. Replace the example row"
                " (K-001) with your own. Nothing is imported unless every row is correct."
            )
            if kind == PLACEMENT
            else _(
                "One realisation per row; the headings stay in row 1. Replace the example row"
                " with your own. Nothing is imported unless every row is correct."
            )
        ]
    )
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 10
    notes.column_dimensions["C"].width = 100
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_csv(contract: Contract, kind: str = PLACEMENT) -> bytes:
    """The CSV template: ``;``-separated, UTF-8 with BOM (Excel opens it in Dutch)."""
    columns = SPECS[kind].columns
    ruleset = contract_ruleset(contract)
    names = headings(ruleset, kind)
    example = _example(ruleset, kind)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([names[name] for name in columns])
    writer.writerow([csv_cell(example[name]) for name in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- reading a file ------------------------------------------------------------------------


def too_large_error() -> ImportRefused:
    return ImportRefused(
        _("This file is larger than %(limit)s MB. Split it into smaller files.")
        % {"limit": IMPORT_MAX_BYTES // (1024 * 1024)}
    )


def _not_a_spreadsheet() -> ImportRefused:
    return ImportRefused(
        _(
            "This file is not an Excel file (.xlsx) or CSV file. Download the template, fill it"
            " in and upload it."
        )
    )


def _unreadable_cell() -> ImportRefused:
    return ImportRefused(
        _(
            "A cell of this file cannot be read (a damaged number or a cell that is far too"
            " long). Copy the rows into the template and upload that."
        )
    )


def _xlsx_rows(data: bytes, sheet_name: str = SHEET_DATA) -> Iterator[tuple[Any, ...]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _not_a_spreadsheet() from None
    if "xl/workbook.xml" not in {part.filename for part in parts}:
        raise _not_a_spreadsheet()
    if len(parts) > XLSX_PARTS_MAX or sum(part.file_size for part in parts) > (
        XLSX_UNCOMPRESSED_MAX
    ):
        raise ImportRefused(
            _(
                "This Excel file unpacks to more than %(limit)s MB and has not been read. Copy"
                " the rows into the template and upload that."
            )
            % {"limit": XLSX_UNCOMPRESSED_MAX // (1024 * 1024)}
        )
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise _not_a_spreadsheet() from None
    try:
        # the kind's own sheet ("Plaatsingen", "Inkopen", "Activiteiten"), else the first
        sheet = (
            workbook[sheet_name] if sheet_name in workbook.sheetnames else workbook.worksheets[0]
        )
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        while True:
            # openpyxl reads a cell's number as it is written: ValueError on a damaged one.
            try:
                row = next(rows)
            except StopIteration:
                return
            except (ValueError, TypeError, KeyError, OverflowError):
                raise _unreadable_cell() from None
            yield row
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise _not_a_spreadsheet() from None
    if any(ord(char) < 32 and char not in "\t\r\n" for char in text[:65536]):
        raise _not_a_spreadsheet()
    return text


def _csv_rows(data: bytes) -> Iterator[tuple[Any, ...]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # csv.Error on a cell beyond csv.field_size_limit() (131,072 characters)
        for row in reader:
            yield tuple(row)
    except csv.Error:
        raise _unreadable_cell() from None


def read_rows(data: bytes, sheet_name: str = SHEET_DATA) -> Iterator[tuple[Any, ...]]:
    """The rows of an .xlsx (its sheet ``sheet_name`` if it has one, else the first) or CSV
    file (headings first), by content; refuses anything else."""
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_rows(data, sheet_name)
    if data.startswith((b"\xd0\xcf\x11\xe0", b"%PDF", b"MZ", b"\x7fELF", b"\x89PNG", b"\xff\xd8")):
        raise _not_a_spreadsheet()
    return _csv_rows(data)


# --- cells to form data --------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _lookup(ruleset: RuleSet | None, kind: str = PLACEMENT) -> dict[str, dict[str, str]]:
    """For every choice column: its codes and labels (in every language, lower case) -> code.
    The block column also takes the rule set's codes and labels."""
    table: dict[str, dict[str, str]] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for name, pairs in choice_lists(ruleset, kind).items():
                column = table.setdefault(name, {})
                for code, label in pairs:
                    column.setdefault(code.lower(), code)
                    column.setdefault(label.strip().lower(), code)
    for block in blocks_for(ruleset, kind):
        table["block_code"].setdefault(block.code.lower(), block.code)
    return table


def _cell(
    name: str, value: Any, lookup: dict[str, dict[str, str]], spec: KindSpec = SPECS[PLACEMENT]
) -> Any:
    """A cell as the form takes it: text stripped, a choice's label as its code, an Excel
    date as a date, an Excel number as a Decimal or int (never a float)."""
    if isinstance(value, str):
        value = value.strip()
        if name in lookup:
            return lookup[name].get(value.lower(), value)
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            return str(value)
        if not number.is_finite():  # a hand-made file's 1e999: the form refuses the text
            return str(value)
        if name in spec.integers and number == number.to_integral_value():
            return int(number)
        if name in spec.decimals:
            return number
        text = format(number.normalize(), "f") if number.is_finite() else str(value)
        return lookup[name].get(text.lower(), text) if name in lookup else text
    return value


def _columns(
    header: Sequence[Any], names: dict[str, str], kind: str = PLACEMENT
) -> tuple[dict[int, str], list[Problem]]:
    """Column index -> field name, by heading (any language, or the field name); problems
    for unknown and missing required headings (row 1)."""
    columns = SPECS[kind].columns
    known: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            form = _form(None, kind=kind)
            for name in columns:
                known.setdefault(str(form.fields[name].label).strip().lower(), name)
                known.setdefault(name, name)
    found: dict[int, str] = {}
    problems: list[Problem] = []
    for index, heading in enumerate(header):
        if _blank(heading):
            continue
        text = str(heading).strip()
        field_name = known.get(text.lower())
        if field_name is None:
            problems.append(
                Problem(1, text, _("This column is unknown. Use the template's headings."))
            )
        elif field_name in found.values():
            problems.append(Problem(1, text, _("This column appears twice.")))
        else:
            found[index] = field_name
    form = _form(None, kind=kind)
    required = {name for name in columns if form.fields[name].required}
    for name in columns:
        if name in required and name not in found.values():
            problems.append(Problem(1, names[name], _("This column is missing.")))
    return found, problems


class RowValidator:
    """One ``PlacementForm`` that validates row after row: the same fields and clean methods
    as a new form per row, without copying the fields 5,000 times (``Form.__init__``
    deep-copies them) and with the choice lists read once (the target groups are a callable,
    otherwise normalised again for every row)."""

    def __init__(self, ruleset: RuleSet | None, today: date, kind: str = PLACEMENT) -> None:
        self.form = SPECS[kind].form(data={}, ruleset=ruleset, today=today)
        for field in self.form.fields.values():
            if isinstance(field, forms.ChoiceField):
                choices: Any = field.choices
                field.choices = list(choices)

    def validate(self, data: dict[str, Any]) -> RealisationForm:
        form = self.form
        form.data = data
        form.full_clean()
        return form


def import_placements(*, acting_user: Any, contract: Contract, data: bytes) -> ImportResult:
    """``import_realisations`` of placements."""
    return import_realisations(acting_user=acting_user, contract=contract, data=data)


def import_realisations(
    *, acting_user: Any, contract: Contract, data: bytes, kind: str = PLACEMENT
) -> ImportResult:
    """Validate every row of ``data`` with the kind's entry form (``PlacementForm``,
    ``PurchaseForm``, ``ActivityForm``) and, when all are valid, store them. Raises
    ``ImportRefused`` (the file as a whole) or ``MonitoringError`` (the contract); returns the
    problems per row and column (then nothing is stored) or the created rows."""
    spec = SPECS[kind]
    services.require_contractor_of(acting_user, contract)
    services.require_open_for_reporting(contract)
    if len(data) > IMPORT_MAX_BYTES:
        raise too_large_error()
    ruleset = contract_ruleset(contract)
    names = headings(ruleset, kind)
    lookup = _lookup(ruleset, kind)
    today = timezone.localdate()
    rows = read_rows(data, spec.sheet)
    header = next(rows, None)
    if header is None or all(_blank(value) for value in header):
        raise ImportRefused(_("This file is empty: the headings belong in row 1."))
    if len(header) > COLUMNS_MAX:
        raise ImportRefused(
            _("This file has more than %(limit)s columns. Use the template's columns.")
            % {"limit": COLUMNS_MAX}
        )
    columns, problems = _columns(header, names, kind)
    if problems:
        return ImportResult(rows=0, problems=problems, created=[])
    validator = RowValidator(ruleset, today, kind)
    valid: list[tuple[int, dict[str, Any]]] = []
    filled = 0
    for row_number, values in enumerate(rows, start=2):
        if all(_blank(value) for value in values):
            continue
        filled += 1
        if filled > IMPORT_ROWS_MAX:
            raise ImportRefused(
                _("This file has more than %(limit)s rows. Split it into smaller files.")
                % {"limit": f"{IMPORT_ROWS_MAX:,}".replace(",", ".")}
            )
        form_data = {
            columns[index]: _cell(columns[index], value, lookup, spec)
            for index, value in enumerate(values)
            if index in columns and not _blank(value)
        }
        form = validator.validate(form_data)
        if not form.errors:
            valid.append((row_number, form.realisation_data()))
            continue
        for field, errors in form.errors.items():
            column = names.get(field, "")
            problems.extend(Problem(row_number, column, str(error)) for error in errors)
    if not valid and not problems:
        raise ImportRefused(_("This file has no rows below the headings."))
    if problems:
        return ImportResult(rows=len(valid), problems=problems, created=[])
    try:
        created = services.realisations_create(
            acting_user=acting_user,
            contract=contract,
            rows=[row for _number, row in valid],
            source="import",
        )
    except services.RowsError as exc:
        return ImportResult(
            rows=len(valid),
            problems=[
                Problem(valid[index][0], names.get(field, ""), message)
                for index, fields in sorted(exc.errors.items())
                for field, message in fields.items()
            ],
            created=[],
        )
    return ImportResult(rows=len(created), problems=[], created=created)
