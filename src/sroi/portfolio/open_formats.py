"""The open figures as the public page shows them and as CSV and JSON (docs/open-figures.md).

The three outputs read the same ``OpenFigures`` (``sroi.portfolio.open_figures``), so a
suppressed count is suppressed in each: "minder dan 5" (or "niet getoond" for a larger count
hidden by the second rule) on the page, an empty cell with a note in the CSV,
``{"value": null, "suppressed": true, "withheld": ...}`` in the JSON.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sroi.core.formatting import format_eur as euro
from sroi.core.spreadsheets import CSV_DELIMITER, CSV_LINE_END, csv_decimal, neutralise_formula
from sroi.plans.constants import ContractLight, target_group_label
from sroi.portfolio.constants import SUPPRESS_BELOW
from sroi.portfolio.models import Publication
from sroi.portfolio.open_figures import (
    OpenFigures,
    Part,
    People,
    Scope,
    effort_kind_label,
)
from sroi.portfolio.svg_charts import Series, bar_chart

JSON_FORMAT = "sroi-open-figures"
JSON_VERSION = 1
CENT = Decimal("0.01")
CHART_COLOUR = "#00663d"  # the page's chart (7:1 on white)

# The CSV's columns: fixed Dutch names (a data format, not translated), documented.
CSV_COLUMNS = (
    "jaar",
    "onderdeel",
    "code",
    "omschrijving",
    "contracten",
    "verplichting_eur",
    "afgesproken_eur",
    "gerealiseerd_eur",
    "personen",
    "opmerking",
)
CSV_TOTAL = "totaal"
CSV_NO_YEAR = "zonder startdatum"
CSV_SUPPRESSED_NOTE = f"minder dan {SUPPRESS_BELOW} personen: niet getoond"
CSV_WITHHELD_NOTE = "niet getoond, zodat een verborgen klein aantal niet uit te rekenen is"


def _amount(value: Decimal) -> str:
    return f"{value.quantize(CENT):f}"


def _target_group(code: str) -> str:
    return target_group_label(code) if code else _("No target group")


def _json_people(people: People) -> dict[str, Any]:
    return {
        "value": people.value,
        "suppressed": people.suppressed,
        "withheld": people.suppressed and people.withheld,
    }


def _json_parts(parts: list[Part], label: Any) -> list[dict[str, Any]]:
    return [
        {
            "code": part.code,
            "label": label(part.code),
            "agreed_eur": _amount(part.agreed_eur),
            "realised_eur": _amount(part.realised_eur),
            "people": _json_people(part.people),
        }
        for part in parts
    ]


def _json_scope(scope: Scope) -> dict[str, Any]:
    return {
        "contracts": scope.contracts,
        "obligation_eur": _amount(scope.obligation_eur),
        "agreed_eur": _amount(scope.agreed_eur),
        "realised_eur": _amount(scope.realised_eur),
        "people": _json_people(scope.people),
        "lights": [
            {"code": light.value, "label": str(light.label), "contracts": scope.lights[light]}
            for light in ContractLight
        ],
        "target_groups": _json_parts(scope.target_groups, _target_group),
        "effort_kinds": _json_parts(scope.effort_kinds, effort_kind_label),
    }


def figures_json(publication: Publication, figures: OpenFigures) -> dict[str, Any]:
    """The JSON document (keys stable; the structure is in docs/open-figures.md)."""
    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "buyer": publication.buyer.name,
        "address": publication.slug,
        "published_at": publication.published_at.isoformat() if publication.published_at else None,
        "computed_at": figures.computed_at.isoformat(),
        "currency": "EUR",
        "suppressed_below": SUPPRESS_BELOW,
        "total": _json_scope(figures.total),
        "years": [{"year": scope.year, **_json_scope(scope)} for scope in figures.years],
    }


def _csv_amount(value: Decimal) -> str:
    return csv_decimal(value.quantize(CENT))


def _csv_cell(value: object) -> str:
    return neutralise_formula(str(value))


def _csv_people(people: People) -> tuple[str, str]:
    if not people.suppressed:
        return (str(people.value), "")
    return ("", CSV_WITHHELD_NOTE if people.withheld else CSV_SUPPRESSED_NOTE)


def _csv_rows(label: str, scope: Scope) -> list[list[str]]:
    people, note = _csv_people(scope.people)
    rows = [
        [
            label,
            "totaal",
            "",
            "",
            str(scope.contracts),
            _csv_amount(scope.obligation_eur),
            _csv_amount(scope.agreed_eur),
            _csv_amount(scope.realised_eur),
            people,
            note,
        ]
    ]
    for light in ContractLight:
        rows.append(
            [label, "stoplicht", light.value, str(light.label), str(scope.lights[light])] + [""] * 5
        )
    for part_name, parts, name in (
        ("doelgroep", scope.target_groups, _target_group),
        ("soort inzet", scope.effort_kinds, effort_kind_label),
    ):
        for part in parts:
            people, note = _csv_people(part.people)
            rows.append(
                [
                    label,
                    part_name,
                    part.code,
                    name(part.code),
                    "",
                    "",
                    _csv_amount(part.agreed_eur),
                    _csv_amount(part.realised_eur),
                    people,
                    note,
                ]
            )
    return rows


def figures_csv(figures: OpenFigures) -> str:
    """The CSV text: ``;``-separated, decimal comma, one row per figure (docs/open-figures.md).
    The view adds the UTF-8 byte order mark so Dutch Excel reads it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator=CSV_LINE_END)
    writer.writerow(CSV_COLUMNS)
    rows = _csv_rows(CSV_TOTAL, figures.total)
    for scope in figures.years:
        rows += _csv_rows(str(scope.year) if scope.year is not None else CSV_NO_YEAR, scope)
    writer.writerows([[_csv_cell(cell) for cell in row] for row in rows])
    return out.getvalue()


@dataclass(frozen=True)
class Row:
    """A labelled row of the public page."""

    label: str
    agreed_eur: Decimal
    realised_eur: Decimal
    people: People


def page_context(figures: OpenFigures) -> dict[str, Any]:
    """What the public page's template shows (labels in the request's language)."""
    total = figures.total
    chart = bar_chart(
        [
            (label, [(value, euro(value))])
            for label, value in (
                (_("Obligation"), total.obligation_eur),
                (pgettext("open figures", "Agreed"), total.agreed_eur),
                (pgettext("open figures", "Realised"), total.realised_eur),
            )
        ],
        [Series("amount", _("Amount"), CHART_COLOUR)],
    )
    return {
        "figures": figures,
        "total": total,
        "years": figures.years,
        "lights": [(light.label, total.lights[light]) for light in ContractLight],
        "target_groups": [
            Row(_target_group(p.code), p.agreed_eur, p.realised_eur, p.people)
            for p in total.target_groups
        ],
        "effort_kinds": [
            Row(effort_kind_label(p.code), p.agreed_eur, p.realised_eur, p.people)
            for p in total.effort_kinds
        ],
        "chart": chart,
        "suppress_below": SUPPRESS_BELOW,
    }
