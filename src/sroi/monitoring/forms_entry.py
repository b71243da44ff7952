"""The small forms of the entry pages: the status filter, a report's submission (with its
confirmation) and the coordinator's choice of reporting interval. The field rules of a
realisation itself are in ``sroi.monitoring.forms``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sroi.monitoring.constants import REPORTING_INTERVAL_CHOICES, RealisationStatus


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *RealisationStatus.choices],
    )


class ReportSubmitForm(forms.Form):
    period_start = forms.DateField(widget=forms.HiddenInput, input_formats=["%Y-%m-%d"])
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    confirm = forms.BooleanField(
        label=_("I confirm that these realisations are correct and complete"),
        error_messages={"required": _("Tick the box to confirm the report.")},
    )


class ReportingIntervalForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("Reporting period"),
        choices=REPORTING_INTERVAL_CHOICES,
        coerce=int,
        error_messages={
            "invalid_choice": _("Choose an item from the list."),
            "required": _("Choose an item from the list."),
        },
    )
