"""Two tabs or two colleagues on one draft: what differs, and the user's choice per field.

A save carries the plan's ``revision`` and ``base`` (hidden fields; ``base`` holds a short
fingerprint of every field as the form showed it). When the plan was saved meanwhile,
``services.plan_save_draft`` raises ``PlanConflictError`` and saves nothing. The form then
compares, field by field, what was typed, what is stored and what the form started from,
all read through the same form (so "5" and "5,00" are equal) (``compare``):

- a field only the other side changed keeps the stored value; a field only this user
  changed is saved as typed; when no field was changed by both, the save goes through on
  the stored revision (a merge: nothing of anyone's is lost);
- a field both changed (or whose start is unknown) is a conflict: the form is shown again as
  typed, with the stored text ("theirs") and the typed text ("yours") and a choice which one
  to keep (``conflict-<key>``: ``mine`` or ``stored``). The lines count as one field
  ("lines"). The next save replaces the fields where the user chose the stored text by their
  stored value (``apply_choices``); the user may also merge by editing the field itself.

The autosave never merges: it gets a 409 (its page still shows the old values of the fields
changed elsewhere, which a later autosave would otherwise write back).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import Model
from django.http import QueryDict
from django.utils.translation import gettext as _

from sroi.core.formatting import format_decimal_nl
from sroi.plans.forms import LINES_PREFIX, PlanForms
from sroi.plans.models import Plan
from sroi.rules.engine import RuleSet

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


def stored_form_data(plan: Plan, unbound: PlanForms | None = None) -> QueryDict:
    """The stored plan as the form would post it (every field of the unbound form).
    ``unbound``: that form, when the caller has already built it (``PlanForms(contract=...,
    plan=plan)``, nothing added), so that it is not built twice."""
    if unbound is None:
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


def _values(forms: PlanForms) -> dict[str, Any]:
    """Every savable value of a bound, cleaned form: contract and plan fields, and the lines."""
    values: dict[str, Any] = {**forms.contract_data(), **forms.plan_data()}
    values[LINES_KEY] = forms.lines_data()
    return values


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in sorted(value.items())}
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, date):
        return value.isoformat()
    return value


def _fingerprint(value: Any) -> str:
    text = json.dumps(_plain(value), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _stored_forms(plan: Plan, unbound: PlanForms | None = None) -> PlanForms:
    stored = PlanForms(stored_form_data(plan, unbound), contract=plan.contract, plan=plan)
    stored.full_clean()
    return stored


# ``base_of`` per process, under everything it is computed from (``_base_key``): the edit
# page shows the same stored plan many times between two saves.
_BASES: dict[tuple[Any, ...], tuple[RuleSet | None, str]] = {}
_BASES_MAX = 1024


def _columns(instance: Model) -> tuple[Any, ...]:
    return tuple(
        tuple(value) if isinstance(value, list) else value
        for value in (getattr(instance, f.attname) for f in instance._meta.concrete_fields)
    )


def _base_key(plan: Plan, unbound: PlanForms) -> tuple[Any, ...]:
    """Every input of ``base_of``: the plan's, the contract's and each line's columns (so a
    change anywhere, also one made without the services, gives a new key) and the rule set
    the form offers (kept per process per version and change: a new parse, a new object)."""
    return (
        _columns(plan),
        _columns(plan.contract),
        tuple(_columns(line) for line in plan.lines.all()),
        id(unbound.ruleset),
    )


def stored_plan_key(plan: Plan, unbound: PlanForms) -> tuple[Any, ...]:
    """Every column the unbound form ``unbound`` of the stored ``plan`` is made of (the
    plan's, the contract's, each line's) and the id of the rule set it offers; compare that
    rule set by identity too (``unbound.ruleset``), as ``base_of`` does."""
    return _base_key(plan, unbound)


def base_of(plan: Plan, unbound: PlanForms | None = None) -> str:
    """The hidden ``base`` field of a form showing the stored ``plan``: a short fingerprint of
    each field's value, so a later save can tell which fields its user changed.
    ``unbound``: the unbound form of the stored plan, if already built (``stored_form_data``);
    then the fingerprint this process computed before from the same inputs is reused."""
    key = _base_key(plan, unbound) if unbound is not None else None
    if key is not None:
        kept = _BASES.get(key)
        if kept is not None and kept[0] is unbound.ruleset:  # type: ignore[union-attr]
            return kept[1]
    values = _values(_stored_forms(plan, unbound))
    base = ";".join(f"{key}={_fingerprint(value)}" for key, value in sorted(values.items()))
    if key is not None:
        if len(_BASES) >= _BASES_MAX:
            _BASES.clear()
        _BASES[key] = (unbound.ruleset, base)  # type: ignore[union-attr]
    return base


def parse_base(text: str | None) -> dict[str, str]:
    base: dict[str, str] = {}
    for part in (text or "").split(";")[:200]:
        key, sep, value = part.partition("=")
        if sep:
            base[key[:100]] = value[:64]
    return base


@dataclass(frozen=True)
class Comparison:
    """What differs between a save based on an older revision and the stored plan.

    ``conflicts``: fields both sides changed (or whose base is unknown) to different values;
    ``theirs``: fields only the other side changed (the stored value is taken over);
    ``mine``: fields only this user changed (the typed value is saved).
    """

    conflicts: list[Conflict]
    theirs: list[str]
    mine: list[str]


def compare(typed: PlanForms, plan: Plan, base: dict[str, str]) -> Comparison:
    """Compare ``typed`` (a bound, cleaned form) with the stored ``plan``, field by field,
    with ``base`` (``parse_base``) telling what the typing user started from."""
    stored = _stored_forms(plan)
    mine_values, their_values = _values(typed), _values(stored)
    found: list[Conflict] = []
    theirs: list[str] = []
    mine: list[str] = []
    for key, value in mine_values.items():
        if key not in their_values or their_values[key] == value:
            continue
        started = base.get(key)
        if started is not None and started == _fingerprint(value):
            theirs.append(key)
        elif started is not None and started == _fingerprint(their_values[key]):
            mine.append(key)
        else:
            found.append(_conflict(typed, key, their_values[key], value))
    return Comparison(conflicts=found, theirs=theirs, mine=mine)


def _conflict(typed: PlanForms, key: str, stored: Any, value: Any) -> Conflict:
    if key == LINES_KEY:
        fields = dict(typed.lines.empty_form.fields)
        return Conflict(
            key=key,
            label=_("Expected candidates and planned efforts"),
            stored=_lines_text(stored, fields),
            typed=_lines_text(value, fields),
        )
    form = typed.contract if key in typed.contract.fields else typed.plan
    field = form.fields[key]
    return Conflict(
        key=key,
        label=str(field.label or key),
        stored=display(field, stored),
        typed=display(field, value),
    )


def take_stored(data: QueryDict, plan: Plan, keys: Iterable[str]) -> QueryDict:
    """``data`` with the fields ``keys`` (field names, or "lines") replaced by their stored
    value."""
    stored = stored_form_data(plan)
    result = data.copy()
    for name in keys:
        if name == LINES_KEY:
            for line_key in [k for k in result if k.startswith(f"{LINES_PREFIX}-")]:
                del result[line_key]
            for line_key in stored:
                if line_key.startswith(f"{LINES_PREFIX}-"):
                    result.setlist(line_key, stored.getlist(line_key))
        elif name in stored:
            result.setlist(name, stored.getlist(name))
    return result


def has_choices(data: QueryDict) -> bool:
    return any(key.startswith(CHOICE_PREFIX) and data.get(key) == CHOICE_STORED for key in data)


def apply_choices(data: QueryDict, plan: Plan) -> QueryDict:
    """``data`` with every field the user chose to take from the stored plan replaced by its
    stored value (``conflict-<key>=stored``); the choices themselves are dropped."""
    keys = [
        key.removeprefix(CHOICE_PREFIX)
        for key in data
        if key.startswith(CHOICE_PREFIX) and data.get(key) == CHOICE_STORED
    ]
    result = take_stored(data, plan, keys)
    for key in [k for k in result if k.startswith(CHOICE_PREFIX)]:
        del result[key]
    return result
