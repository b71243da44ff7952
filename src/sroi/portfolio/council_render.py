"""The council report's files, rendered once from the snapshot (``council_figures``) and
stored on the report: a PDF (WeasyPrint, like ``sroi.plans.pdf``: system fonts, no URL is ever
fetched) with charts drawn here as SVG, and an Excel workbook (openpyxl) with the same figures,
money as numbers (``#,##0.00``). A small count of people is the text "fewer than 5" in both.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext, pgettext

from sroi.core.formatting import format_eur
from sroi.core.spreadsheets import cell_text
from sroi.plans.constants import ContractLight
from sroi.portfolio.constants import SUPPRESS_BELOW
from sroi.portfolio.council_figures import CouncilFigures, PeopleCount

MONEY_FORMAT = "#,##0.00"
LABEL_MAX_LENGTH = 50


# --- charts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    text: str
    colour: str = "#154273"


def bar_chart_svg(bars: list[Bar], *, title: str, width: int = 640) -> SafeString:
    """A horizontal bar chart as inline SVG (every label and text escaped); bars scale to the
    largest value. No bars: an empty string."""
    if not bars:
        return mark_safe("")
    row, label_width, text_width = 22, 270, 140
    plot = width - label_width - text_width
    largest = max((bar.value for bar in bars), default=Decimal(0))
    height = row * len(bars) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for index, bar in enumerate(bars):
        y = 4 + index * row
        length = int(plot * bar.value / largest) if largest > 0 and bar.value > 0 else 0
        label = (
            bar.label
            if len(bar.label) <= LABEL_MAX_LENGTH
            else bar.label[: LABEL_MAX_LENGTH - 1] + "…"
        )
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="9">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{max(length, 1)}" height="15" '
            f'fill="{escape(bar.colour)}"/>'
            f'<text x="{label_width + length + 6}" y="{y + 15}" font-size="9">'
            f"{escape(bar.text)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (built above, every text escaped)


LIGHT_COLOURS = {
    "on_track": "#39870c",
    "at_risk": "#e17000",
    "behind": "#d52b1e",
    "closed": "#696969",
}


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
    people_bars = [
        Bar(row.label, Decimal(row.people.number), str(row.people.number), "#007bc7")
        for row in snapshot.target_groups
        if row.people.number
    ]
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
        "money_chart": bar_chart_svg(
            [Bar(label, value, format_eur(value)) for label, value in money if value >= 0],
            title=pgettext("council report", "Obligation, agreed, realised and forecast"),
        ),
        "lights_chart": bar_chart_svg(
            [
                Bar(label, Decimal(count), str(count), LIGHT_COLOURS[key])
                for key, label, count in lights
            ],
            title=pgettext("council report", "Contracts by status"),
        ),
        "people_chart": bar_chart_svg(
            people_bars,
            title=pgettext("council report", "People placed per target group"),
        ),
    }


def _refuse_url(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
    """WeasyPrint's URL fetcher: a PDF of record never loads anything from anywhere."""
    raise ValueError(f"PDF rendering does not fetch URLs ({url[:40]})")


def render_council_pdf(snapshot: CouncilFigures, *, language: str = "nl") -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is made

    with translation.override(language):
        html = render_to_string(
            "portfolio/council_report_pdf.html",
            {**council_pdf_context(snapshot), "language_code": language},
        )
    pdf = HTML(string=html, url_fetcher=_refuse_url).write_pdf()
    assert isinstance(pdf, bytes)  # noqa: S101 (write_pdf without a target returns bytes)
    return pdf


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
