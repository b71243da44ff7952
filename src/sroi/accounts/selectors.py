"""Who sees which organisations and invitations: the one place where that is decided."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from sroi.accounts.constants import Role
from sroi.accounts.models import Invitation, Organisation, User, invitation_token_hash


def user_buyer_organisation_id(user: Any) -> int | None:
    """The organisation whose buyer's contracts ``user`` reads, or None if ``user`` is not a
    buyer user (role buyer, signed in, active, with an organisation).

    That the organisation is a buyer's (kind buyer, linked from ``plans.Buyer``) is checked
    where the contracts are filtered (``sroi.plans.selectors.contracts_visible_q``), in the
    same query: this helper reads no database."""
    if not (
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "role", None) == Role.BUYER
    ):
        return None
    organisation_id: int | None = user.organisation_id
    return organisation_id


def organisation_list_for_user(user: User, *, kind: str | None = None) -> QuerySet[Organisation]:
    """A coordinator sees every organisation (of ``kind``, if given) except a sign-up's whose
    e-mail address is not verified yet; anybody else none (403)."""
    if not user.is_coordinator:
        raise PermissionDenied
    organisations = Organisation.objects.filter(awaiting_verification=False)
    if kind is not None:
        organisations = organisations.filter(kind=kind)
    return organisations.order_by("name", "pk")


def organisation_get_for_user(user: User, *, pk: int) -> Organisation:
    """A coordinator sees any verified organisation; a member (contractor or buyer user) only
    its own (404 for the others)."""
    if user.is_coordinator:
        queryset = Organisation.objects.filter(awaiting_verification=False)
    elif user.organisation_id is not None:
        queryset = Organisation.objects.filter(pk=user.organisation_id)
    else:
        queryset = Organisation.objects.none()
    try:
        return queryset.get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None


def organisation_members(organisation: Organisation) -> QuerySet[User]:
    return organisation.users.filter(is_active=True).order_by("full_name", "email")


def organisation_admins(organisation: Organisation) -> QuerySet[User]:
    return organisation_members(organisation).filter(organisation_admin=True)


def organisation_managed_by(user: Any) -> Organisation | None:
    """The organisation ``user`` administers (invites colleagues into), or None."""
    if not (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.organisation_admin
        and user.role in (Role.CONTRACTOR, Role.BUYER)
        and user.organisation_id is not None
    ):
        return None
    organisation: Organisation | None = Organisation.objects.filter(pk=user.organisation_id).first()
    return organisation


def invitation_pending_for_organisation(organisation: Organisation) -> QuerySet[Invitation]:
    """Invitations into ``organisation`` that can still be used, newest first."""
    return (
        organisation.invitations.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("invited_by")
        .order_by("-created_at", "-pk")
    )


def invitation_get_for_manager(user: Any, *, pk: int) -> Invitation:
    """An invitation into the organisation ``user`` administers (any, for a coordinator);
    404 for every other."""
    if getattr(user, "is_authenticated", False) and user.is_coordinator:
        invitations = Invitation.objects.all()
    else:
        managed = organisation_managed_by(user)
        if managed is None:
            raise Http404
        invitations = Invitation.objects.filter(organisation=managed)
    try:
        return invitations.get(pk=pk)
    except Invitation.DoesNotExist:
        raise Http404 from None


def colleague_get_for_manager(user: Any, *, pk: int) -> User:
    """A user of the organisation ``user`` administers; 404 for every other."""
    managed = organisation_managed_by(user)
    if managed is None:
        raise Http404
    try:
        return User.objects.get(pk=pk, organisation=managed)
    except User.DoesNotExist:
        raise Http404 from None


def invitation_list_for_user(user: User) -> QuerySet[Invitation]:
    """Coordinators see every invitation; anybody else none (403)."""
    if not user.is_coordinator:
        raise PermissionDenied
    return Invitation.objects.select_related("organisation", "invited_by").order_by(
        "-created_at", "-pk"
    )


def invitation_get_by_token(token: str) -> Invitation | None:
    """The invitation the link's token belongs to; the token is the access check."""
    return (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )
