"""Forms whose fields are copied per instance without ``copy.deepcopy``'s generic machinery.

Every Django form copies its class's fields when it is made (``copy.deepcopy(base_fields)``).
Django's ``Field.__deepcopy__`` and ``Widget.__deepcopy__`` copy an object with ``copy.copy``
(``__reduce_ex__`` and ``_reconstruct``), then give the copy its own widget, widget attributes,
error messages, validators and, for a choice field, choices. On the calculator's live update,
a request of nine small forms spent about a third of its form time there.

``copy_field`` makes the same copy directly: a new object of the same class with the same
attributes, and new containers where Django makes new ones. It does so only for fields and
widgets whose copy is Django's own (``Field``, ``ChoiceField``; ``Widget``, ``ChoiceWidget``);
any other class (a ``MultiValueField``, a ``MultiWidget``, a class with its own
``__deepcopy__``) is copied by ``copy.deepcopy`` as before. ``tests/core/test_formcopy.py``
holds the two to the same result for every field of the forms that use it.

What it relies on of Django (5.2), stated so that an upgrade is read against it: the four
``__deepcopy__`` methods named above copy nothing but what ``copy_field`` and ``copy_widget``
copy (the test compares each attribute's identity with Django's copy, so a new container shows);
``ChoiceField`` keeps its choices in the private ``_choices``; and ``copy.copy`` of these
objects is a new instance with the same ``__dict__`` (no ``__slots__``, ``__copy__``,
``__reduce_ex__``, ``__getstate__`` or ``__new__`` of their own: only ``__deepcopy__`` is
checked, so a form with a field or widget class that defines one of those is no
``FastCopyForm``).

Use ``FastCopyForm`` as the base of a form, or ``FastCopyManagementForm`` for a formset.
"""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.forms.fields import Field
from django.forms.forms import DeclarativeFieldsMetaclass
from django.forms.formsets import ManagementForm
from django.forms.widgets import ChoiceWidget, Widget

_PLAIN_FIELD_COPIES = frozenset({Field.__deepcopy__})
_CHOICE_FIELD_COPIES = frozenset({forms.ChoiceField.__deepcopy__})
_PLAIN_WIDGET_COPIES = frozenset({Widget.__deepcopy__})
_CHOICE_WIDGET_COPIES = frozenset({ChoiceWidget.__deepcopy__})


def _same_object(original: Any) -> Any:
    """What ``copy.copy`` makes of an ordinary object: the same class, the same attributes."""
    result = object.__new__(type(original))
    result.__dict__.update(original.__dict__)
    return result


def copy_widget(widget: Widget, memo: dict[int, Any]) -> Widget:
    """``copy.deepcopy(widget, memo)``, directly for Django's own widget copies."""
    copied = memo.get(id(widget))
    if copied is not None:  # shared by two fields: one copy, as deepcopy makes
        return copied  # type: ignore[no-any-return]
    copier = type(widget).__deepcopy__
    if copier in _PLAIN_WIDGET_COPIES:
        result = _same_object(widget)
    elif copier in _CHOICE_WIDGET_COPIES:
        result = _same_object(widget)
        result.choices = copy.copy(widget.choices)  # type: ignore[attr-defined]
    else:
        return copy.deepcopy(widget, memo)
    result.attrs = widget.attrs.copy()
    memo[id(widget)] = result
    return result  # type: ignore[no-any-return]


def copy_field(field: Field, memo: dict[int, Any]) -> Field:
    """``copy.deepcopy(field, memo)``, directly for Django's own field copies."""
    copier = type(field).__deepcopy__
    if copier not in _PLAIN_FIELD_COPIES and copier not in _CHOICE_FIELD_COPIES:
        return copy.deepcopy(field, memo)
    copied = memo.get(id(field))
    if copied is not None:  # the same field under two names: one copy, as deepcopy makes
        return copied  # type: ignore[no-any-return]
    result = _same_object(field)
    memo[id(field)] = result
    result.widget = copy_widget(field.widget, memo)
    result.error_messages = field.error_messages.copy()
    result.validators = field.validators[:]
    if copier in _CHOICE_FIELD_COPIES:
        result._choices = copy.deepcopy(field._choices, memo)  # type: ignore[attr-defined]
    return result  # type: ignore[no-any-return]


class FieldsCopiedDirectly(dict[str, Field]):
    """A form class's ``base_fields``: ``copy.deepcopy`` of it uses ``copy_field``."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Field]:
        return {name: copy_field(field, memo) for name, field in self.items()}


class FastCopyFieldsMetaclass(DeclarativeFieldsMetaclass):
    """Django's form metaclass, with ``base_fields`` that copy directly."""

    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        new_class = super().__new__(mcs, name, bases, attrs)
        new_class.base_fields = FieldsCopiedDirectly(new_class.base_fields)  # type: ignore[attr-defined]
        return new_class


class FastCopyForm(forms.Form, metaclass=FastCopyFieldsMetaclass):
    """A ``forms.Form`` whose fields are copied per instance by ``copy_field``."""


class FastCopyManagementForm(ManagementForm, metaclass=FastCopyFieldsMetaclass):
    """Django's formset management form, its fields copied by ``copy_field``."""
