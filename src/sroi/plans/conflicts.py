"""Two tabs or two colleagues on one draft: what differs, and the user's choice per field.

A save carries the plan's ``revision`` (a hidden field). When the plan was saved meanwhile,
``services.plan_save_draft`` raises ``PlanConflictError`` and saves nothing. The form then
compares what was typed with what is stored, field by field, both read through the same form
(so "5" and "5,00" are equal):

- no field differs: the save goes through after all (nothing of anyone's is lost);
- otherwise the form is shown again as typed, with, for each field that differs, the stored
  text ("theirs") and the typed text ("yours") and a choice which one to keep
  (``conflict-<key>``: ``mine`` or ``stored``). The lines count as one field ("lines").
  The next save replaces the fields where the user chose the stored text by their stored
  value (``apply_choices``); the user may also merge by editing the field itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _

from sroi.core.formatting import format_decimal_nl
from sroi.plans.forms import LINES_PREFIX, PlanForms
from sroi.plans.models import Plan

CHOICE_PREFIX = "conflict-"
CHOICE_MINE = "mine"
CHOICE_STORED = "stored"
LINES_KEY = "lines"


@dataclass(frozen=True)
class Conflict:
    """One field that differs: its key (``name`` of the field, or "lines"), label, texts."""

    key: str
    label: str
    stored: str
    typed: str

    @property
    def choice_name(self) -> str:
        return f"{CHOICE_PREFIX}{self.key}"

    @property
    def anchor(self) -> str:
        """Where the field is on the form."""
        return "candidates" if self.key == LINES_KEY else f"id_{self.key}"


def stored_form_data(plan: Plan) -> QueryDict:
    """The stored plan as the form would post it (every field of the unbound form)."""
    unbound = PlanForms(contract=plan.contract, plan=plan)
    data = QueryDict(mutable=True)
    parts: list[forms.Form] = [unbound.contract, unbound.plan, unbound.lines.management_form]
    parts += list(unbound.lines.forms)
    for form in parts:
        for bound in form:
            value = bound.value()
            widget = bound.field.widget
            if isinstance(widget, forms.CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
                continue
            formatted = widget.format_value(value)
            if isinstance(formatted, list | tuple):
                data.setlist(bound.html_name, [str(item) for item in formatted if item != ""])
            else:
                data[bound.html_name] = "" if formatted is None else str(formatted)
    return data


def _choice_labels(choices: Iterable[Any]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for value, label in choices:
        if isinstance(label, list | tuple):  # an optgroup
            labels.update(_choice_labels(label))
        else:
            labels[str(value)] = str(label)
    return labels


def display(field: forms.Field, value: Any) -> str:
    """A cleaned value as the user knows it (labels, Dutch numbers, dd-mm-yyyy)."""
    if value in (None, "", [], ()):
        return _("(empty)")
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    if isinstance(field, forms.ChoiceField):
        labels = _choice_labels(cast(Iterable[Any], field.choices))
        values = value if isinstance(value, list | tuple) else [value]
        return ", ".join(labels.get(str(item), str(item)) for item in values)
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, Decimal):
        return format_decimal_nl(value, max(0, -int(value.normalize().as_tuple().exponent)))
    return str(value)


def _lines_text(lines: Sequence[dict[str, Any]], fields: dict[str, forms.Field]) -> str:
    if not lines:
        return _("(no lines)")
    rows = []
    for number, line in enumerate(lines, start=1):
        parts = [
            f"{fields[name].label}: {display(fields[name], value)}"
            for name, value in line.items()
            if name in fields and value not in (None, "", [])
        ]
        rows.append(f"{number}. " + "; ".join(parts))
    return "\n".join(rows)


def find_conflicts(typed: PlanForms, plan: Plan) -> list[Conflict]:
    """The fields where ``typed`` (a bound, cleaned form) differs from the stored ``plan``."""
    stored = PlanForms(stored_form_data(plan), contract=plan.contract, plan=plan)
    stored.full_clean()
    conflicts: list[Conflict] = []
    pairs = (
        (typed.contract, typed.contract_data(), stored.contract_data()),
        (typed.plan, typed.plan_data(), stored.plan_data()),
    )
    for form, mine, theirs in pairs:
        for name, value in mine.items():
            if name not in theirs or theirs[name] == value:
                continue
            field = form.fields[name]
            conflicts.append(
                Conflict(
                    key=name,
                    label=str(field.label or name),
                    stored=display(field, theirs[name]),
                    typed=display(field, value),
                )
            )
    my_lines, their_lines = typed.lines_data(), stored.lines_data()
    if my_lines != their_lines:
        fields = dict(typed.lines.empty_form.fields)
        conflicts.append(
            Conflict(
                key=LINES_KEY,
                label=_("Expected candidates and planned efforts"),
                stored=_lines_text(their_lines, fields),
                typed=_lines_text(my_lines, fields),
            )
        )
    return conflicts


def has_choices(data: QueryDict) -> bool:
    return any(key.startswith(CHOICE_PREFIX) and data.get(key) == CHOICE_STORED for key in data)


def apply_choices(data: QueryDict, plan: Plan) -> QueryDict:
    """``data`` with every field the user chose to take from the stored plan replaced by its
    stored value (``conflict-<key>=stored``); the choices themselves are dropped."""
    stored = stored_form_data(plan)
    result = data.copy()
    for key in list(result):
        if key.startswith(CHOICE_PREFIX):
            del result[key]
    for key in data:
        if not key.startswith(CHOICE_PREFIX) or data.get(key) != CHOICE_STORED:
            continue
        name = key.removeprefix(CHOICE_PREFIX)
        if name == LINES_KEY:
            for line_key in [k for k in result if k.startswith(f"{LINES_PREFIX}-")]:
                del result[line_key]
            for line_key in stored:
                if line_key.startswith(f"{LINES_PREFIX}-"):
                    result.setlist(line_key, stored.getlist(line_key))
        elif name in stored:
            result.setlist(name, stored.getlist(name))
    return result
