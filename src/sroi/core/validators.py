"""Field validators shared by the apps' forms."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sroi.core.bsn import looks_like_bsn

BSN_REFUSED_MESSAGE = _("Do not enter a BSN here: use a pseudonym (for example K-017).")


def no_bsn(value: object) -> None:
    """Refuse a text holding something that looks like a BSN (see ``sroi.core.bsn``).

    Candidate data is sensitive: candidates are referred to by pseudonyms, never by BSN.
    """
    if isinstance(value, str) and looks_like_bsn(value):
        raise ValidationError(BSN_REFUSED_MESSAGE, code="bsn_refused")
