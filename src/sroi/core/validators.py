"""Field validators shared by the apps: the BSN guard on every free text the system stores.

``no_bsn`` is put on every free-text model field (``CharField``, ``TextField``,
``EmailField``) and on the form fields that feed them; ``no_bsn_in_json`` on a JSON field that
holds typed text. ``tests/privacy/test_guard_everywhere.py`` walks every model and form of the
project and fails for a text field without the guard that is not explicitly exempted, so a
field added later cannot forget it. ``sroi.core.apps`` also checks the guarded fields on every
save (``pre_save``), a last line of defence behind the forms for services, commands and the
admin.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sroi.core.bsn import looks_like_bsn

BSN_REFUSED_MESSAGE = _("Do not enter a BSN here: use a pseudonym (for example K-017).")
BSN_REFUSED_CODE = "bsn_refused"


def no_bsn(value: object) -> None:
    """Refuse a text holding something that looks like a BSN (see ``sroi.core.bsn``).

    Candidate data is sensitive: candidates are referred to by pseudonyms, never by BSN.
    """
    if isinstance(value, str) and looks_like_bsn(value):
        raise ValidationError(BSN_REFUSED_MESSAGE, code=BSN_REFUSED_CODE)


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        # the keys too: a kept form's keys are field names the client chose
        return [text for key, item in value.items() for text in [*_texts(key), *_texts(item)]]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _texts(item)]
    return []


def no_bsn_in_json(value: object) -> None:
    """``no_bsn`` for every string inside a JSON value (dict keys and values, list items)."""
    for text in _texts(value):
        no_bsn(text)


def is_bsn_guarded(field: Any) -> bool:
    """Whether a model or form field carries the BSN guard."""
    return any(validator in (no_bsn, no_bsn_in_json) for validator in field.validators)
