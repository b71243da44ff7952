"""Every state change of organisations, invitations and sign-ups, each with its audit entry."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from sroi.accounts.constants import INVITATION_VALID_DAYS, InvitationStatus, Role
from sroi.accounts.models import Invitation, Organisation, User, invitation_token_hash
from sroi.core.audit import audit_log
from sroi.core.mail import mail_enqueue


@dataclass(frozen=True)
class OrganisationDetails:
    """An organisation's company and contact data, already validated and normalised by a form."""

    name: str
    kvk_number: str
    street: str
    house_number: str
    postcode: str
    city: str
    contact_name: str
    contact_function: str
    contact_email: str
    contact_phone: str

    @classmethod
    def from_cleaned_data(cls, data: Mapping[str, Any]) -> OrganisationDetails:
        return cls(**{field.name: data[field.name] for field in fields(cls)})


class InvitationError(Exception):
    """An invitation that cannot be accepted; ``code`` says why: ``accepted``, ``expired`` or
    ``email_taken`` (someone registered the address in the meantime)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@transaction.atomic
def organisation_create(
    *,
    acting_user: User | None,
    details: OrganisationDetails,
    member: User | None = None,
    awaiting_verification: bool = False,
) -> Organisation:
    """Create an organisation; ``member`` (a new sign-up) joins it as its contractor.

    A sign-up's organisation is ``awaiting_verification`` (hidden from coordinators) until
    the member's e-mail address is verified (``organisation_verify``)."""
    organisation = Organisation.objects.create(
        **asdict(details), awaiting_verification=awaiting_verification
    )
    if member is not None:
        member.organisation = organisation
        member.role = Role.CONTRACTOR
        member.save(update_fields=["organisation", "role"])
    audit_log(
        actor=acting_user,
        action="organisation.create",
        obj=organisation,
        data={"member": member.pk if member is not None else None},
    )
    return organisation


@transaction.atomic
def organisation_verify(*, acting_user: User) -> Organisation | None:
    """The member's e-mail address is verified: its organisation (if it was awaiting that) is
    shown to coordinators from now on. Returns the organisation that changed, if any."""
    if acting_user.organisation_id is None:
        return None
    organisation = (
        Organisation.objects.select_for_update()
        .filter(pk=acting_user.organisation_id, awaiting_verification=True)
        .first()
    )
    if organisation is None:
        return None
    organisation.awaiting_verification = False
    organisation.save(update_fields=["awaiting_verification"])
    audit_log(actor=acting_user, action="organisation.verify", obj=organisation)
    return organisation


@transaction.atomic
def organisation_update(
    *, acting_user: User, organisation: Organisation, details: OrganisationDetails
) -> Organisation:
    """A contractor edits its own organisation. Nobody else edits a company here."""
    if not (acting_user.is_contractor and acting_user.organisation_id == organisation.pk):
        raise PermissionDenied("Only a member of the organisation may edit it.")
    changed = [
        name for name, value in asdict(details).items() if getattr(organisation, name) != value
    ]
    for name in changed:
        setattr(organisation, name, getattr(details, name))
    if changed:
        organisation.save(update_fields=changed)
    audit_log(
        actor=acting_user, action="organisation.update", obj=organisation, data={"fields": changed}
    )
    return organisation


def invitation_accept_url(token: str) -> str:
    return settings.SROI_BASE_URL.rstrip("/") + reverse("accounts:invitation_accept", args=[token])


@transaction.atomic
def invitation_create(
    *,
    acting_user: User,
    email: str,
    role: str,
    organisation: Organisation | None = None,
    contract_name: str = "",
) -> tuple[Invitation, str]:
    """A coordinator invites someone. Returns the invitation and the token (sent, never stored).

    ``contract_name``: the invitation asks to fill in the plan of that contract (a contract the
    coordinator registered); the mail names it."""
    if not acting_user.is_coordinator:
        raise PermissionDenied("Only a coordinator may invite.")
    if role not in Role.values or role == Role.BUYER:
        raise ValidationError(_("This role cannot be invited."), code="invalid_role")
    if role == Role.ADMINISTRATOR and acting_user.role != Role.ADMINISTRATOR:
        raise PermissionDenied("Only an administrator may invite an administrator.")
    if organisation is not None and role != Role.CONTRACTOR:
        raise ValidationError(
            _("Only a contractor belongs to an organisation: leave this empty."),
            code="organisation_not_for_role",
        )
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            _("An account with this e-mail address already exists."), code="email_taken"
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        organisation=organisation,
        role=role,
        token_hash=invitation_token_hash(token),
        expires_at=timezone.now() + timedelta(days=INVITATION_VALID_DAYS),
        invited_by=acting_user,
    )
    context = {
        "invitation": invitation,
        "invited_by": acting_user,
        "role": Role(role).label,
        "accept_url": invitation_accept_url(token),
        "contract_name": contract_name,
    }
    # The invitee's language is unknown: write in the site's language (Dutch).
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/invitation_subject.txt", context)
        body = render_to_string("accounts/email/invitation_message.txt", context)
    mail_enqueue(
        to=[email],
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        acting_user=acting_user,
    )
    audit_log(
        actor=acting_user,
        action="invitation.create",
        obj=invitation,
        data={"role": role, "organisation": organisation.pk if organisation else None},
    )
    return invitation, token


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    full_name: str,
    password: str,
    organisation_details: OrganisationDetails | None = None,
) -> User:
    """The invitee sets a password: create the user (e-mail verified) and, if so invited, the
    organisation. The new user is the actor. Raises ``InvitationError`` when it cannot be used."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.status != InvitationStatus.PENDING:
        raise InvitationError(locked.status)
    if User.objects.filter(email__iexact=locked.email).exists():
        raise InvitationError("email_taken")
    user = User.objects.create_user(
        email=locked.email,
        password=password,
        full_name=full_name,
        role=locked.role,
        organisation=locked.organisation,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if locked.role == Role.CONTRACTOR and locked.organisation is None:
        if organisation_details is None:
            raise ValueError("An invitation for a new organisation needs its details.")
        organisation_create(acting_user=user, details=organisation_details, member=user)
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    audit_log(
        actor=user,
        action="invitation.accept",
        obj=locked,
        data={"role": locked.role, "organisation": user.organisation_id},
    )
    invitation.accepted_at, invitation.accepted_by = locked.accepted_at, user
    return user
