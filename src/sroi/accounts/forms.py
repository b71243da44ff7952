"""Forms of the accounts app: parsing and field validation only; services do the writing."""

from __future__ import annotations

from typing import Any, cast

from allauth.account.fields import EmailField as AllauthEmailField
from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth import password_validation
from django.db import transaction
from django.db.models import QuerySet
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from sroi.accounts import validators
from sroi.accounts.constants import Role
from sroi.accounts.models import Invitation, Organisation, User
from sroi.accounts.services import (
    OrganisationDetails,
    organisation_create,
    organisation_role_error,
)
from sroi.core.validators import no_bsn

Fieldsets = list[tuple[str, list[BoundField]]]


class KvKNumberField(forms.CharField):
    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        return validators.normalise_kvk_number(text) if text else text


class PostcodeField(forms.CharField):
    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        return validators.normalise_postcode(text) if text else text


class TelInput(forms.TextInput):
    input_type = "tel"


class PhoneNumberField(forms.CharField):
    widget = TelInput

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        return validators.normalise_phone_number(text) if text else text


ORGANISATION_FIELDS = (
    "name",
    "kvk_number",
    "street",
    "house_number",
    "postcode",
    "city",
    "contact_name",
    "contact_function",
    "contact_email",
    "contact_phone",
)


class OrganisationFields(forms.Form):
    """The company data asked at sign-up, on an invitation for a new company, and on edit."""

    name = forms.CharField(
        validators=[no_bsn],
        label=_("Company name"),
        error_messages={"required": _("Enter the company name.")},
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    kvk_number = KvKNumberField(
        validators=[no_bsn],
        label=_("KvK number"),
        error_messages={"required": _("Enter the KvK number.")},
        max_length=20,
        help_text=_("8 digits, as on the extract from the Chamber of Commerce."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    street = forms.CharField(
        validators=[no_bsn],
        label=_("Street"),
        error_messages={"required": _("Enter the street.")},
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    house_number = forms.CharField(
        validators=[no_bsn],
        label=_("House number"),
        error_messages={"required": _("Enter the house number.")},
        max_length=20,
        help_text=_("With addition if any, for example 12a."),
    )
    postcode = PostcodeField(
        validators=[no_bsn],
        label=_("Postcode"),
        error_messages={"required": _("Enter the postcode.")},
        max_length=10,
        help_text=_("For example 1619 AB."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    city = forms.CharField(
        validators=[no_bsn],
        label=_("Place"),
        error_messages={"required": _("Enter the place.")},
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    contact_name = forms.CharField(
        validators=[no_bsn],
        label=_("Name of the contact person"),
        max_length=200,
        error_messages={"required": _("Enter the name of the contact person.")},
    )
    contact_function = forms.CharField(
        validators=[no_bsn],
        label=_("Function of the contact person"),
        max_length=200,
        error_messages={"required": _("Enter the function of the contact person.")},
    )
    contact_email = forms.EmailField(
        validators=[no_bsn],
        label=_("E-mail address of the contact person"),
        error_messages={
            "required": _("Enter the e-mail address of the contact person."),
            "invalid": _("Enter a valid e-mail address, for example name@company.nl."),
        },
    )
    contact_phone = PhoneNumberField(
        validators=[no_bsn],
        label=_("Telephone number of the contact person"),
        error_messages={"required": _("Enter the telephone number of the contact person.")},
        max_length=30,
        help_text=_("For example 0229 123 456 or +31 6 12345678."),
    )

    def organisation_fieldsets(self) -> Fieldsets:
        return [
            (
                str(_("Company")),
                [
                    self[name]
                    for name in ("name", "kvk_number", "street", "house_number", "postcode", "city")
                ],
            ),
            (
                str(_("Contact person for Social Return")),
                [
                    self[name]
                    for name in (
                        "contact_name",
                        "contact_function",
                        "contact_email",
                        "contact_phone",
                    )
                ],
            ),
        ]

    def fieldsets(self) -> Fieldsets:
        return self.organisation_fieldsets()


class OrganisationForm(OrganisationFields):
    """Edit an organisation: the same fields and validation as at sign-up."""

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict[str, str]:
        return {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}


class SignupForm(AllauthSignupForm, OrganisationFields):  # type: ignore[misc]
    """allauth's sign-up (e-mail, password twice) plus the user's name and the organisation."""

    full_name = forms.CharField(
        validators=[no_bsn],
        label=_("Your name"),
        error_messages={"required": _("Enter your name.")},
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    email = AllauthEmailField(validators=[no_bsn])

    field_order = ["full_name", "email", "password1", "password2", *ORGANISATION_FIELDS]

    def fieldsets(self) -> Fieldsets:
        account_fields = [
            self[name]
            for name in ("full_name", "email", "password1", "password2")
            if name in self.fields
        ]
        return [(str(_("Your account")), account_fields), *self.organisation_fieldsets()]

    def custom_signup(self, request: Any, user: Any) -> None:
        """Called by allauth inside ``save`` once the user exists: create and join the company."""
        organisation_create(
            acting_user=user,
            details=OrganisationDetails.from_cleaned_data(self.cleaned_data),
            member=user,
            awaiting_verification=True,
        )

    def save(self, request: Any) -> Any:
        with transaction.atomic():
            return super().save(request)


# What ``Invitation.email`` and ``User.email`` hold (EmailField's default, 254).
EMAIL_MAX_LENGTH = 254


class InvitationCreateForm(forms.Form):
    email = forms.EmailField(
        validators=[no_bsn],
        max_length=EMAIL_MAX_LENGTH,
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Enter the e-mail address of the person you invite."),
            "invalid": _("Enter a valid e-mail address, for example name@company.nl."),
        },
    )
    role = forms.ChoiceField(label=_("Role"))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("A new organisation (the invitee enters its details)"),
        help_text=_(
            "For a contractor: their company, or empty for a new one. For a buyer user: the"
            " buyer. Coordinators do not belong to an organisation."
        ),
    )

    def __init__(
        self, *args: Any, organisations: QuerySet[Organisation], acting_user: User, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        roles = [Role.CONTRACTOR, Role.BUYER, Role.COORDINATOR]
        if acting_user.role == Role.ADMINISTRATOR:
            roles.append(Role.ADMINISTRATOR)
        role_field = cast(forms.ChoiceField, self.fields["role"])
        role_field.choices = [(role.value, role.label) for role in roles]
        organisation_field = cast(
            "forms.ModelChoiceField[Organisation]", self.fields["organisation"]
        )
        organisation_field.queryset = organisations

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail address already exists."), code="email_taken"
            )
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role = cleaned.get("role")
        if role is not None and "organisation" not in self.errors:
            problem = organisation_role_error(role, cleaned.get("organisation"))
            if problem is not None:
                self.add_error(
                    "organisation",
                    forms.ValidationError(problem, code="organisation_not_for_role"),
                )
        return cleaned


class ColleagueInvitationForm(forms.Form):
    """An organisation's administrator invites a colleague: only the e-mail address. The
    organisation and the role come from the administrator, never from the request."""

    email = forms.EmailField(
        validators=[no_bsn],
        max_length=EMAIL_MAX_LENGTH,
        label=_("E-mail address of your colleague"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Enter the e-mail address of the colleague you invite."),
            "invalid": _("Enter a valid e-mail address, for example name@company.nl."),
        },
    )

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail address already exists."), code="email_taken"
            )
        return email


class OrganisationAdminForm(forms.Form):
    """Make a colleague administrator of the organisation (``admin=1``) or not (``admin=0``)."""

    admin = forms.TypedChoiceField(
        choices=[("1", _("Administrator")), ("0", _("Not an administrator"))],
        coerce=lambda value: value == "1",
    )


class InvitationAcceptForm(forms.Form):
    """The invitee's name and password; the e-mail address comes from the invitation."""

    full_name = forms.CharField(
        validators=[no_bsn],
        label=_("Your name"),
        error_messages={"required": _("Enter your name.")},
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        error_messages={"required": _("Choose a password.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        error_messages={"required": _("Enter the password again.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, invitation: Invitation, **kwargs: Any) -> None:
        self.invitation = invitation
        super().__init__(*args, **kwargs)
        # Built per request, so the help text follows the active language.
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()

    def account_fieldsets(self) -> Fieldsets:
        return [
            (str(_("Your account")), [self["full_name"], self["password1"], self["password2"]]),
        ]

    def fieldsets(self) -> Fieldsets:
        return self.account_fieldsets()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1 = cleaned.get("password1")
        password2 = cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error(
                "password2",
                forms.ValidationError(
                    _("The two passwords are not the same."), code="password_mismatch"
                ),
            )
        if password1:
            probe = User(email=self.invitation.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, user=probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InvitationAcceptWithOrganisationForm(InvitationAcceptForm, OrganisationFields):
    """Accepting an invitation for a new company: also asks the company's details."""

    field_order = ["full_name", "password1", "password2", *ORGANISATION_FIELDS]

    def fieldsets(self) -> Fieldsets:
        return [*self.account_fieldsets(), *self.organisation_fieldsets()]


class AddEmailForm(AllauthAddEmailForm):  # type: ignore[misc]
    """allauth's form to add an e-mail address to an account, with the BSN guard."""

    email = AllauthEmailField(required=True, validators=[no_bsn])
