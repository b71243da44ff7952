"""Reads of the publications of open figures: the public one by its address, and which buyers'
publications a user manages (docs/access.md, "Open figures").

- Anyone (no login) reads a PUBLISHED publication by its address; an unpublished or unknown
  address is the same 404 (nothing is disclosed).
- A coordinator (and an administrator) manages the publication of every buyer; a buyer user
  that of its own buyer (another buyer's: 404); a contractor none (403).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sroi.accounts.constants import OrganisationKind
from sroi.accounts.selectors import user_buyer_organisation_id
from sroi.plans.models import Buyer
from sroi.portfolio.models import Publication


def publication_get_public(slug: str) -> Publication:
    """The published publication at ``slug`` with its buyer, or 404 (unknown or unpublished
    alike)."""
    try:
        return Publication.objects.select_related("buyer").get(slug=slug, published=True)
    except Publication.DoesNotExist as exc:
        raise Http404 from exc


def can_manage_publications(user: Any) -> bool:
    """Coordinators (and administrators) and buyer users; not contractors or anonymous users."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_coordinator) or user_buyer_organisation_id(user) is not None


def publication_buyers_for_user(user: Any) -> QuerySet[Buyer]:
    """The buyers whose publication ``user`` manages, by name, with their publication."""
    buyers = Buyer.objects.select_related("publication").order_by("name")
    if getattr(user, "is_authenticated", False) and user.is_coordinator:
        return buyers
    organisation_id = user_buyer_organisation_id(user)
    if organisation_id is None:
        return buyers.none()
    return buyers.filter(organisation_id=organisation_id, organisation__kind=OrganisationKind.BUYER)


def publication_buyer_get_for_user(user: Any, buyer_pk: int) -> Buyer:
    """The buyer whose publication ``user`` manages, or 404 (another buyer's, unknown)."""
    try:
        return publication_buyers_for_user(user).get(pk=buyer_pk)
    except Buyer.DoesNotExist as exc:
        raise Http404 from exc


def publication_of(buyer: Buyer) -> Publication | None:
    """The buyer's publication, or None if it never had one."""
    return Publication.objects.filter(buyer=buyer).first()


def publication_revision(publication: Publication | None) -> str:
    """What the form carries to detect a crossing edit: the last change's time ("" if none)."""
    return publication.updated_at.isoformat() if publication is not None else ""
