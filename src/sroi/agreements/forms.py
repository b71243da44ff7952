"""Forms of the agreements app: parsing and field validation only; services decide the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sroi.agreements.constants import (
    ACCEPTED_NAME_MAX_LENGTH,
    AGREEMENT_NOTE_MAX_LENGTH,
    DIFFERENCE_REASON_MAX_LENGTH,
    MOMENT_NOTE_MAX_LENGTH,
    MomentOutcome,
)
from sroi.core.validators import no_bsn
from sroi.plans.constants import EffortKind, TargetGroup
from sroi.rules.engine import RuleSet
from sroi.rules.engine.limits import COUNT, HOURS, HOURS_PER_WEEK
from sroi.rules.forms import DateInput, DutchDecimalField, date_in_range

_INVALID_DATE = _("Enter a valid date, for example 31-12-2026.")
_CHANGED_MESSAGE = _(
    "The proposal has been changed since you opened it. Read it again before you accept it."
)
_CHANGED = {name: _CHANGED_MESSAGE for name in ("required", "invalid", "min_value", "max_value")}


def _date_field(label: Any, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        validators=[date_in_range],
        error_messages={"invalid": _INVALID_DATE, "required": _("Enter a date.")},
    )


def _note_field(label: Any, max_length: int, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        validators=[no_bsn],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AgreementForm(forms.Form):
    """One agreement. The building blocks are those of the contract's rule set; the agreed
    value is only accepted for a block without a value (the service checks it again)."""

    effort_kind = forms.ChoiceField(
        label=_("Kind of effort"),
        choices=EffortKind.choices,
        error_messages={"invalid_choice": _("Choose an item from the list.")},
    )
    target_group = forms.ChoiceField(
        label=_("Target group"),
        required=False,
        choices=[("", "—"), *TargetGroup.choices],
        error_messages={"invalid_choice": _("Choose an item from the list.")},
    )
    block_code = forms.ChoiceField(
        label=_("Building block"),
        error_messages={
            "invalid_choice": _("Choose an item from the list."),
            "required": _("Choose a building block."),
        },
    )
    count = forms.IntegerField(
        label=_("Number of candidates"),
        min_value=COUNT.minimum,
        max_value=COUNT.maximum,
        initial=1,
        error_messages={"invalid": _("Enter a whole number, for example 3.")},
    )
    hours_per_week = DutchDecimalField(
        label=_("Hours per week"),
        required=False,
        limit=HOURS_PER_WEEK,
        error_messages={"invalid": _("Enter a number of hours, for example 36 or 18,5")},
    )
    start_date = _date_field(_("Start"))
    end_date = _date_field(_("End"))
    deadline = _date_field(_("Deadline"))
    hours = DutchDecimalField(
        label=_("Number of hours"),
        required=False,
        limit=HOURS,
        error_messages={"invalid": _("Enter a number of hours, for example 40 or 12,5")},
    )
    amount_eur = DutchDecimalField(label=_("Amount in euros (excl. VAT)"), required=False)
    agreed_value_eur = DutchDecimalField(
        label=_("Agreed value (co-creation only)"),
        required=False,
        help_text=_("Only for a building block whose value is agreed case by case."),
    )
    note = _note_field(_("Note"), AGREEMENT_NOTE_MAX_LENGTH)
    # The proposal's revision the edit page was opened at (a crossing edit is a conflict).
    revision = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1
    )

    def __init__(self, *args: Any, ruleset: RuleSet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        blocks = ruleset.blocks if ruleset is not None else ()
        self.fields["block_code"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((block.code, block.label_nl) for block in blocks),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date lies before the start date."))
        return cleaned


class DifferenceForm(forms.Form):
    reason = _note_field(
        _("Reason for accepting the difference"), DIFFERENCE_REASON_MAX_LENGTH, required=True
    )


class AcceptForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=ACCEPTED_NAME_MAX_LENGTH,
        validators=[no_bsn],
        help_text=_("By typing your name you accept these agreements for your organisation."),
        error_messages={"required": _("Type your name to accept the agreements.")},
    )
    # The version shown on the page and its revision: the post accepts exactly that one.
    number = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1, error_messages=_CHANGED
    )
    revision = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1, error_messages=_CHANGED
    )


class MomentDateForm(forms.Form):
    planned_date = _date_field(_("Date"), required=True)


class HoldForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=MomentOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the outcome of the assessment."),
            "invalid_choice": _("Choose the outcome of the assessment."),
        },
    )
    note = _note_field(_("Note"), MOMENT_NOTE_MAX_LENGTH)


class PostponeForm(forms.Form):
    new_date = _date_field(_("New date"), required=True)
    note = _note_field(_("Note"), MOMENT_NOTE_MAX_LENGTH)
