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

from sroi.accounts.constants import (
    INVITATION_VALID_DAYS,
    ROLE_FOR_ORGANISATION_KIND,
    InvitationStatus,
    OrganisationKind,
    Role,
)
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
    """Create an organisation; ``member`` (a new sign-up) joins it as its contractor and its
    administrator (who invites colleagues).

    A sign-up's organisation is ``awaiting_verification`` (hidden from coordinators) until
    the member's e-mail address is verified (``organisation_verify``)."""
    organisation = Organisation.objects.create(
        **asdict(details), awaiting_verification=awaiting_verification
    )
    if member is not None:
        member.organisation = organisation
        member.role = Role.CONTRACTOR
        member.organisation_admin = True
        member.save(update_fields=["organisation", "role", "organisation_admin"])
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


def organisation_role_error(role: str, organisation: Organisation | None) -> str | None:
    """Why ``role`` cannot belong to ``organisation`` (None: it can). A contractor belongs to a
    contractor's company (or brings a new one), a buyer user to a buyer organisation, and a
    coordinator or administrator to none."""
    if role == Role.CONTRACTOR:
        if organisation is not None and organisation.kind != OrganisationKind.CONTRACTOR:
            return str(_("A contractor belongs to a contractor's company, not to a buyer."))
        return None
    if role == Role.BUYER:
        if organisation is None or organisation.kind != OrganisationKind.BUYER:
            return str(_("A buyer user belongs to a buyer: choose the buyer's organisation."))
        return None
    if organisation is not None:
        return str(_("A coordinator belongs to no organisation: leave this empty."))
    return None


def _require_may_invite(acting_user: User, role: str, organisation: Organisation | None) -> None:
    """A coordinator invites anyone (an administrator only by an administrator); an
    organisation's administrator invites colleagues into that organisation only, with the
    organisation's role. Everybody else is refused."""
    if acting_user.is_coordinator:
        if role == Role.ADMINISTRATOR and acting_user.role != Role.ADMINISTRATOR:
            raise PermissionDenied("Only an administrator may invite an administrator.")
        return
    if not (
        acting_user.is_active
        and acting_user.organisation_admin
        and organisation is not None
        and acting_user.organisation_id == organisation.pk
        and ROLE_FOR_ORGANISATION_KIND.get(OrganisationKind(organisation.kind)) == role
        and acting_user.role == role
    ):
        raise PermissionDenied("Only an administrator of the organisation may invite colleagues.")


@transaction.atomic
def invitation_create(
    *,
    acting_user: User,
    email: str,
    role: str,
    organisation: Organisation | None = None,
    contract_name: str = "",
) -> tuple[Invitation, str]:
    """Invite someone. Returns the invitation and the token (sent, never stored).

    A coordinator invites contractors (into a company, or to register a new one), buyer users
    (into a buyer's organisation), coordinators and (an administrator only) administrators.
    An organisation's administrator invites colleagues (``colleague_invite``).

    ``contract_name``: the invitation asks to fill in the plan of that contract (a contract the
    coordinator registered); the mail names it."""
    if role not in Role.values:
        raise ValidationError(_("This role cannot be invited."), code="invalid_role")
    _require_may_invite(acting_user, role, organisation)
    problem = organisation_role_error(role, organisation)
    if problem is not None:
        raise ValidationError(problem, code="organisation_not_for_role")
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
    organisation. The new user is the actor. Raises ``InvitationError`` when it cannot be used
    (accepted, expired or revoked, or the address has an account meanwhile)."""
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
    elif locked.organisation is not None and not _has_admin(locked.organisation):
        # The first user of an organisation without an administrator (a buyer's first contract
        # manager) becomes its administrator, so that someone can invite colleagues.
        user.organisation_admin = True
        user.save(update_fields=["organisation_admin"])
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


def _has_admin(organisation: Organisation) -> bool:
    """Whether the organisation has an active administrator. (Two first users accepting at
    the same moment may both become one: harmless.)"""
    return User.objects.filter(
        organisation=organisation, is_active=True, organisation_admin=True
    ).exists()


@transaction.atomic
def colleague_invite(*, acting_user: User, email: str) -> tuple[Invitation, str]:
    """An organisation's administrator invites a colleague into their own organisation, with
    the organisation's role (contractor or buyer). The organisation is always the acting
    user's, never one the request names."""
    organisation = acting_user.organisation
    if organisation is None or not acting_user.organisation_admin:
        raise PermissionDenied("Only an administrator of the organisation may invite colleagues.")
    role = ROLE_FOR_ORGANISATION_KIND[OrganisationKind(organisation.kind)]
    return invitation_create(
        acting_user=acting_user, email=email, role=role, organisation=organisation
    )


def _require_manages(acting_user: User, organisation_id: int | None) -> None:
    """A coordinator, or an active administrator of the organisation."""
    if acting_user.is_coordinator:
        return
    if not (
        organisation_id is not None
        and acting_user.is_active
        and acting_user.organisation_admin
        and acting_user.organisation_id == organisation_id
    ):
        raise PermissionDenied("Only an administrator of the organisation may do this.")


@transaction.atomic
def invitation_revoke(*, acting_user: User, invitation: Invitation) -> Invitation:
    """Withdraw a pending invitation: its link stops working. A coordinator revokes any; an
    organisation's administrator those into their organisation. Raises ``InvitationError``
    (``accepted``, ``expired``, ``revoked``) when it is no longer pending; nothing changes."""
    _require_manages(acting_user, invitation.organisation_id)
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _require_manages(acting_user, locked.organisation_id)
    if locked.status != InvitationStatus.PENDING:
        raise InvitationError(locked.status)
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    audit_log(
        actor=acting_user,
        action="invitation.revoke",
        obj=locked,
        data={"organisation": locked.organisation_id},
    )
    invitation.revoked_at = locked.revoked_at
    return locked


class OrganisationAdminError(Exception):
    """Refused change of an administrator flag, with a message for the user."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@transaction.atomic
def organisation_admin_set(*, acting_user: User, member: User, admin: bool) -> User:
    """Make a colleague an administrator of the organisation, or no longer one.

    An administrator of the member's organisation (or a coordinator) may do it. At least one
    active administrator remains: removing the last one raises ``OrganisationAdminError`` and
    changes nothing. The organisation's users are locked, so two administrators removing each
    other at the same moment cannot leave it without one."""
    _require_manages(acting_user, member.organisation_id)
    if member.organisation_id is None:  # a coordinator or administrator: no organisation
        raise PermissionDenied("The user does not belong to an organisation.")
    colleagues = list(
        User.objects.select_for_update()
        .filter(organisation_id=member.organisation_id)
        .order_by("pk")
    )
    locked = next((user for user in colleagues if user.pk == member.pk), None)
    if locked is None or locked.organisation_id is None:
        raise PermissionDenied("The user does not belong to an organisation.")
    _require_manages(acting_user, locked.organisation_id)
    if not acting_user.is_coordinator and acting_user.pk != locked.pk:
        me = next((user for user in colleagues if user.pk == acting_user.pk), None)
        if me is None or not me.organisation_admin:  # re-read under the lock
            raise PermissionDenied("Only an administrator of the organisation may do this.")
    if locked.organisation_admin == admin:
        return locked
    if admin and not locked.is_active:
        raise OrganisationAdminError(
            str(_("A deactivated account cannot become an administrator."))
        )
    if not admin:
        others = [
            user
            for user in colleagues
            if user.pk != locked.pk and user.is_active and user.organisation_admin
        ]
        if not others:
            raise OrganisationAdminError(
                str(
                    _(
                        "The organisation needs at least one administrator. Make a colleague"
                        " administrator first."
                    )
                )
            )
    locked.organisation_admin = admin
    locked.save(update_fields=["organisation_admin"])
    audit_log(
        actor=acting_user,
        action="organisation.admin_grant" if admin else "organisation.admin_revoke",
        obj=locked,
        data={"organisation": locked.organisation_id},
    )
    member.organisation_admin = admin
    return locked
