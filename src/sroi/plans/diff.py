"""What changed between two submitted versions of a plan, read from their snapshots.

The review page shows the version under review beside the previous one, one table per
section of the form (``CommentSection``), so a coordinator's comment sits with the table it
is about. Every value is compared as the reader sees it (formatted in Dutch notation by
``sroi.plans.pdf.plan_pdf_data`` or here), so a change that does not show is no change.

Lines are matched by their stable id (snapshot schema 2, ``SnapshotLine.id``): a line of the
new version whose id the old one lacks is ``added``, the reverse is ``removed``, a line in
both with any field different is ``changed``. A schema-1 snapshot has no line ids; its lines
are matched by position instead.

Each change carries a text label (``CHANGE_LABELS``), never only a colour.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sroi.core.formatting import format_decimal_nl, format_eur
from sroi.plans.constants import CommentSection, target_group_label
from sroi.plans.pdf import CheckItem, PlanPdf, plan_pdf_data

UNCHANGED = "unchanged"
CHANGED = "changed"
ADDED = "added"
REMOVED = "removed"

CHANGE_LABELS = {
    UNCHANGED: pgettext_lazy("review change", "unchanged"),
    CHANGED: pgettext_lazy("review change", "changed"),
    ADDED: pgettext_lazy("review change", "new"),
    REMOVED: pgettext_lazy("review change", "removed"),
}


@dataclass(frozen=True)
class FieldRow:
    label: str
    old: str
    new: str
    change: str

    @property
    def change_label(self) -> str:
        return str(CHANGE_LABELS[self.change])


@dataclass(frozen=True)
class LineValue:
    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(frozen=True)
class LineRow:
    key: str  # the line's id (or "p<position>" for a schema-1 snapshot)
    title: str
    change: str
    values: tuple[LineValue, ...]

    @property
    def change_label(self) -> str:
        return str(CHANGE_LABELS[self.change])


@dataclass(frozen=True)
class SectionDiff:
    section: str  # a CommentSection value
    title: str
    rows: tuple[FieldRow, ...] = ()
    lines: tuple[LineRow, ...] = ()

    @property
    def changed(self) -> bool:
        return any(row.change != UNCHANGED for row in self.rows) or any(
            line.change != UNCHANGED for line in self.lines
        )


@dataclass(frozen=True)
class VersionDiff:
    number: int | None
    previous_number: int | None
    sections: tuple[SectionDiff, ...]
    valuation: tuple[FieldRow, ...]

    @property
    def changed_sections(self) -> tuple[str, ...]:
        return tuple(section.title for section in self.sections if section.changed)


def _checked(items: tuple[CheckItem, ...]) -> str:
    labels: list[str] = []
    for item in items:
        if item.children:
            labels.extend(child.label for child in item.children if child.checked)
        elif item.checked:
            labels.append(item.label)
    return "; ".join(labels)


def _day(value: Any) -> str:
    return f"{value:%d-%m-%Y}" if value is not None else ""


def _row(label: str, old: str | None, new: str) -> FieldRow:
    if old is None:  # the first version: nothing to compare with
        return FieldRow(label, "", new, UNCHANGED)
    return FieldRow(label, old, new, UNCHANGED if old == new else CHANGED)


def _field_sections(new: PlanPdf, old: PlanPdf | None) -> dict[str, list[FieldRow]]:
    def rows(*specs: tuple[Any, Any]) -> list[FieldRow]:
        result = []
        for label, getter in specs:
            result.append(_row(str(label), getter(old) if old is not None else None, getter(new)))
        return result

    return {
        CommentSection.CONTRACT: rows(
            (_("Contract name"), lambda p: p.contract_name),
            (_("Buyer"), lambda p: p.buyer),
            (_("(Estimated) contract value"), lambda p: p.contract_value),
            (_("Start date"), lambda p: _day(p.start_date)),
            (_("End date"), lambda p: _day(p.end_date)),
            (_("Extension options"), lambda p: p.extension_options),
            (_("Social Return (SROI) %"), lambda p: p.sroi_percentage),
        ),
        CommentSection.COMPANY: rows(
            (_("Company name"), lambda p: p.company_name),
            (_("KvK number"), lambda p: p.kvk_number),
            (_("Address"), lambda p: p.address),
            (_("Contact person"), lambda p: p.contact),
            (_("E-mail"), lambda p: p.email),
            (_("Telephone number"), lambda p: p.phone),
        ),
        CommentSection.EFFORT: rows(
            (_("Kind of effort"), lambda p: _checked(p.effort_kinds)),
            (_("Target groups"), lambda p: _checked(p.target_groups)),
            (
                _("Expected candidates"),
                lambda p: "; ".join(f"{label}: {count}" for label, count in p.candidates),
            ),
        ),
        CommentSection.EXPLANATION: rows(
            (_("Kind of work the candidates will do"), lambda p: p.work_description),
            (
                _("Explanation of social procurement and/or social added value"),
                lambda p: p.social_explanation,
            ),
        ),
        CommentSection.PSO: rows(
            (_("Social Enterprise Performance Ladder (PSO)"), lambda p: p.pso),
        ),
        CommentSection.OTHER: rows((_("Additional information"), lambda p: p.additional_info)),
    }


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _number(value: Any) -> str:
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    exponent = number.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_decimal_nl(number, places)


def _amount(value: Any) -> str:
    if value in (None, ""):
        return ""
    try:
        return format_eur(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


def _iso_day(value: Any) -> str:
    text = _text(value)
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}-{text[5:7]}-{text[0:4]}"
    return text


def _line_values(snapshot: Mapping[str, Any]) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """``{key: (title, [(label, value)])}`` for every line of a snapshot, in order."""
    plan = _mapping(snapshot.get("plan"))
    ruleset = _mapping(snapshot.get("ruleset"))
    blocks = _mapping(ruleset.get("blocks"))
    bonuses = _mapping(ruleset.get("bonuses"))
    valued = {
        line.get("index"): line
        for line in (
            _mapping(raw) for raw in _mapping(snapshot.get("valuation")).get("lines") or ()
        )
    }
    result: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for position, raw in enumerate(plan.get("lines") or ()):
        line = _mapping(raw)
        key = str(line["id"]) if line.get("id") is not None else f"p{position}"
        group = _text(line.get("target_group"))
        block = _text(line.get("block_code"))
        title = target_group_label(group) if group else _text(blocks.get(block)) or block or "—"
        value = _mapping(valued.get(line.get("valuation_index")))
        result[key] = (
            title,
            [
                (str(_("Target group")), target_group_label(group) if group else ""),
                (str(_("Building block")), _text(blocks.get(block)) or block),
                (str(_("Number of candidates")), _text(line.get("count"))),
                (str(_("Hours per week")), _number(line.get("hours_per_week"))),
                (str(_("Start date")), _iso_day(line.get("start_date"))),
                (str(_("End date")), _iso_day(line.get("end_date"))),
                (
                    str(_("Bonuses")),
                    "; ".join(
                        _text(bonuses.get(code)) or str(code) for code in line.get("bonuses") or ()
                    ),
                ),
                (str(_("Number of hours")), _number(line.get("hours"))),
                (str(_("Amount in euros (excl. VAT)")), _amount(line.get("amount_eur"))),
                (str(_("Description")), _text(line.get("description"))),
                (str(_("Value")), _amount(value.get("value_eur")) if value else ""),
            ],
        )
    return result


def _line_rows(new: Mapping[str, Any], old: Mapping[str, Any] | None) -> tuple[LineRow, ...]:
    new_lines = _line_values(new)
    old_lines = _line_values(old) if old is not None else {}
    rows: list[LineRow] = []
    for key, (title, values) in new_lines.items():
        if key in old_lines:
            old_values = dict(old_lines[key][1])
            paired = tuple(LineValue(label, old_values.get(label, ""), v) for label, v in values)
            change = CHANGED if any(value.changed for value in paired) else UNCHANGED
        else:
            paired = tuple(LineValue(label, "", v) for label, v in values)
            change = ADDED if old is not None else UNCHANGED
        rows.append(LineRow(key, title, change, tuple(v for v in paired if v.old or v.new)))
    for key, (title, values) in old_lines.items():
        if key not in new_lines:
            paired = tuple(LineValue(label, v, "") for label, v in values if v)
            rows.append(LineRow(key, title, REMOVED, paired))
    return tuple(rows)


def _valuation_rows(new: PlanPdf, old: PlanPdf | None) -> tuple[FieldRow, ...]:
    def pick(pdf: PlanPdf | None, name: str) -> str | None:
        if pdf is None:
            return None
        return str(getattr(pdf.appendix, name)) if pdf.appendix is not None else ""

    specs = (
        (_("Social Return obligation"), "obligation"),
        (_("PSO discount"), "pso_discount"),
        (_("Obligation after PSO discount"), "obligation_net"),
        (_("Value of the plan"), "total"),
        (_("Still to fill"), "remaining"),
        (_("Coverage"), "fulfilment"),
    )
    return tuple(_row(str(label), pick(old, name), pick(new, name) or "") for label, name in specs)


def version_diff(snapshot: Mapping[str, Any], previous: Mapping[str, Any] | None) -> VersionDiff:
    """The sections of ``snapshot`` beside ``previous`` (None: the first version, which has
    nothing to compare with: every row is ``unchanged``)."""
    new = plan_pdf_data(snapshot)
    old = plan_pdf_data(previous) if previous is not None else None
    fields = _field_sections(new, old)
    sections = []
    for code, label in CommentSection.choices:
        if code == CommentSection.LINES:
            sections.append(SectionDiff(code, str(label), lines=_line_rows(snapshot, previous)))
        else:
            sections.append(SectionDiff(code, str(label), rows=tuple(fields.get(code, ()))))
    return VersionDiff(
        number=new.version,
        previous_number=old.version if old is not None else None,
        sections=tuple(sections),
        valuation=_valuation_rows(new, old),
    )
