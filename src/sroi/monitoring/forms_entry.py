"""The small forms of the entry pages: the status filter, a report's submission (with its
confirmation) and the coordinator's choice of reporting interval. The field rules of a
realisation itself are in ``sroi.monitoring.forms``."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sroi.monitoring.constants import REPORTING_INTERVAL_CHOICES, RealisationStatus
from sroi.monitoring.periods import Period


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


class NilReportForm(forms.Form):
    """ "Nothing to report in this period": the periods offered are those that have started and
    have no report yet (``choices`` from the view); the service checks again."""

    period_start = forms.ChoiceField(
        label=_("Period"),
        error_messages={
            "invalid_choice": _("Choose a period from the list."),
            "required": _("Choose a period from the list."),
        },
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)
    confirm = forms.BooleanField(
        label=_("I confirm that my organisation realised nothing for this contract in this period"),
        error_messages={"required": _("Tick the box to confirm that there is nothing to report.")},
    )

    def __init__(self, *args: Any, periods: list[Period] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["period_start"])
        field.choices = [
            (
                period.start.isoformat(),
                f"{period.start.strftime('%d-%m-%Y')} t/m {period.end.strftime('%d-%m-%Y')}",
            )
            for period in periods or []
        ]

    def clean_period_start(self) -> date:
        return date.fromisoformat(self.cleaned_data["period_start"])


class ReportAcknowledgeForm(forms.Form):
    report = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


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
