"""Changing a buyer's publication of open figures: its address, introduction and whether it
is published. Access is checked again here (the view's check is not trusted), under a lock of
the buyer's row, with an audit entry."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sroi.core.audit import audit_log
from sroi.core.validators import no_bsn
from sroi.plans.models import Buyer
from sroi.portfolio.constants import PUBLICATION_INTRODUCTION_MAX_LENGTH
from sroi.portfolio.models import Publication
from sroi.portfolio.publication_selectors import publication_buyers_for_user, publication_revision
from sroi.portfolio.validators import validate_publication_slug

SLUG_TAKEN_MESSAGE = _("This address is already in use. Choose another one.")
CONFLICT_MESSAGE = _(
    "Someone else changed these settings while you were editing. Nothing you typed is lost: "
    "the form still holds your text, and the other version is shown above it. Check both and "
    "save again to keep yours."
)


def publication_slug_taken(slug: str, *, buyer: Buyer) -> bool:
    return Publication.objects.filter(slug=slug).exclude(buyer=buyer).exists()


@transaction.atomic
def publication_save(
    *,
    acting_user: Any,
    buyer: Buyer,
    slug: str,
    published: bool,
    introduction: str,
    revision: str,
) -> Publication:
    """Create or change ``buyer``'s publication. Raises ``PermissionDenied`` if
    ``acting_user`` may not manage it, ``ValidationError`` for a bad or taken address or when
    the settings changed since ``revision`` (the form's ``publication_revision``)."""
    if not publication_buyers_for_user(acting_user).filter(pk=buyer.pk).exists():
        raise PermissionDenied
    locked = Buyer.objects.select_for_update().get(pk=buyer.pk)
    validate_publication_slug(slug)
    try:  # the limit and the BSN guard of the form, again (a caller may skip the form)
        MaxLengthValidator(PUBLICATION_INTRODUCTION_MAX_LENGTH)(introduction)
        no_bsn(introduction)
    except ValidationError as exc:
        raise ValidationError({"introduction": exc.error_list}) from exc
    publication = Publication.objects.select_for_update().filter(buyer=locked).first()
    if revision != publication_revision(publication):
        raise ValidationError(CONFLICT_MESSAGE, code="conflict")
    if publication_slug_taken(slug, buyer=locked):
        raise ValidationError({"slug": SLUG_TAKEN_MESSAGE})
    was_published = publication is not None and publication.published
    if publication is None:
        publication = Publication(buyer=locked)
    before = {"slug": publication.slug, "introduction": publication.introduction}
    publication.slug = slug
    publication.introduction = introduction
    publication.published = published
    publication.changed_by = acting_user
    if published and not was_published:
        publication.published_at = timezone.now()
    try:
        with transaction.atomic():  # a savepoint: another buyer took the address just now
            publication.save()
    except IntegrityError as exc:
        raise ValidationError({"slug": SLUG_TAKEN_MESSAGE}) from exc
    if published != was_published:
        action = "publication.publish" if published else "publication.unpublish"
    else:
        action = "publication.change"
    audit_log(
        actor=acting_user,
        action=action,
        obj=publication,
        data={
            "buyer": locked.pk,
            "slug": slug,
            "published": published,
            "slug_changed": before["slug"] != slug,
            "introduction_changed": before["introduction"] != introduction,
        },
    )
    return publication
