"""core/_field.html and core/_error_summary.html: the contract other forms rely on.

A field with an error: label, help text <id>_help, error message <id>_error, the control with
aria-describedby and aria-invalid; the summary links "#<id>" to each invalid field, and
what the user typed is still in the control.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation


class PlanForm(forms.Form):
    contract_value = forms.DecimalField(
        label="Opdrachtwaarde", help_text="In euro, zonder btw.", min_value=0
    )
    kvk_number = forms.CharField(label="KvK-nummer", max_length=8)
    remarks = forms.CharField(label="Toelichting", widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(
        label="Soort invulling",
        widget=forms.RadioSelect,
        choices=[("job", "Baan"), ("bbl", "Leerwerkplek")],
    )
    agree = forms.BooleanField(label="Naar waarheid ingevuld")
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, object]:
        raise forms.ValidationError("Het plan is al ingediend.")


class LineForm(forms.Form):
    hours = forms.IntegerField(label="Uren per week", min_value=1)


LineFormSet = forms.formset_factory(LineForm, extra=0)


class Elements(HTMLParser):
    """Every element by id, and every <a href>, with attributes and text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.by_id: dict[str, dict[str, str]] = {}
        self.links: list[tuple[str, str]] = []
        self._open: list[tuple[str, dict[str, str], list[str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        values["<tag>"] = tag
        if "id" in values:
            self.by_id[values["id"]] = values
        if tag not in {"input", "br", "img", "meta", "link"}:
            self._open.append((tag, values, []))

    def handle_data(self, data: str) -> None:
        for _, _, texts in self._open:
            texts.append(data)

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            open_tag, values, texts = self._open.pop()
            text = " ".join("".join(texts).split())
            values["<text>"] = text
            if open_tag == "a":
                self.links.append((values.get("href", ""), text))
            if open_tag == tag:
                break


def render(template: str, **context: object) -> str:
    with translation.override("nl"):
        return Template("{% load sroi %}" + template).render(Context(context))


@pytest.fixture
def invalid_form() -> PlanForm:
    form = PlanForm(
        data={"contract_value": "-5", "kvk_number": "123456789", "remarks": "Blijft staan"}
    )
    assert not form.is_valid()
    return form


def test_invalid_field_has_label_help_error_and_aria(invalid_form: PlanForm) -> None:
    page = Elements(
        render('{% include "core/_field.html" with field=form.contract_value %}', form=invalid_form)
    )

    control = page.by_id["id_contract_value"]
    assert control["<tag>"] == "input"
    assert "utrecht-textbox" in control["class"]
    assert "utrecht-textbox--html-input" in control["class"]
    assert control["aria-invalid"] == "true"
    assert control["aria-describedby"] == "id_contract_value_help id_contract_value_error"
    assert control["value"] == "-5"  # what the user typed is kept
    assert page.by_id["id_contract_value_help"]["<text>"] == "In euro, zonder btw."
    error = page.by_id["id_contract_value_error"]
    assert "utrecht-form-field-error-message" in error["class"]
    assert "Zorg ervoor dat deze waarde minstens 0 is." in error["<text>"]


def test_valid_field_has_no_error_and_no_aria_invalid() -> None:
    form = PlanForm(data={"contract_value": "1000"})
    form.is_valid()

    page = Elements(
        render('{% include "core/_field.html" with field=form.contract_value %}', form=form)
    )

    control = page.by_id["id_contract_value"]
    assert "aria-invalid" not in control
    assert control["aria-describedby"] == "id_contract_value_help"
    assert "id_contract_value_error" not in page.by_id


def test_label_points_at_the_control_and_optional_fields_say_so() -> None:
    html = render('{% include "core/_field.html" with field=form.remarks %}', form=PlanForm())

    assert '<label class="utrecht-form-label" for="id_remarks">' in html
    assert "(niet verplicht)" in html
    assert "utrecht-textarea--html-textarea" in html


def test_input_class_is_added_to_the_control() -> None:
    html = render(
        '{% include "core/_field.html" with field=form.kvk_number'
        ' input_class="sroi-input--short" %}',
        form=PlanForm(),
    )

    control = Elements(html).by_id["id_kvk_number"]
    assert control["class"].split() == [
        "utrecht-textbox",
        "utrecht-textbox--html-input",
        "sroi-input--short",
    ]


def test_radio_buttons_form_a_fieldset_described_by_the_error(invalid_form: PlanForm) -> None:
    page = Elements(
        render('{% include "core/_field.html" with field=form.kind %}', form=invalid_form)
    )

    assert page.by_id["id_kind"]["<tag>"] == "div"  # the summary link's target
    first = page.by_id["id_kind_0"]
    assert first["type"] == "radio"
    assert "utrecht-radio-button--html-input" in first["class"]
    assert first["aria-invalid"] == "true"
    html = render('{% include "core/_field.html" with field=form.kind %}', form=invalid_form)
    assert 'aria-describedby="id_kind_error"' in html
    assert "<legend" in html
    assert '<label class="utrecht-form-label utrecht-form-label--radio"' in html


def test_error_summary_links_each_invalid_field_with_its_message(invalid_form: PlanForm) -> None:
    page = Elements(
        render('{% include "core/_error_summary.html" with form=form %}', form=invalid_form)
    )

    html = render('{% include "core/_error_summary.html" with form=form %}', form=invalid_form)
    assert 'role="alert"' in html
    assert "utrecht-alert--error" in html
    assert page.by_id["sroi-error-summary-title"]["<text>"] == "Er ging iets mis"
    assert "Het plan is al ingediend." in html  # the form's own error, without a link
    assert page.links == [
        ("#id_contract_value", "Opdrachtwaarde: Zorg ervoor dat deze waarde minstens 0 is."),
        (
            "#id_kvk_number",
            "KvK-nummer: Zorg dat deze waarde niet meer dan 8 tekens bevat (het zijn er nu 9).",
        ),
        ("#id_kind", "Soort invulling: Dit veld is vereist."),
        ("#id_agree", "Naar waarheid ingevuld: Dit veld is vereist."),
    ]


def test_error_summary_includes_formsets_with_prefixed_ids(invalid_form: PlanForm) -> None:
    formset = LineFormSet(
        data={
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "0",
            "form-0-hours": "10",
            "form-1-hours": "0",
        }
    )
    assert not formset.is_valid()

    page = Elements(
        render(
            '{% include "core/_error_summary.html" with form=form extra_forms=formsets %}',
            form=invalid_form,
            formsets=[formset],
        )
    )

    assert page.links[-1] == (
        "#id_form-1-hours",
        "Uren per week: Zorg ervoor dat deze waarde minstens 1 is.",
    )


def test_error_summary_renders_nothing_without_errors() -> None:
    assert (
        render('{% include "core/_error_summary.html" with form=form %}', form=PlanForm()).strip()
        == ""
    )
    valid = LineFormSet(
        data={"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-hours": "8"}
    )
    assert (
        render(
            '{% include "core/_error_summary.html" with form=None extra_forms=f %}', f=valid
        ).strip()
        == ""
    )
