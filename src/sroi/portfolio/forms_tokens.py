"""The form of a new API token: a name and an optional expiry date."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sroi.core.validators import no_bsn
from sroi.portfolio.constants import YEAR_MAX

NAME_MAX_LENGTH = 100  # ApiToken.name


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        validators=[no_bsn],
        help_text=_("What the key is for, for example: Power BI of the procurement team"),
        error_messages={"required": _("Give the key a name.")},
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        required=False,
        help_text=_("The key stops working at the end of this day (dd-mm-yyyy)."),
        error_messages={"invalid": _("Enter a date as dd-mm-yyyy.")},
    )

    def clean_expires_on(self) -> date | None:
        day: date | None = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        if day < timezone.localdate():
            raise forms.ValidationError(_("Choose a date from today."))
        if day.year > YEAR_MAX:
            raise forms.ValidationError(
                _("Choose a date up to %(year)s."), params={"year": YEAR_MAX}
            )
        return day

    def expires_at(self) -> datetime | None:
        """The end of the chosen day (local time), or None."""
        cleaned: dict[str, Any] = self.cleaned_data
        day = cleaned.get("expires_on")
        if day is None:
            return None
        return timezone.make_aware(datetime.combine(day, time.max))
