"""Template tags and filters for SROI templates: ``{% load sroi %}``.

Formatting: ``euro``, ``decimal_nl``, ``months``.
Forms (used by ``core/_field.html`` and ``core/_error_summary.html``, usable on their own):
``sroi_field``, ``sroi_widget``, ``sroi_choices``, ``field_kind``, ``add_class``, ``add_attrs``,
``error_summary_entries``.
Parts kept per process: ``kept_fragment`` (``sroi.core.fragments``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField, BoundWidget
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from sroi.core.formatting import format_decimal_nl, format_eur, format_months
from sroi.core.fragments import FragmentKey, kept_fragment

register = template.Library()


# --- Formatting ---------------------------------------------------------------------------------


@register.filter
def euro(value: Decimal | str | None) -> str:
    """``{{ amount|euro }}`` -> ``EUR 50.000,00``."""
    if value is None or value == "":
        return ""
    return format_eur(Decimal(value))


@register.filter
def decimal_nl(value: Decimal | str | None, places: int = 2) -> str:
    """``{{ months|decimal_nl:4 }}`` -> ``3,5484``."""
    if value is None or value == "":
        return ""
    return format_decimal_nl(Decimal(value), int(places))


@register.filter
def months(value: Decimal | str | None) -> str:
    """``{{ line.months|months }}`` -> ``12,0`` (one decimal, Dutch comma)."""
    if value is None or value == "":
        return ""
    return format_months(Decimal(value))


# --- Form fields the NL Design System (Utrecht) way ----------------------------------------------

# BoundField.widget_type -> our kind of field. Anything else is a text-like <input>.
_KINDS = {
    "textarea": "textarea",
    "select": "select",
    "selectmultiple": "select",
    "nullbooleanselect": "select",
    "checkbox": "checkbox",
    "radioselect": "choices",
    "checkboxselectmultiple": "choices",
    "file": "file",
    "clearablefile": "file",
    "hidden": "hidden",
    "multiplehidden": "hidden",
}

# kind -> the Utrecht classes of the control itself.
_CONTROL_CLASSES = {
    "input": "utrecht-textbox utrecht-textbox--html-input",
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    "select": "utrecht-select utrecht-select--html-select",
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom",
    "file": "",
    "hidden": "",
}
_CHOICE_CLASSES = {
    "radioselect": "utrecht-radio-button utrecht-radio-button--html-input",
    "checkboxselectmultiple": (
        "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom"
    ),
}
_INVALID_CLASSES = {
    "input": "utrecht-textbox--invalid",
    "textarea": "utrecht-textarea--invalid",
    "select": "utrecht-select--invalid",
}


@register.filter
def field_kind(field: BoundField) -> str:
    """``{{ field|field_kind }}``: input, textarea, select, checkbox, choices, file or hidden."""
    if field.is_hidden:
        return "hidden"
    return _KINDS.get(field.widget_type, "input")


def _join_classes(*parts: str | None) -> str:
    seen: list[str] = []
    for part in parts:
        for name in (part or "").split():
            if name not in seen:
                seen.append(name)
    return " ".join(seen)


def describedby_ids(field: BoundField) -> str:
    """The ids ``core/_field.html`` gives the help text and the error message of ``field``."""
    ids = []
    if field.auto_id and not field.is_hidden:
        if field.help_text:
            ids.append(f"{field.auto_id}_help")
        if field.errors:
            ids.append(f"{field.auto_id}_error")
    return " ".join(ids)


def _control_attrs(field: BoundField, kind: str, extra: dict[str, Any]) -> dict[str, Any]:
    attrs: dict[str, Any] = dict(field.field.widget.attrs)
    extra = dict(extra)
    classes = _join_classes(
        _CHOICE_CLASSES.get(field.widget_type, "")
        if kind == "choices"
        else _CONTROL_CLASSES.get(kind, ""),
        _INVALID_CLASSES.get(kind, "") if field.errors else "",
        attrs.get("class"),
        extra.pop("class", ""),
    )
    if classes:
        attrs["class"] = classes
    if kind != "hidden":
        describedby = describedby_ids(field)
        if describedby and kind != "choices":
            attrs["aria-describedby"] = describedby
        if field.errors:
            attrs["aria-invalid"] = "true"
    attrs.update(extra)
    return attrs


@register.simple_tag
def sroi_widget(field: BoundField, **extra: Any) -> SafeString:
    """Render the widget of ``field`` with the Utrecht classes and ARIA attributes.

    ``{% sroi_widget form.contract_value class="sroi-input--short" inputmode="decimal" %}``
    adds ``class`` to the Utrecht classes and sets any other attribute as given. The widget
    gets ``aria-describedby="<id>_help <id>_error"`` (those that exist) and
    ``aria-invalid="true"`` when the field has errors.
    """
    kind = field_kind(field)
    return field.as_widget(attrs=_control_attrs(field, kind, extra))


@register.simple_tag
def sroi_choices(field: BoundField, **extra: Any) -> list[BoundWidget]:
    """The options of a RadioSelect / CheckboxSelectMultiple with Utrecht classes.

    ``{% sroi_choices field as choices %}{% for choice in choices %}{{ choice.tag }}
    <label for="{{ choice.id_for_label }}">{{ choice.choice_label }}</label>{% endfor %}``
    """
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    attrs = field.build_widget_attrs({"id": id_} if id_ else {})
    attrs.pop("aria-describedby", None)
    attrs.update(_control_attrs(field, "choices", extra))
    attrs.pop("aria-describedby", None)  # described on the <fieldset>
    if id_:
        attrs["id"] = id_
    return [
        BoundWidget(widget, subwidget, field.form.renderer)
        for subwidget in widget.subwidgets(field.html_name, field.value(), attrs=attrs)
    ]


@register.filter
def add_class(field: BoundField, css_class: str) -> SafeString:
    """``{{ form.name|add_class:"sroi-input--short" }}``: the widget with extra classes."""
    attrs = dict(field.field.widget.attrs)
    attrs["class"] = _join_classes(attrs.get("class"), css_class)
    return field.as_widget(attrs=attrs)


@register.filter
def add_attrs(field: BoundField, spec: str) -> SafeString:
    """``{{ form.name|add_attrs:"inputmode=decimal,autocomplete=off" }}``: extra attributes.

    ``class=...`` adds classes; a name without ``=`` is a boolean attribute.
    """
    attrs: dict[str, Any] = dict(field.field.widget.attrs)
    for item in spec.split(","):
        name, has_value, value = item.strip().partition("=")
        if not name:
            continue
        if name == "class":
            attrs["class"] = _join_classes(attrs.get("class"), value)
        else:
            attrs[name] = value if has_value else True
    return field.as_widget(attrs=attrs)


# --- Error summary --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErrorEntry:
    """One line of the error summary: ``href`` is ``#<field id>`` or ``""`` (no field)."""

    href: str
    label: str
    message: str


def _field_anchor(field: BoundField) -> str:
    if field.is_hidden or not field.auto_id:
        return ""
    # RadioSelect has no id_for_label (it is a group); its container carries auto_id.
    return "#" + (field.id_for_label or field.auto_id)


def _form_entries(form: forms.BaseForm) -> Iterator[ErrorEntry]:
    if not form.is_bound:
        return
    for message in form.non_field_errors():
        yield ErrorEntry(href="", label="", message=str(message))
    for field in form:
        if field.is_hidden:
            # A hidden field's error is not the user's to fix at a field; show it plainly.
            for message in field.errors:
                yield ErrorEntry(href="", label="", message=str(message))
            continue
        for message in field.errors:
            yield ErrorEntry(
                href=_field_anchor(field), label=str(field.label or ""), message=str(message)
            )


def _entries(item: Any) -> Iterator[ErrorEntry]:
    if item is None or item == "":
        return
    if isinstance(item, forms.BaseForm):
        yield from _form_entries(item)
    elif isinstance(item, forms.BaseFormSet):
        if not item.is_bound:
            return
        for message in item.non_form_errors():
            yield ErrorEntry(href="", label="", message=str(message))
        for form in item.forms:
            yield from _form_entries(form)
    elif isinstance(item, Iterable) and not isinstance(item, str | bytes):
        for sub in item:
            yield from _entries(sub)
    else:
        raise TypeError(f"error summary: expected a form, formset or a list of them, got {item!r}")


@register.simple_tag
def error_summary_entries(form: Any = None, extra_forms: Any = None) -> list[ErrorEntry]:
    """``{% error_summary_entries form extra_forms as entries %}``: every error, in page order.

    ``form`` and ``extra_forms`` may each be a form, a formset, a list of those, or empty.
    """
    return [*_entries(form), *_entries(extra_forms)]


# --- One whole field in Python (``core/_field.html``'s markup) ---------------------------------


def _errors_html(field: BoundField, extra_class: str) -> str:
    hidden = conditional_escape(gettext("Error:"))
    lines = "".join(
        f'\n<span class="sroi-error-line"><span class="sroi-visually-hidden">{hidden}</span>'
        f" {conditional_escape(str(error))}</span>"
        for error in field.errors
    )
    return (
        f'\n<div class="utrecht-form-field-error-message{extra_class}"'
        f' id="{conditional_escape(field.auto_id)}_error">{lines}\n</div>'
    )


def _help_html(field: BoundField, extra_class: str) -> str:
    return (
        f'\n<div class="utrecht-form-field-description{extra_class}"'
        f' id="{conditional_escape(field.auto_id)}_help">'
        f"{conditional_escape(field.help_text)}</div>"
    )


def _optional_html(field: BoundField) -> str:
    if field.field.required:
        return ""
    return f'<span class="sroi-optional">{conditional_escape(gettext("(not required)"))}</span>'


@register.simple_tag
def sroi_field(field: BoundField, input_class: str = "") -> SafeString:
    """``{% sroi_field form.name input_class="sroi-input--short" %}``: the markup of
    ``{% include "core/_field.html" with field=form.name input_class=... %}`` (same elements,
    attributes and text; ``tests/core/test_sroi_field.py`` compares them), written in Python:
    a form page renders dozens of fields, and the include costs several times as much."""
    kind = field_kind(field)
    if kind == "hidden":
        return SafeString(conditional_escape(str(field)))
    errors = field.errors
    invalid = " utrecht-form-field--invalid" if errors else ""
    label = conditional_escape(field.label)
    auto_id = conditional_escape(field.auto_id)
    if kind == "choices":
        described = []
        if field.help_text:
            described.append(f"{auto_id}_help")
        if errors:
            described.append(f"{auto_id}_error")
        describedby = f' aria-describedby="{" ".join(described)}"' if described else ""
        label_kind = "radio" if field.widget_type == "radioselect" else "checkbox"
        choices = "".join(
            f'\n<div class="sroi-choice">\n{choice.tag()}\n'
            f'<label class="utrecht-form-label utrecht-form-label--{label_kind}"'
            f' for="{conditional_escape(choice.id_for_label)}">'
            f"{conditional_escape(choice.choice_label)}</label>\n</div>"
            for choice in sroi_choices(field, **{"class": input_class})
        )
        return SafeString(
            f'<div class="utrecht-form-field utrecht-form-field--distanced{invalid}">\n'
            f'<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset"'
            f"{describedby}>\n"
            f'<legend class="utrecht-form-fieldset__legend'
            f" utrecht-form-fieldset__legend--html-legend"
            f' utrecht-form-label sroi-legend">\n{label}\n{_optional_html(field)}\n</legend>'
            f"{_help_html(field, '') if field.help_text else ''}"
            f"{_errors_html(field, '') if errors else ''}"
            f'\n<div class="sroi-choices" id="{auto_id}">{choices}\n</div>\n</fieldset>\n</div>'
        )
    widget = sroi_widget(field, **{"class": input_class})
    help_html = _help_html(field, " utrecht-form-field__description") if field.help_text else ""
    errors_html = _errors_html(field, " utrecht-form-field__error-message") if errors else ""
    for_id = conditional_escape(field.id_for_label)
    if kind == "checkbox":
        return SafeString(
            f'<div class="utrecht-form-field utrecht-form-field--distanced'
            f' utrecht-form-field--checkbox{invalid}">\n'
            f'<div class="utrecht-form-field__input">{widget}</div>\n'
            f'<div class="utrecht-form-field__label">\n'
            f'<label class="utrecht-form-label utrecht-form-label--checkbox" for="{for_id}">\n'
            f"{label}\n</label>\n</div>{help_html}{errors_html}\n</div>"
        )
    modifier = {"textarea": "textarea", "select": "select"}.get(kind, "text")
    return SafeString(
        f'<div class="utrecht-form-field utrecht-form-field--distanced'
        f' utrecht-form-field--{modifier}{invalid}">\n'
        f'<div class="utrecht-form-field__label">\n'
        f'<label class="utrecht-form-label" for="{for_id}">\n{label}\n{_optional_html(field)}\n'
        f"</label>\n</div>{help_html}{errors_html}\n"
        f'<div class="utrecht-form-field__input">{widget}</div>\n</div>'
    )


# --- Parts kept per process (``sroi.core.fragments``) -------------------------------------------


class KeptFragmentNode(template.Node):
    def __init__(
        self,
        name: str,
        key: template.base.FilterExpression | None,
        by: list[template.base.FilterExpression],
        nodelist: Any,
    ) -> None:
        self.name = name
        self.key = key
        self.by = by
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        if self.key is not None:
            resolved = self.key.resolve(context)
            key = resolved if isinstance(resolved, FragmentKey) else None
        else:
            key = FragmentKey(value=tuple(expression.resolve(context) for expression in self.by))
        return kept_fragment(self.name, key, lambda: self.nodelist.render(context))


@register.tag("kept_fragment")
def do_kept_fragment(parser: template.base.Parser, token: template.base.Token) -> KeptFragmentNode:
    """``{% kept_fragment "name" key %}...{% endkept_fragment %}``: the content rendered once per
    process per ``name``, language and ``key`` (a ``FragmentKey`` from the view; anything else,
    e.g. no key: rendered every time). ``{% kept_fragment "name" by a b %}``: kept under the
    values of ``a`` and ``b`` (strings, numbers, booleans: everything the content shows);
    ``by`` alone: the content depends on the language only. See ``sroi.core.fragments``."""
    bits = token.split_contents()
    usage = 'usage: {% kept_fragment "name" key %} or {% kept_fragment "name" by value ... %}'
    if len(bits) < 3 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(usage)
    if bits[2] == "by":
        key, by = None, [parser.compile_filter(bit) for bit in bits[3:]]
    elif len(bits) == 3:
        key, by = parser.compile_filter(bits[2]), []
    else:
        raise template.TemplateSyntaxError(usage)
    nodelist = parser.parse(("endkept_fragment",))
    parser.delete_first_token()
    return KeptFragmentNode(bits[1][1:-1], key, by, nodelist)
