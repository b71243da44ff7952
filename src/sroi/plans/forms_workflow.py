"""Small forms of the plans domain's own pages: the buyer list and the coordinator's decisions.

(The plan form itself lives in ``sroi.plans.forms``.)
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sroi.accounts.forms import ColleagueInvitationForm
from sroi.core.validators import no_bsn
from sroi.rules.engine.limits import NAME_MAX_LENGTH


class BuyerForm(forms.Form):
    name = forms.CharField(
        validators=[no_bsn],
        label=_("Name of the buyer"),
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": _("Enter the name of the buyer.")},
    )


class BuyerUserInvitationForm(ColleagueInvitationForm):
    """The coordinator invites a buyer's contract manager: only the e-mail address (the role
    and the organisation come from the buyer)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = _("E-mail address of the contract manager")
        email.error_messages["required"] = _(
            "Enter the e-mail address of the contract manager you invite."
        )


class DecisionNoteForm(forms.Form):
    """The coordinator's note with a decision; required when changes are requested."""

    note = forms.CharField(
        validators=[no_bsn],
        label=_("Note for the contractor"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    # The version the review page showed: the decision is refused if a newer one came in.
    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(
        validators=[no_bsn],
        label=_("Reason for withdrawing"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class CalculationDocumentForm(forms.Form):
    """The calculator posts its calc-io input document as JSON text."""

    document = forms.CharField(widget=forms.HiddenInput, max_length=200_000)


class ApproveShortfallForm(forms.Form):
    """Approving a plan that does not cover the whole obligation needs an explicit yes."""

    accept_shortfall = forms.BooleanField(
        label=_("I approve this plan although it does not cover the whole obligation."),
        required=True,
        error_messages={
            "required": _(
                "Confirm that you approve the plan although it does not cover the whole obligation."
            )
        },
    )
