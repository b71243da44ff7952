"""Who sees which organisations and invitations: the one place where that is decided."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from sroi.accounts.models import Invitation, Organisation, User, invitation_token_hash


def organisation_list_for_user(user: User) -> QuerySet[Organisation]:
    """A coordinator sees every organisation except a sign-up's whose e-mail address is not
    verified yet; anybody else none (403)."""
    if not user.is_coordinator:
        raise PermissionDenied
    return Organisation.objects.filter(awaiting_verification=False).order_by("name", "pk")


def organisation_get_for_user(user: User, *, pk: int) -> Organisation:
    """A coordinator sees any verified organisation; a contractor only its own (404 for the
    others)."""
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
