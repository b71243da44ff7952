"""The fast form renderer writes exactly the markup of Django's widget templates."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.forms.boundfield import BoundWidget
from django.forms.renderers import DjangoTemplates
from django.test import Client
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from pytest_django.fixtures import Settings

from sroi.accounts.models import User
from sroi.core.forms_renderer import FastWidgetRenderer
from sroi.rules.files import load_shipped_rulesets, ruleset_to_dict
from sroi.rules.services import ruleset_version_create
from tests.calculator.conftest import worked_example
from tests.plans.factories import PlanFactory

STOCK = "django.forms.renderers.DjangoTemplates"
FAST = "sroi.core.forms_renderer.FastWidgetRenderer"
TOKEN = re.compile(r"[A-Za-z0-9]{64}")
# A signed, time-stamped token (the plan form's kept-input token): differs from second to second.
SIGNED = re.compile(r'name="kept_input_token" value="[^"]*"')


class Everything(forms.Form):
    text = forms.CharField(initial='a "quoted" <b>&amp; value</b>', help_text="help")
    number = forms.DecimalField(initial=Decimal("1234.50"))
    day = forms.DateField(initial=date(2026, 1, 31), widget=forms.DateInput(attrs={"x": True}))
    hidden = forms.CharField(widget=forms.HiddenInput, initial=mark_safe("<safe>"))
    empty = forms.CharField(required=False, widget=forms.TextInput(attrs={"off": False}))
    flag = forms.BooleanField(initial=True)
    notes = forms.CharField(widget=forms.Textarea, initial="line 1\n<line 2>")
    blank_notes = forms.CharField(widget=forms.Textarea, required=False)
    choice = forms.ChoiceField(
        choices=[("", "---"), ("a", "A & a"), ("b", gettext_lazy("Apply")), (3, 3)],
        initial="a",
    )
    grouped = forms.ChoiceField(
        choices=[("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")], initial="y"
    )
    many = forms.MultipleChoiceField(
        choices=[("p", "P"), ("q", "Q")],
        widget=forms.SelectMultiple,
        initial=["q"],
    )
    radios = forms.ChoiceField(choices=[("r", "R <r>"), ("s", "S")], widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(
        choices=[("u", "U"), ("v", "V")], widget=forms.CheckboxSelectMultiple, initial=["v"]
    )


def _widgets(renderer: object) -> list[str]:
    form = Everything(renderer=renderer, auto_id="id_%s")
    html = [str(field) for field in form]
    for name in ("radios", "boxes"):
        bound = form[name]
        for wrap in (True, False):
            html += [
                BoundWidget(bound.field.widget, sub, renderer).tag(wrap_label=wrap)  # type: ignore[arg-type]
                for sub in bound.field.widget.subwidgets(
                    bound.html_name, bound.value(), {"id": bound.auto_id}
                )
            ]
    bound_data = Everything({"text": "x<y", "number": "-1", "choice": "zz"}, renderer=renderer)
    html += [str(field) for field in bound_data]
    return html


def test_every_plain_widget_renders_as_djangos_templates() -> None:
    assert _widgets(FastWidgetRenderer()) == _widgets(DjangoTemplates())


def _pages(client: Client, calls: list[Callable[[], object]]) -> list[str]:
    pages = [call().content.decode() for call in calls]  # type: ignore[attr-defined]
    return [SIGNED.sub("kept", TOKEN.sub("csrf", page)) for page in pages]


@pytest.mark.usefixtures("shipped_rulesets")
def test_the_forms_of_the_app_render_as_with_djangos_renderer(
    settings: Settings, contractor_a: User, coordinator: User
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    document = ruleset_to_dict(load_shipped_rulesets()[0])
    document["version"] = "concept-1"
    concept = ruleset_version_create(document=document, acting_user=None)
    anonymous, contractor, manager = Client(), Client(), Client()
    contractor.force_login(contractor_a)
    manager.force_login(coordinator)
    calculator = reverse("rules:calculator")
    calls: list[Callable[[], object]] = [
        lambda: anonymous.get(calculator),
        lambda: anonymous.post(calculator, worked_example()),
        lambda: anonymous.post(calculator, worked_example(value_eur="x", start="")),
        lambda: contractor.get(reverse("plans:plan_edit", kwargs={"pk": plan.pk})),
        lambda: manager.get(
            reverse(
                "rulesets:version_edit",
                kwargs={"code": concept.code, "version": concept.version},
            )
        ),
        lambda: anonymous.get(reverse("account_signup")),
    ]

    settings.FORM_RENDERER = STOCK
    stock = _pages(anonymous, calls)
    settings.FORM_RENDERER = FAST
    fast = _pages(anonymous, calls)

    for expected, got in zip(stock, fast, strict=True):
        assert got == expected
