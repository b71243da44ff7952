"""``sroi.core.formcopy``: the direct copy of a form's fields is Django's deepcopy, faster.

Held to Django's own ``Field.__deepcopy__`` for every field of every form that uses it: the
same class, the same attributes, and a new object exactly where Django makes a new one (so a
change to one form's field never reaches another form or the class).
"""

from __future__ import annotations

import copy
import importlib
import pkgutil
import re
from typing import Any

import pytest
from django import forms

import sroi
from sroi.core.formcopy import (
    FastCopyForm,
    FastCopyManagementForm,
    FieldsCopiedDirectly,
    copy_field,
)
from sroi.rules import forms as rule_forms
from tests.engine.builders import utrecht_2024


def _all_subclasses(cls: type) -> list[type]:
    found: list[type] = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_all_subclasses(sub))
    return found


def _forms_copied_directly() -> list[type[forms.Form]]:
    """Every form class that uses it: every ``forms*`` module of the project is imported
    first, so a new one is found whatever this test module itself imports."""
    for module in pkgutil.walk_packages(sroi.__path__, "sroi."):
        if module.name.rsplit(".", 1)[-1].startswith("forms"):
            importlib.import_module(module.name)
    return [FastCopyManagementForm, *_all_subclasses(FastCopyForm)]


def _assert_same_copy(original: Any, django_copy: Any, direct_copy: Any, where: str) -> None:
    assert type(direct_copy) is type(django_copy), where
    assert direct_copy is not original, where
    assert set(vars(direct_copy)) == set(vars(django_copy)), where
    for name, django_value in vars(django_copy).items():
        direct_value = vars(direct_copy)[name]
        original_value = vars(original)[name]
        place = f"{where}.{name}"
        if name == "widget":
            _assert_same_copy(original_value, django_value, direct_value, place)
            continue
        if django_value is original_value:
            assert direct_value is original_value, f"{place}: Django shares it"
        else:
            assert direct_value is not original_value, f"{place}: Django copies it"
            assert type(direct_value) is type(django_value), place
        if name in ("_choices", "choices"):
            assert list(direct_value) == list(django_value), place
        elif name not in ("error_messages",):
            assert direct_value == django_value or direct_value is django_value, place
    if hasattr(django_copy, "error_messages"):
        assert direct_copy.error_messages == django_copy.error_messages, where


@pytest.mark.parametrize("form_class", _forms_copied_directly(), ids=lambda cls: cls.__name__)
def test_every_field_is_copied_as_django_copies_it(form_class: type[forms.Form]) -> None:
    assert isinstance(form_class.base_fields, FieldsCopiedDirectly)
    assert form_class.base_fields, "a form without fields tells nothing"
    for name, field in form_class.base_fields.items():
        django_copy = copy.deepcopy(field)  # Django's Field.__deepcopy__
        direct_copy = copy_field(field, {})
        _assert_same_copy(field, django_copy, direct_copy, f"{form_class.__name__}.{name}")


def test_a_change_to_one_forms_field_reaches_no_other_form() -> None:
    ruleset = utrecht_2024()
    first = rule_forms.PlacementLineForm(ruleset=ruleset, prefix="a")
    second = rule_forms.PlacementLineForm(ruleset=ruleset, prefix="b")
    first.fields["block"].widget.attrs["autofocus"] = True
    first.fields["hours_per_week"].error_messages["required"] = "changed"
    first.fields["count"].validators.append(lambda value: None)
    first.fields["block"].choices = [("X", "x")]

    for other in (second.fields, rule_forms.PlacementLineForm.base_fields):
        assert "autofocus" not in other["block"].widget.attrs
        assert other["hours_per_week"].error_messages["required"] != "changed"
        assert len(other["count"].validators) == len(
            rule_forms.PlacementLineForm.base_fields["count"].validators
        )
    assert ("X", "x") not in list(second.fields["block"].choices)
    assert first.fields["block"].widget is not second.fields["block"].widget


def test_a_field_with_its_own_copy_is_copied_by_deepcopy() -> None:
    class Split(FastCopyForm):
        when = forms.SplitDateTimeField()  # a MultiValueField with a MultiWidget

    first, second = Split(), Split()
    assert first.fields["when"] is not second.fields["when"]
    assert first.fields["when"].fields[0] is not second.fields["when"].fields[0]
    assert first.fields["when"].widget.widgets[0] is not second.fields["when"].widget.widgets[0]


def test_a_formset_renders_and_validates_its_management_form() -> None:
    ruleset = utrecht_2024()
    unbound = rule_forms.PlacementFormSet(prefix="placements", ruleset=ruleset, language="nl")
    html = str(unbound.management_form)
    assert re.search(r'name="placements-TOTAL_FORMS" value="0"', html)
    assert re.search(r'name="placements-MAX_NUM_FORMS" value="50"', html)
    bound = rule_forms.PlacementFormSet(
        {"placements-TOTAL_FORMS": "x"}, prefix="placements", ruleset=ruleset, language="nl"
    )
    assert not bound.is_valid()
    assert bound.non_form_errors()


def test_a_field_declared_under_two_names_is_copied_once_as_deepcopy_does() -> None:
    shared = forms.CharField()
    fields = FieldsCopiedDirectly({"one": shared, "two": shared})

    copied = copy.deepcopy(fields)
    djangos = copy.deepcopy(dict(fields))

    assert copied["one"] is copied["two"]
    assert djangos["one"] is djangos["two"]
    assert copied["one"] is not shared


def test_a_widget_shared_by_two_fields_is_copied_once_as_deepcopy_does() -> None:
    widget = forms.TextInput()
    fields = FieldsCopiedDirectly({"one": forms.CharField(), "two": forms.CharField()})
    for field in fields.values():
        field.widget = widget  # a Field's __init__ copies a widget given to it

    copied = copy.deepcopy(fields)
    djangos = copy.deepcopy(dict(fields))

    assert djangos["one"].widget is djangos["two"].widget
    assert copied["one"].widget is copied["two"].widget
    assert copied["one"].widget is not widget
