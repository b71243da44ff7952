"""Forms of contracts of record: registration, extension and the list's filter.

Parsing and field validation only: a valid form's ``cleaned_data`` goes to
``sroi.plans.contracts_services``; what the services refuse comes back onto these fields.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sroi.accounts.constants import OrganisationKind
from sroi.accounts.forms import KvKNumberField, PhoneNumberField
from sroi.accounts.models import Organisation
from sroi.core.validators import no_bsn
from sroi.plans.constants import ContractStatus
from sroi.plans.contracts_services import NewOrganisation
from sroi.plans.forms import ContractForm
from sroi.plans.models import Buyer
from sroi.rules.engine.limits import AMOUNT_EUR, EXTENSION_MONTHS, NAME_MAX_LENGTH
from sroi.rules.forms import DateInput, DutchDecimalField, date_in_range

NOTE_MAX_LENGTH = 2000
_MAX_LENGTH = {"max_length": _("Use at most %(limit_value)d characters.")}


def _date(label: Any, *, required: bool, required_message: Any = None) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        validators=[date_in_range],
        error_messages={
            "required": required_message or _("Enter a date."),
            "invalid": _("Enter a valid date, for example 31-12-2026."),
        },
    )


def _text(label: Any, *, max_length: int = NAME_MAX_LENGTH, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        validators=[no_bsn],
        error_messages=_MAX_LENGTH,
        **kwargs,
    )


def contractor_organisations() -> QuerySet[Organisation]:
    """The verified contractor organisations a coordinator may register a contract for."""
    return Organisation.objects.filter(
        kind=OrganisationKind.CONTRACTOR, awaiting_verification=False
    ).order_by("name", "pk")


class ContractRegisterForm(ContractForm):
    """The coordinator's registration: the plan form's contract fields (all required that a
    submission needs), the buyer's reference, lot and award date, the contractor organisation
    (chosen or new), its contact person and the invitation."""

    REQUIRED: dict[str, Any] = {
        "name": _("Enter the name of the contract."),
        "buyer": _("Choose the buyer."),
        "value_eur": _("Enter the contract value."),
        "start_date": _("Enter the start date of the contract."),
        "end_date": _("Enter the end date of the contract."),
        "sroi_percentage": _("Enter the Social Return percentage."),
    }

    reference = _text(_("Buyer's reference (kenmerk)"), max_length=100)
    lot = _text(_("Lot"), max_length=100)
    award_date = _date(_("Award date"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Contractor (existing organisation)"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Choose an organisation, or enter a new one below"),
        error_messages={"invalid_choice": _("Choose an organisation from the list.")},
    )
    new_name = _text(_("Company name"), max_length=200)
    new_kvk_number = KvKNumberField(
        label=_("KvK number"),
        required=False,
        max_length=20,
        validators=[no_bsn],
        help_text=_("8 digits, as on the extract from the Chamber of Commerce."),
        error_messages=_MAX_LENGTH,
    )
    new_contact_email = forms.EmailField(
        label=_("E-mail address of the company"),
        required=False,
        validators=[no_bsn],
        error_messages={"invalid": _("Enter a valid e-mail address.")},
    )
    contact_name = _text(_("Contact person Social Return"))
    contact_function = _text(_("Function"))
    contact_email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        validators=[no_bsn],
        error_messages={"invalid": _("Enter a valid e-mail address.")},
    )
    contact_phone = PhoneNumberField(
        label=_("Telephone number"),
        required=False,
        max_length=30,
        validators=[no_bsn],
        error_messages=_MAX_LENGTH,
    )
    invite = forms.BooleanField(
        label=_("Invite the contractor to fill in the plan van aanpak"), required=False
    )
    invite_email = forms.EmailField(
        label=_("E-mail address to invite"),
        required=False,
        validators=[no_bsn],
        help_text=_("Someone of the contractor's organisation who has no account yet."),
        error_messages={"invalid": _("Enter a valid e-mail address.")},
    )

    def __init__(self, *args: Any, buyers: QuerySet[Buyer], **kwargs: Any) -> None:
        super().__init__(*args, buyers=buyers, **kwargs)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)  # noqa: S101
        organisation.queryset = contractor_organisations()
        buyer = self.fields["buyer"]
        buyer.error_messages["invalid_choice"] = _("Choose an active buyer from the list.")
        for name, message in self.REQUIRED.items():
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = message

    def full_clean(self) -> None:
        # A registration is not a draft: required fields are required.
        forms.Form.full_clean(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        new_fields = ("new_name", "new_kvk_number", "new_contact_email")
        chosen = cleaned.get("organisation")
        typed = [name for name in new_fields if cleaned.get(name)]
        if chosen is not None and typed:
            self.add_error(
                "organisation",
                _("Choose an organisation from the list, or enter a new one: not both."),
            )
        elif chosen is None and not typed and "organisation" not in self.errors:
            self.add_error(
                "organisation", _("Choose an organisation from the list, or enter a new one.")
            )
        elif chosen is None:
            messages = {
                "new_name": _("Enter the company name."),
                "new_kvk_number": _("Enter the KvK number."),
                "new_contact_email": _("Enter the e-mail address of the company."),
            }
            for name in new_fields:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, messages[name])
        if (
            cleaned.get("invite")
            and not cleaned.get("invite_email")
            and "invite_email" not in self.errors
        ):
            self.add_error("invite_email", _("Enter the e-mail address to invite."))
        return cleaned

    def new_organisation(self) -> NewOrganisation | None:
        data = self.cleaned_data
        if data.get("organisation") is not None or not data.get("new_name"):
            return None
        return NewOrganisation(
            name=data["new_name"],
            kvk_number=data["new_kvk_number"],
            contact_email=data["new_contact_email"],
        )

    def contract_data(self) -> dict[str, Any]:
        skip = {
            "organisation",
            "new_name",
            "new_kvk_number",
            "new_contact_email",
            "invite",
            "invite_email",
        }
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}

    def invite_email_value(self) -> str:
        data = self.cleaned_data
        return str(data.get("invite_email") or "") if data.get("invite") else ""


class ExtensionForm(forms.Form):
    exercised_on = _date(
        _("Date exercised"),
        required=True,
        required_message=_("Enter the date the extension was exercised."),
    )
    months_added = forms.IntegerField(
        label=_("Months added"),
        min_value=EXTENSION_MONTHS.minimum,
        max_value=EXTENSION_MONTHS.maximum,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("The end date of the contract moves by this many months."),
        error_messages={
            "required": _("Enter the number of months the contract is extended."),
            "invalid": _("Enter a whole number, for example 12."),
            "min_value": _("Enter %(limit_value)s or more."),
            "max_value": _("Enter at most %(limit_value)s."),
        },
    )
    value_added_eur = DutchDecimalField(
        label=_("Value added (excl. VAT)"),
        limit=AMOUNT_EUR,
        help_text=_("In euros, for example 250.000,00. Enter 0 if the value does not change."),
        error_messages={"required": _("Enter the value the extension adds (0 if none).")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        validators=[no_bsn],
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_MAX_LENGTH,
    )


class ContractFilterForm(forms.Form):
    """The list's filter (GET): status, buyer, search. Invalid values are ignored."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *ContractStatus.choices],
    )
    buyer = forms.ModelChoiceField(
        label=_("Buyer"),
        queryset=Buyer.objects.order_by("name"),
        required=False,
        empty_label=_("All buyers"),
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        validators=[no_bsn],
        help_text=_("Contract name, reference, company name or KvK number"),
    )

    def __init__(self, *args: Any, buyers: QuerySet[Buyer] | None = None, **kwargs: Any) -> None:
        """``buyers``: the buyers the user may filter on (default: every buyer); a contractor
        or a buyer user is offered only the buyers of the contracts it sees."""
        super().__init__(*args, **kwargs)
        if buyers is not None:
            cast("forms.ModelChoiceField[Buyer]", self.fields["buyer"]).queryset = buyers
