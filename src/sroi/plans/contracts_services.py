"""Contracts of record: registration by the coordinator, and extensions.

- ``contract_register``: the coordinator registers a contract for a contractor organisation
  (an existing, verified one, or a new one created here by name, KvK number and contact
  e-mail), with a draft plan for the contractor to fill in, and optionally invites someone of
  that organisation (``sroi.accounts.services.invitation_create``; the mail names the contract).
  The contract is of record: its contract fields are locked in the contractor's plan form
  (``sroi.plans.services.contract_update`` refuses changes to them); the contact person stays
  editable. Its rule-set version is the published one valid on the start date.
- ``contract_extension_create``: an exercised extension is a record (date, months, value,
  note). The end date moves by the months; the obligation is recomputed from the value
  including every extension (``sroi.plans.contract_state``). Refused on a closed contract.

Every write is one transaction with its audit entries on the contract's timeline; a refusal
raises ``ContractError`` (a Dutch message) or ``ValidationError`` (field -> message) and
changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sroi.accounts.constants import OrganisationKind, Role
from sroi.accounts.models import Invitation, Organisation, User
from sroi.accounts.services import OrganisationDetails, invitation_create, organisation_create
from sroi.core.audit import audit_log
from sroi.plans.constants import DEFAULT_RULESET_CODE, ContractStatus
from sroi.plans.contract_state import (
    contract_make_of_record,
    contract_obligation,
    contract_refresh_figures,
    contract_value_with_extensions,
)
from sroi.plans.models import Buyer, Contract, ContractExtension, Plan
from sroi.plans.services import (
    CONTACT_FIELDS,
    CONTRACT_FIELDS,
    PlanError,
    _apply,
    _require_coordinator,
    _validate_contract,
)
from sroi.rules import selectors as rule_selectors
from sroi.rules.engine.limits import AMOUNT_EUR, DATE_MAX, DATE_MIN, EXTENSION_MONTHS
from sroi.rules.engine.periods import add_months
from sroi.rules.models import RuleSetVersion

__all__ = [
    "ContractError",
    "NewOrganisation",
    "contract_extension_create",
    "contract_make_of_record",
    "contract_refresh_figures",
    "contract_register",
]

# The fields a registration sets besides ``CONTRACT_FIELDS`` and ``CONTACT_FIELDS``.
RECORD_FIELDS: tuple[str, ...] = ("reference", "lot", "award_date")
# What a registration needs (field -> Dutch message, lazily translated in the function).
_REQUIRED = ("name", "buyer", "value_eur", "start_date", "end_date", "sroi_percentage")


class ContractError(PlanError):
    """A contract action that cannot be done now; ``message`` is for the user."""


@dataclass(frozen=True)
class NewOrganisation:
    """A contractor organisation the coordinator enters while registering (validated by the
    form: KvK number normalised, e-mail valid)."""

    name: str
    kvk_number: str
    contact_email: str


def _required_messages() -> dict[str, str]:
    return {
        "name": _("Enter the name of the contract."),
        "buyer": _("Choose the buyer."),
        "value_eur": _("Enter the contract value."),
        "start_date": _("Enter the start date of the contract."),
        "end_date": _("Enter the end date of the contract."),
        "sroi_percentage": _("Enter the Social Return percentage."),
    }


def _contractor_organisation(
    *, acting_user: User, organisation: Organisation | None, new: NewOrganisation | None
) -> Organisation:
    if (organisation is None) == (new is None):
        raise ValidationError(
            {"organisation": _("Choose an organisation from the list, or enter a new one.")}
        )
    if organisation is not None:
        if organisation.awaiting_verification or organisation.kind != OrganisationKind.CONTRACTOR:
            raise ValidationError({"organisation": _("Choose an organisation from the list.")})
        return organisation
    assert new is not None  # noqa: S101 (narrows the type; checked above)
    if Organisation.objects.filter(kvk_number=new.kvk_number).exists():
        raise ValidationError(
            {
                "new_kvk_number": _(
                    "An organisation with this KvK number already exists: choose it from the list."
                )
            }
        )
    details = OrganisationDetails(
        name=new.name.strip(),
        kvk_number=new.kvk_number,
        street="",
        house_number="",
        postcode="",
        city="",
        contact_name="",
        contact_function="",
        contact_email=new.contact_email.strip().lower(),
        contact_phone="",
    )
    return organisation_create(acting_user=acting_user, details=details)


@transaction.atomic
def contract_register(
    *,
    acting_user: User,
    data: Mapping[str, Any],
    organisation: Organisation | None = None,
    new_organisation: NewOrganisation | None = None,
    invite_email: str = "",
) -> Contract:
    """Register a contract of record with a draft plan (see the module's docstring).

    ``data`` holds ``CONTRACT_FIELDS``, ``CONTACT_FIELDS`` and ``RECORD_FIELDS``; an empty
    contact field is taken from the organisation. ``invite_email``: invite that address into
    the organisation (stored on ``contract.invitation``). Raises ``ValidationError`` (field ->
    message; nothing is created) for what is missing or wrong.
    """
    _require_coordinator(acting_user)
    errors = {
        name: message
        for name, message in _required_messages().items()
        if data.get(name) in (None, "")
    }
    buyer = data.get("buyer")
    if buyer is not None and not (isinstance(buyer, Buyer) and buyer.active):
        errors["buyer"] = _("Choose an active buyer from the list.")
    if errors:
        raise ValidationError(errors)
    contractor = _contractor_organisation(
        acting_user=acting_user, organisation=organisation, new=new_organisation
    )
    contract = Contract(
        organisation=contractor,
        of_record=True,
        registered_by=acting_user,
        status=ContractStatus.PLAN_REQUESTED,
    )
    _apply(contract, (*CONTRACT_FIELDS, *CONTACT_FIELDS, *RECORD_FIELDS), data)
    for name in CONTACT_FIELDS:
        if not getattr(contract, name):
            setattr(contract, name, getattr(contractor, name))
    _validate_contract(contract)
    assert contract.start_date is not None  # noqa: S101 (required above)
    try:
        contract.ruleset_version = rule_selectors.ruleset_version_valid_on(
            code=DEFAULT_RULESET_CODE, day=contract.start_date
        )
    except RuleSetVersion.DoesNotExist:
        raise ValidationError(
            {
                "start_date": _(
                    "There is no published rule set valid on the start date of the contract."
                )
            }
        ) from None
    contract.save()
    audit_log(
        actor=acting_user,
        action="contract.register",
        obj=contract,
        data={"organisation": contractor.pk, "new_organisation": new_organisation is not None},
        contract_id=contract.pk,
    )
    plan = Plan.objects.create(contract=contract)
    audit_log(actor=acting_user, action="plan.create", obj=plan, contract_id=contract.pk)
    if invite_email.strip():
        contract.invitation = _invite(
            acting_user=acting_user, contract=contract, email=invite_email
        )
        contract.save(update_fields=["invitation", "updated_at"])
    contract_refresh_figures(contract)
    return contract


def _invite(*, acting_user: User, contract: Contract, email: str) -> Invitation:
    try:
        invitation, _token = invitation_create(
            acting_user=acting_user,
            email=email,
            role=Role.CONTRACTOR,
            organisation=contract.organisation,
            contract_name=contract.name,
        )
    except ValidationError as exc:
        raise ValidationError({"invite_email": exc.messages}) from exc
    audit_log(
        actor=acting_user,
        action="contract.invite",
        obj=contract,
        data={"invitation": invitation.pk},
        contract_id=contract.pk,
    )
    return invitation


def _extended_end(end: date, months: int) -> date:
    """The end date ``months`` later, the period running on without a gap:
    31-12-2027 + 12 -> 31-12-2028; 30-11-2027 + 1 -> 31-12-2027."""
    return add_months(end + timedelta(days=1), months) - timedelta(days=1)


@transaction.atomic
def contract_extension_create(
    *,
    acting_user: User,
    contract: Contract,
    exercised_on: date,
    months_added: int,
    value_added_eur: Decimal,
    note: str = "",
) -> ContractExtension:
    """Record an exercised extension: the end date moves by ``months_added``, the obligation
    is recomputed from the value including every extension (stored on the contract).

    Refused on a closed contract (``ContractError``) and for values outside the limits
    (``ValidationError``); nothing changes then. Locks and re-reads the contract first.
    """
    _require_coordinator(acting_user)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.status == ContractStatus.CLOSED:
        raise ContractError(_("This contract is closed: an extension can no longer be added."))
    errors: dict[str, str] = {}
    if not DATE_MIN <= exercised_on <= DATE_MAX:
        errors["exercised_on"] = _("Enter a date between %(min)s and %(max)s.") % {
            "min": f"{DATE_MIN:%d-%m-%Y}",
            "max": f"{DATE_MAX:%d-%m-%Y}",
        }
    if not EXTENSION_MONTHS.minimum <= months_added <= EXTENSION_MONTHS.maximum:
        errors["months_added"] = _("Enter a number of months from %(min)s to %(max)s.") % {
            "min": EXTENSION_MONTHS.minimum,
            "max": EXTENSION_MONTHS.maximum,
        }
    if not AMOUNT_EUR.admits(value_added_eur):
        errors["value_added_eur"] = _("Enter an amount of 0 or more, at most 100 billion.")
    if contract.end_date is None:
        errors["months_added"] = _("The contract has no end date yet: it cannot be extended.")
    if errors:
        raise ValidationError(errors)
    assert contract.end_date is not None  # noqa: S101 (checked above)
    new_end = _extended_end(contract.end_date, months_added)
    if new_end > DATE_MAX:
        raise ValidationError(
            {"months_added": _("The contract would end after %(max)s.") % {"max": DATE_MAX}}
        )
    value_before = contract_value_with_extensions(contract)
    if value_before is not None and value_before + value_added_eur > AMOUNT_EUR.maximum:
        raise ValidationError(
            {"value_added_eur": _("The contract value would exceed the maximum amount.")}
        )
    before = {
        "end_date": str(contract.end_date),
        "obligation_eur": _text(contract_obligation(contract)),
    }
    extension = ContractExtension(
        contract=contract,
        exercised_on=exercised_on,
        months_added=months_added,
        value_added_eur=value_added_eur,
        note=note.strip(),
        created_by=acting_user,
    )
    extension.full_clean(exclude=["contract", "created_by"])
    extension.save()
    contract.end_date = new_end
    contract.save(update_fields=["end_date", "updated_at"])
    contract_refresh_figures(contract)
    audit_log(
        actor=acting_user,
        action="contract.extend",
        obj=contract,
        data={
            "extension": extension.pk,
            "exercised_on": str(exercised_on),
            "months_added": months_added,
            "value_added_eur": str(value_added_eur),
            "before": before,
            "after": {
                "end_date": str(new_end),
                "obligation_eur": _text(contract.obligation_eur),
            },
        },
        contract_id=contract.pk,
    )
    return extension


def _text(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None
