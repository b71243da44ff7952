"""The council report's files, rendered once from the snapshot (``council_figures``) and
stored on the report: a PDF (``sroi.core.pdf``: WeasyPrint, system fonts, no URL is ever
fetched) with the project's one SVG bar chart (``svg_charts``), and an Excel workbook
(openpyxl) with the same figures, money as numbers (``#,##0.00``). A small count of people is
the text "fewer than 5" in both.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext, pgettext

from sroi.core.formatting import format_eur
from sroi.core.pdf import html_to_pdf
from sroi.core.spreadsheets import cell_text
from sroi.plans.constants import ContractLight
from sroi.portfolio.constants import SUPPRESS_BELOW
from sroi.portfolio.council_figures import CouncilFigures, PeopleCount
from sroi.portfolio.svg_charts import Series, bar_chart, render_bar_chart

MONEY_FORMAT = "#,##0.00"


# --- charts --------------------------------------------------------------------------------


MONEY_COLOUR = "#154273"
PEOPLE_COLOUR = "#007bc7"


def _chart(
    key: str, rows: list[tuple[str, Decimal, str]], *, colour: str, title: str, desc: str
) -> SafeString:
    """One chart of the PDF: the project's one bar chart (``svg_charts``), one bar per row."""
    chart = bar_chart(
        [(label, [(value, text)]) for label, value, text in rows],
        [Series(key, title, colour)],
    )
    return render_bar_chart(chart, chart_id=f"council-{key}", title=title, desc=desc)


LIGHTS_COLOUR = "#4a4f57"


def people_text(people: PeopleCount) -> str:
    """How a public document shows a count of people."""
    if people.small:
        return gettext("fewer than %(limit)s") % {"limit": SUPPRESS_BELOW}
    if people.withheld or people.number is None:
        return pgettext("council report", "not shown")
    return str(people.number)


def _light_rows(snapshot: CouncilFigures) -> list[tuple[str, str, int]]:
    c = snapshot.contracts
    counts = {
        ContractLight.ON_TRACK: c.on_track,
        ContractLight.AT_RISK: c.at_risk,
        ContractLight.BEHIND: c.behind,
        ContractLight.CLOSED: c.closed,
    }
    return [(light.value, capfirst(str(light.label)), counts[light]) for light in ContractLight]


def _money_rows(snapshot: CouncilFigures) -> list[tuple[str, Decimal]]:
    m = snapshot.money
    return [
        (pgettext("council report", "Obligation"), m.obligation_eur),
        (pgettext("council report", "Agreed"), m.agreed_eur),
        (pgettext("council report", "Realised (approved)"), m.realised_eur),
        (pgettext("council report", "Awaiting verification"), m.pending_eur),
        (pgettext("council report", "Forecast at the end"), m.forecast_eur),
    ]


def council_pdf_context(snapshot: CouncilFigures) -> dict[str, Any]:
    money = _money_rows(snapshot)
    lights = _light_rows(snapshot)
    table_note = pgettext("council report", "The table above holds the same figures.")
    return {
        "figures": snapshot,
        "generated_at": timezone.localtime(snapshot.generated_at),
        "money": [(label, format_eur(value)) for label, value in money],
        "lights": lights,
        "people_total": people_text(snapshot.people_total),
        "target_groups": [
            (row, format_eur(row.agreed_eur), format_eur(row.realised_eur), people_text(row.people))
            for row in snapshot.target_groups
        ],
        "effort_kinds": [
            (row, format_eur(row.agreed_eur), format_eur(row.realised_eur))
            for row in snapshot.effort_kinds
        ],
        "suppress_below": SUPPRESS_BELOW,
        "money_chart": _chart(
            "money",
            [(label, value, format_eur(value)) for label, value in money if value >= 0],
            colour=MONEY_COLOUR,
            title=pgettext("council report", "Obligation, agreed, realised and forecast"),
            desc=table_note,
        ),
        "lights_chart": _chart(
            "lights",
            [(label, Decimal(count), str(count)) for _key, label, count in lights],
            colour=LIGHTS_COLOUR,
            title=pgettext("council report", "Contracts by status"),
            desc=table_note,
        ),
        "people_chart": _chart(
            "people",
            [
                (row.label, Decimal(row.people.number), str(row.people.number))
                for row in snapshot.target_groups
                if row.people.number
            ],
            colour=PEOPLE_COLOUR,
            title=pgettext("council report", "People placed per target group"),
            desc=table_note,
        ),
    }


def render_council_pdf(snapshot: CouncilFigures, *, language: str = "nl") -> bytes:
    with translation.override(language):
        html = render_to_string(
            "portfolio/council_report_pdf.html",
            {**council_pdf_context(snapshot), "language_code": language},
        )
    return html_to_pdf(html)


# --- Excel ---------------------------------------------------------------------------------


def render_council_xlsx(snapshot: CouncilFigures, *, language: str = "nl") -> bytes:
    """The same figures as the PDF in four sheets; money cells are numbers (``#,##0.00``).
    Names lose what a cell cannot hold (``core.spreadsheets.cell_text``): openpyxl refuses a
    control character and writes U+FFFF into a file no one can open."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    with translation.override(language):
        book = Workbook()
        summary = book.active
        assert summary is not None  # noqa: S101 (a new workbook has a sheet)
        summary.title = pgettext("council report", "Summary")
        summary.append([gettext("Council report"), cell_text(snapshot.buyer_name)])
        summary.append([pgettext("council report", "Year"), snapshot.year])
        summary.append(
            [
                pgettext("council report", "Generated on"),
                timezone.localtime(snapshot.generated_at).strftime("%d-%m-%Y %H:%M"),
            ]
        )
        summary.append([])
        for label, value in _money_rows(snapshot):
            summary.append([label, value])
            summary.cell(row=summary.max_row, column=2).number_format = MONEY_FORMAT
        summary.append([])
        summary.append([pgettext("council report", "Contracts"), snapshot.contracts.total])
        for _key, label, count in _light_rows(snapshot):
            summary.append([label, count])
        summary.append([pgettext("council report", "Fulfilled"), snapshot.contracts.fulfilled])
        summary.append(
            [pgettext("council report", "Not fulfilled"), snapshot.contracts.not_fulfilled]
        )
        summary.append([])
        summary.append(
            [pgettext("council report", "People placed"), _people_cell(snapshot.people_total)]
        )
        summary.column_dimensions["A"].width = 36
        summary.column_dimensions["B"].width = 22

        groups = book.create_sheet(pgettext("council report", "Target groups"))
        groups.append(
            [
                pgettext("council report", "Target group"),
                pgettext("council report", "Agreed"),
                pgettext("council report", "Realised (approved)"),
                pgettext("council report", "People placed"),
            ]
        )
        for row in snapshot.target_groups:
            groups.append(
                [cell_text(row.label), row.agreed_eur, row.realised_eur, _people_cell(row.people)]
            )
        _money_columns(groups, "B", "C")

        kinds = book.create_sheet(pgettext("council report", "Kinds of effort"))
        kinds.append(
            [
                pgettext("council report", "Kind of effort"),
                pgettext("council report", "Agreed"),
                pgettext("council report", "Realised (approved)"),
            ]
        )
        for kind in snapshot.effort_kinds:
            kinds.append([cell_text(kind.label), kind.agreed_eur, kind.realised_eur])
        _money_columns(kinds, "B", "C")

        rulesets = book.create_sheet(pgettext("council report", "Rule sets"))
        rulesets.append(
            [
                pgettext("council report", "Rule set"),
                pgettext("council report", "Version"),
                pgettext("council report", "Name"),
                pgettext("council report", "Contracts"),
            ]
        )
        for use in snapshot.rulesets:
            rulesets.append(
                [
                    cell_text(use.code) or pgettext("council report", "none yet"),
                    cell_text(use.version),
                    cell_text(use.name),
                    use.contracts,
                ]
            )
        for sheet in (groups, kinds, rulesets):
            for cell in sheet[1]:
                cell.font = bold
            sheet.column_dimensions["A"].width = 40
        _no_formulas(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _no_formulas(book: Any) -> None:
    """Every text stays text: a name like ``=HYPERLINK(...)`` is never a formula (openpyxl
    makes one of any string that starts with "=")."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def _people_cell(people: PeopleCount) -> int | str:
    return people.number if people.number is not None else people_text(people)


def _money_columns(sheet: Any, *columns: str) -> None:
    for column in columns:
        sheet.column_dimensions[column].width = 20
        for cell in sheet[column][1:]:
            cell.number_format = MONEY_FORMAT


def council_filename(buyer_name: str, year: int, extension: str) -> str:
    """``("Gemeente Hoorn", 2026, "pdf")`` -> ``raadsrapportage-gemeente-hoorn-2026.pdf``."""
    slug = slugify(buyer_name)[:80].strip("-")
    parts = ["raadsrapportage", slug, str(year)] if slug else ["raadsrapportage", str(year)]
    return "-".join(parts) + "." + extension
