"""The form renderer (``FORM_RENDERER``): Django's widget templates, written out in Python.

A calculator page or a plan form renders a few hundred widgets; through the template engine
each ``<option>`` and each attribute list is an include, which made widget rendering half the
time of those pages. For the plain widget templates of Django itself (inputs, select,
textarea, checkbox and radio options) this renderer produces exactly the markup of those
templates (``tests/core/test_forms_renderer.py`` compares them); every other template, and
any of these that an app overrides, goes through the template engine as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import django
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

_WIDGETS = "django/forms/widgets/"
_DJANGO_TEMPLATES = Path(django.__file__).parent / "forms" / "templates"
_INPUT_TEMPLATES = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "checkbox",
        "search",
        "tel",
        "color",
    )
)
_OPTION_TEMPLATES = frozenset(
    f"{_WIDGETS}{name}.html" for name in ("input_option", "checkbox_option", "radio_option")
)
_SELECT = f"{_WIDGETS}select.html"
_SELECT_OPTION = f"{_WIDGETS}select_option.html"
_TEXTAREA = f"{_WIDGETS}textarea.html"


def _text(value: Any) -> str:
    """``{{ value }}`` in an autoescaping template (``render_value_in_context``)."""
    value = localize(value)
    if not isinstance(value, str):
        value = str(value)
    return conditional_escape(value)


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: ``%s``, escaped unless the value was safe."""
    text = str(value) if isinstance(value, tuple) else "%s" % (value,)  # noqa: UP031
    if isinstance(value, SafeString):
        return text
    return conditional_escape(text)


def _attrs(attrs: Mapping[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_text(name)}")
        else:
            parts.append(f" {_text(name)}={chr(34)}{_formatted(value)}{chr(34)}")
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    """``django/forms/widgets/input.html`` (without its final newline)."""
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value is not None else ""
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>"
    )


def _input_option(widget: Mapping[str, Any]) -> str:
    """``input_option.html`` and the checkbox and radio options that include it."""
    if not widget.get("wrap_label"):
        return _input(widget)
    element_id = widget["attrs"].get("id")
    label_for = f' for="{_text(element_id)}"' if element_id else ""
    return f"<label{label_for}>{_input(widget)}\n {_text(widget['label'])}</label>"


def _select(widget: Mapping[str, Any]) -> str | None:
    """``select.html`` with ``select_option.html`` options; None for other option templates."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != _SELECT_OPTION:
                return None
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


_FAST: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    **dict.fromkeys(_INPUT_TEMPLATES, _input),
    **dict.fromkeys(_OPTION_TEMPLATES, _input_option),
    _SELECT: _select,
    _TEXTAREA: _textarea,
}


class FastWidgetRenderer(DjangoTemplates):
    """Django's ``DjangoTemplates`` form renderer with the plain widget templates in Python."""

    @cached_property
    def _own_templates(self) -> frozenset[str]:
        """The fast templates no app overrides (their origin is Django's own directory)."""
        own = set()
        for name in _FAST:
            origin = Path(self.get_template(name).origin.name)
            if origin.is_relative_to(_DJANGO_TEMPLATES):
                own.add(name)
        return frozenset(own)

    def render(self, template_name: str, context: Any, request: Any = None) -> str:
        fast = _FAST.get(template_name)
        if fast is not None and template_name in self._own_templates:
            widget = context.get("widget") if isinstance(context, Mapping) else None
            if isinstance(widget, Mapping):
                html = fast(widget)
                if html is not None:
                    return mark_safe(html.strip())  # noqa: S308 (every value escaped above)
        return super().render(template_name, context, request=request)
