"""``{% sroi_field %}`` writes the markup of ``{% include "core/_field.html" %}``."""

from __future__ import annotations

import pytest
from django import forms
from django.template import Context, Template
from django.test.html import parse_html

from sroi.accounts.models import User
from sroi.plans.forms import PlanForms
from tests.core.test_forms_renderer import Everything
from tests.plans.factories import PlanFactory

INCLUDE = Template('{% include "core/_field.html" with field=field input_class=input_class %}')
TAG = Template("{% load sroi %}{% sroi_field field input_class=input_class %}")
BARE_INCLUDE = Template('{% include "core/_field.html" with field=field %}')
BARE_TAG = Template("{% load sroi %}{% sroi_field field %}")


def _same(field: forms.BoundField, input_class: str = "") -> None:
    context = {"field": field, "input_class": input_class}
    expected = INCLUDE.render(Context(context)) + BARE_INCLUDE.render(Context({"field": field}))
    got = TAG.render(Context(context)) + BARE_TAG.render(Context({"field": field}))
    a, b = str(parse_html(got)), str(parse_html(expected))
    import difflib

    assert a == b, "\n".join(difflib.unified_diff(b.splitlines(), a.splitlines(), lineterm=""))


@pytest.mark.parametrize("input_class", ["", "sroi-input--short"])
def test_every_kind_of_field_as_the_include(input_class: str) -> None:
    for form in (
        Everything(auto_id="id_%s"),
        Everything({"text": "x<y", "number": "-1", "choice": "zz"}),
        Everything({"radios": "q", "boxes": ["zz"]}, auto_id="id_%s"),
    ):
        form.fields["radios"].help_text = "Kies <een>"
        form.fields["radios"].required = False
        for field in form:
            _same(field, input_class)


@pytest.mark.usefixtures("shipped_rulesets")
def test_the_plan_form_fields_as_the_include(contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    unbound = PlanForms(contract=plan.contract, plan=plan)
    data = {"value_eur": "x", "lines-TOTAL_FORMS": "1"}
    bound = PlanForms(data, contract=plan.contract, plan=plan)
    bound.full_clean()
    for plan_forms in (unbound, bound):
        parts: list[forms.Form] = [plan_forms.contract, plan_forms.plan]
        for form in [*parts, *plan_forms.lines.forms]:
            for field in form:
                _same(field, "sroi-input--medium")
