"""Validation of a publication's address (``/open/<slug>/``), shared by the form and the
service; the limits are in ``sroi.portfolio.constants``."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sroi.portfolio.constants import (
    PUBLICATION_RESERVED_SLUGS,
    PUBLICATION_SLUG_MAX_LENGTH,
    PUBLICATION_SLUG_MIN_LENGTH,
)

# ASCII lower-case letters and digits, in words joined by single hyphens.
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Nine or more digits in a row look like a BSN or another number about a person.
_LONG_NUMBER = re.compile(r"[0-9]{9,}")


def validate_publication_slug(value: str) -> None:
    """Refuse an address that is not lower-case letters, digits and single hyphens, is too
    short or long, is a reserved word or holds a long number."""
    if len(value) < PUBLICATION_SLUG_MIN_LENGTH or len(value) > PUBLICATION_SLUG_MAX_LENGTH:
        raise ValidationError(
            _("Use between %(min)d and %(max)d characters."),
            code="length",
            params={"min": PUBLICATION_SLUG_MIN_LENGTH, "max": PUBLICATION_SLUG_MAX_LENGTH},
        )
    if not _SLUG.fullmatch(value):
        raise ValidationError(
            _(
                "Use only lower-case letters (a-z), digits and single hyphens between them, "
                "for example gemeente-hoorn."
            ),
            code="invalid",
        )
    if value in PUBLICATION_RESERVED_SLUGS:
        raise ValidationError(_("This address is reserved. Choose another one."), code="reserved")
    if _LONG_NUMBER.search(value):
        raise ValidationError(
            _("An address cannot hold a number of nine or more digits."), code="number"
        )
