"""Forms of the coordinator's inbox and review page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sroi.accounts.models import User
from sroi.core.validators import no_bsn
from sroi.plans.constants import PlanStatus
from sroi.plans.selectors_review import ASSIGNED_ME, ASSIGNED_NOBODY, InboxFilters
from sroi.plans.services_review import REVIEW_TEXT_MAX_LENGTH
from sroi.rules.engine.limits import DATE_MAX, DATE_MIN, NAME_MAX_LENGTH

_DATE_MESSAGES = {"invalid": _("Enter a valid date, for example 31-01-2026.")}


def _coordinator_label(user: User) -> str:
    return user.full_name or user.email


class InboxFilterForm(forms.Form):
    """The inbox's filters from the query string. A bad value is shown at its field and the
    filter is left out; the other filters still apply."""

    # Guarded too: a search lands in the address and so in access logs.
    q = forms.CharField(
        label=_("Search"), required=False, max_length=NAME_MAX_LENGTH, validators=[no_bsn]
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    buyer = forms.TypedChoiceField(label=_("Buyer"), required=False, coerce=int, empty_value=None)
    organisation = forms.TypedChoiceField(
        label=_("Contractor"), required=False, coerce=int, empty_value=None
    )
    assigned = forms.ChoiceField(label=_("Assigned coordinator"), required=False)
    submitted_from = forms.DateField(
        label=_("Submitted from"),
        required=False,
        error_messages=_DATE_MESSAGES,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    submitted_to = forms.DateField(
        label=_("Submitted up to and including"),
        required=False,
        error_messages=_DATE_MESSAGES,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(
        self,
        data: Any,
        *,
        buyers: list[tuple[int, str]],
        organisations: list[tuple[int, str]],
        coordinators: list[User],
    ) -> None:
        super().__init__(data)
        everything = [("", _("All"))]
        self.fields["status"].choices = [*everything, *PlanStatus.choices]  # type: ignore[attr-defined]
        self.fields["buyer"].choices = [*everything, *buyers]  # type: ignore[attr-defined]
        self.fields["organisation"].choices = [*everything, *organisations]  # type: ignore[attr-defined]
        self.fields["assigned"].choices = [  # type: ignore[attr-defined]
            *everything,
            (ASSIGNED_ME, _("Me")),
            (ASSIGNED_NOBODY, _("Nobody (unassigned)")),
            *((str(user.pk), _coordinator_label(user)) for user in coordinators),
        ]

    def _clean_day(self, name: str) -> Any:
        day = self.cleaned_data.get(name)
        if day is not None and not DATE_MIN <= day <= DATE_MAX:
            raise forms.ValidationError(
                _("Enter a date between %(min)s and %(max)s.")
                % {"min": f"{DATE_MIN:%d-%m-%Y}", "max": f"{DATE_MAX:%d-%m-%Y}"}
            )
        return day

    def clean_submitted_from(self) -> Any:
        return self._clean_day("submitted_from")

    def clean_submitted_to(self) -> Any:
        return self._clean_day("submitted_to")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("submitted_from"), cleaned.get("submitted_to")
        if start is not None and end is not None and end < start:
            self.add_error("submitted_to", _("This date is before the 'submitted from' date."))
        return cleaned

    def filters(self) -> InboxFilters:
        """The valid filters (call after ``is_valid``): a field with an error is left out."""
        data = {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors
        }
        return InboxFilters(
            status=data.get("status") or "",
            buyer=data.get("buyer"),
            organisation=data.get("organisation"),
            assigned=data.get("assigned") or "",
            submitted_from=data.get("submitted_from"),
            submitted_to=data.get("submitted_to"),
            search=data.get("q") or "",
        )


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(
        label=_("Assign to"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data: Any = None, *, coordinators: list[User]) -> None:
        super().__init__(data)
        self.coordinators = {user.pk: user for user in coordinators}
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            ("", _("Nobody")),
            *((user.pk, _coordinator_label(user)) for user in coordinators),
        ]

    def chosen_assignee(self) -> User | None:
        pk = self.cleaned_data.get("assignee")
        return self.coordinators.get(pk) if pk is not None else None


class CommentForm(forms.Form):
    """A draft comment on one section: the review page has one per section, prefixed by the
    section's code (``lines-body``); the section itself is posted unprefixed as ``section``."""

    body = forms.CharField(
        validators=[no_bsn],
        label=_("Comment on this section"),
        max_length=REVIEW_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the comment.")},
    )


class RejectForm(forms.Form):
    reasons = forms.CharField(
        validators=[no_bsn],
        label=_("Reasons for rejecting the plan"),
        max_length=REVIEW_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Rejecting is final: the contractor cannot change or submit this plan again."),
        error_messages={"required": _("Give the reasons for rejecting the plan.")},
    )
    # The version the review page showed: the decision is refused if a newer one came in.
    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
    )
