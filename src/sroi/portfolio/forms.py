"""The portfolio's filter (GET): one form for the page, the exports and the API's query
parameters, so a filter means the same everywhere. Every bad value gets a Dutch message at its
field; the valid ones still apply (``PortfolioFilterForm.portfolio_filter``)."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sroi.core.validators import no_bsn
from sroi.plans.constants import ContractLight, EffortKind
from sroi.plans.forms import target_group_choices
from sroi.plans.models import Buyer
from sroi.portfolio.constants import YEAR_MAX, YEAR_MIN, PortfolioSort
from sroi.portfolio.selectors import DEFAULT_SORT, PortfolioFilter

# A date range longer than this is refused (no contract runs a century).
RANGE_MAX_DAYS = 50 * 366
SEARCH_MAX_LENGTH = 100


def sort_choices() -> list[tuple[str, Any]]:
    """Every sort key, ascending and descending ("-" first), as the sort field offers them."""
    choices: list[tuple[str, Any]] = []
    for key, label in PortfolioSort.choices:
        choices.append((key, format_lazy("{}, {}", label, pgettext_lazy("sort", "ascending"))))
        choices.append(
            (f"-{key}", format_lazy("{}, {}", label, pgettext_lazy("sort", "descending")))
        )
    return choices


def _target_group_choices() -> list[tuple[str, Any]]:
    return [("", str(_("All target groups"))), *target_group_choices()[1:]]


class PortfolioFilterForm(forms.Form):
    """Query parameters in Dutch, as they stand in the URL: ``koper``, ``jaar``, ``stoplicht``,
    ``doelgroep``, ``soort``, ``zoek``, ``van``, ``tot``, ``sorteer``."""

    koper = forms.ModelChoiceField(
        label=_("Buyer"),
        queryset=Buyer.objects.order_by("name"),
        required=False,
        empty_label=_("All buyers"),
        error_messages={"invalid_choice": _("Choose a buyer from the list.")},
    )
    jaar = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        help_text=_("Contracts that run in this year"),
        error_messages={
            "invalid": _("Enter a year, for example 2026."),
            "min_value": _("Enter a year from %(limit_value)s."),
            "max_value": _("Enter a year up to %(limit_value)s."),
        },
    )
    stoplicht = forms.ChoiceField(
        label=_("Traffic light"),
        required=False,
        choices=[("", _("All traffic lights")), *ContractLight.choices],
        error_messages={"invalid_choice": _("Choose a traffic light from the list.")},
    )
    doelgroep = forms.ChoiceField(
        label=_("Target group"),
        required=False,
        # Grouped and with the full labels of the plan's select ("Participatiewet: zonder
        # arbeidsbeperking ..."), the words of the breakdown table under the filter.
        choices=_target_group_choices,
        error_messages={"invalid_choice": _("Choose a target group from the list.")},
    )
    soort = forms.ChoiceField(
        label=_("Kind of effort"),
        required=False,
        choices=[("", _("All kinds of effort")), *EffortKind.choices],
        error_messages={"invalid_choice": _("Choose a kind of effort from the list.")},
    )
    zoek = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        validators=[no_bsn],
        help_text=_("Contract name, reference or company name"),
    )
    van = forms.DateField(
        label=_("Running from"),
        required=False,
        error_messages={"invalid": _("Enter a date as dd-mm-yyyy.")},
    )
    tot = forms.DateField(
        label=_("Running until"),
        required=False,
        error_messages={"invalid": _("Enter a date as dd-mm-yyyy.")},
    )
    sorteer = forms.CharField(
        label=_("Sort by"),
        required=False,
        # no max_length (it would put maxlength on the select): clean_sorteer refuses any
        # value that is not a sort key
        widget=forms.Select(choices=sort_choices()),
    )

    def __init__(self, *args: Any, buyers: QuerySet[Buyer] | None = None, **kwargs: Any) -> None:
        """``buyers``: the buyers the user may filter on (``selectors.portfolio_buyers``)."""
        super().__init__(*args, **kwargs)
        if buyers is not None:
            cast("forms.ModelChoiceField[Buyer]", self.fields["koper"]).queryset = buyers

    def _clean_date(self, name: str) -> date | None:
        value: date | None = self.cleaned_data.get(name)
        if value is not None and not date(YEAR_MIN, 1, 1) <= value <= date(YEAR_MAX, 12, 31):
            raise forms.ValidationError(
                _("Enter a date between %(first)s and %(last)s."),
                params={"first": YEAR_MIN, "last": YEAR_MAX},
            )
        return value

    def clean_van(self) -> date | None:
        return self._clean_date("van")

    def clean_tot(self) -> date | None:
        return self._clean_date("tot")

    def clean_sorteer(self) -> str:
        value: str = (self.cleaned_data.get("sorteer") or "").strip()
        if not value:
            return DEFAULT_SORT
        if value.removeprefix("-") not in PortfolioSort.values:
            raise forms.ValidationError(_("Choose a column to sort by from the table."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("van"), cleaned.get("tot")
        if start is not None and end is not None:
            if end < start:
                self.add_error("tot", _("The end of the range lies before its start."))
            elif (end - start).days > RANGE_MAX_DAYS:
                self.add_error("tot", _("Choose a range of at most 50 years."))
        return cleaned

    def portfolio_filter(self) -> PortfolioFilter:
        """The filter of the valid values (call after ``is_valid()``); a field with an error
        does not filter."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}

        def ok(name: str) -> Any:
            return None if name in self.errors else data.get(name)

        buyer = ok("koper")
        return PortfolioFilter(
            buyer_id=buyer.pk if buyer is not None else None,
            year=ok("jaar"),
            light=ok("stoplicht") or "",
            target_group=ok("doelgroep") or "",
            effort_kind=ok("soort") or "",
            search=(ok("zoek") or "").strip(),
            running_from=ok("van"),
            running_until=ok("tot"),
            sort=ok("sorteer") or DEFAULT_SORT,
        )
