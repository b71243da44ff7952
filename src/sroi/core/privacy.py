"""The BSN guard at save time: the last line of defence behind the forms.

Every model field of the project that carries ``no_bsn`` (or ``no_bsn_in_json``) is checked
again when the row is saved, whoever saves it (a service, a management command, the admin, a
data migration). A form shows the Dutch message at the field before it gets here; a text that
reaches this check anyway is refused with a ``ValidationError`` naming the field, and nothing
is stored. (Bulk operations such as ``QuerySet.update`` and ``bulk_create`` send no signal:
they are not used for typed text.)
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.db.models.signals import pre_save

from sroi.core.validators import is_bsn_guarded, no_bsn, no_bsn_in_json


@cache
def guarded_fields(model: type[Model]) -> tuple[Any, ...]:
    """The concrete fields of ``model`` that carry the BSN guard."""
    return tuple(field for field in model._meta.concrete_fields if is_bsn_guarded(field))


def refuse_bsn_on_save(
    sender: type[Model], instance: Model, update_fields: Any = None, raw: bool = False, **_: Any
) -> None:
    if raw:  # loading a fixture
        return
    errors: dict[str, list[ValidationError]] = {}
    for field in guarded_fields(sender):
        if update_fields is not None and field.name not in update_fields:
            continue
        value = getattr(instance, field.attname)
        for validator in field.validators:
            if validator not in (no_bsn, no_bsn_in_json):
                continue
            try:
                validator(value)
            except ValidationError as error:
                errors.setdefault(field.name, []).append(error)
    if errors:
        raise ValidationError(errors)


def connect() -> None:
    pre_save.connect(refuse_bsn_on_save, dispatch_uid="sroi.core.privacy.refuse_bsn_on_save")
