"""The final assessment form: parsing and field validation only; ``sroi.monitoring.assessment``
decides the rest (the deadline after today, a second recovery, crossing coordinators)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sroi.core.validators import no_bsn
from sroi.monitoring.constants import ASSESSMENT_NOTE_MAX_LENGTH, AssessmentOutcome
from sroi.rules.engine.limits import AMOUNT_EUR
from sroi.rules.forms import DateInput, date_in_range

_CHANGED_MESSAGE = _(
    "The assessment has changed since you opened the page. Check the figures and record it again."
)
_CHANGED = {name: _CHANGED_MESSAGE for name in ("required", "invalid", "min_value", "max_value")}


class FinalAssessmentForm(forms.Form):
    # The server validates; a `required` attribute drew the outcome radios as invalid (red)
    # before any input.
    use_required_attribute = False

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=AssessmentOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose an outcome."),
            "invalid_choice": _("Choose an outcome."),
        },
    )
    recovery_deadline = forms.DateField(
        label=_("Deadline of the recovery period"),
        help_text=_("Only with a recovery period: a date after today, for example 30-06-2028."),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        validators=[date_in_range],
        error_messages={"invalid": _("Enter a valid date, for example 30-06-2028.")},
    )
    note = forms.CharField(
        label=_("Settlement note"),
        help_text=_("How the shortfall is settled, or why the contract counts as fulfilled."),
        required=False,
        max_length=ASSESSMENT_NOTE_MAX_LENGTH,
        validators=[no_bsn],
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    number = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1, error_messages=_CHANGED
    )
    realised = forms.DecimalField(
        widget=forms.HiddenInput,
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        min_value=0,
        error_messages={
            **_CHANGED,
            "max_digits": _CHANGED_MESSAGE,
            "max_decimal_places": _CHANGED_MESSAGE,
            "max_whole_digits": _CHANGED_MESSAGE,
        },
    )
