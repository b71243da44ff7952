"""The request form of a council report: a buyer (only the user's own for a buyer user) and a
year (``constants.YEAR_MIN`` to ``YEAR_MAX``), each bad value with a Dutch message at its
field."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sroi.plans.models import Buyer
from sroi.portfolio.constants import YEAR_MAX, YEAR_MIN


class CouncilReportForm(forms.Form):
    koper = forms.ModelChoiceField(
        label=_("Buyer"),
        queryset=Buyer.objects.none(),
        empty_label=_("Choose a buyer…"),
        error_messages={
            "required": _("Choose a buyer."),
            "invalid_choice": _("Choose a buyer from the list."),
        },
    )
    jaar = forms.IntegerField(
        label=_("Year"),
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        help_text=_("The report counts the contracts that run in this year."),
        error_messages={
            "required": _("Enter a year, for example 2026."),
            "invalid": _("Enter a year, for example 2026."),
            "min_value": _("Enter a year from %(limit_value)s."),
            "max_value": _("Enter a year up to %(limit_value)s."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, buyers: QuerySet[Buyer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Buyer]", self.fields["koper"])
        field.queryset = buyers
        if buyers.count() == 1:  # a buyer user: its own buyer, nothing to choose
            field.empty_label = None
