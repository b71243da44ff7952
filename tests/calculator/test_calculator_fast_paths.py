"""The live update's shortcuts read the form exactly as the plain ways did (issue 6, item 8)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.http import QueryDict
from django.test import Client
from django.utils import translation

from sroi.accounts.models import User
from sroi.rules.engine import Basis, Block, Bonus, RuleSet, RuleSetStatus
from sroi.rules.engine.types import BonusBasis, Category
from sroi.rules.forms import (
    AmountFormSet,
    AmountLineForm,
    CalculatorForm,
    PlacementFormSet,
    PlacementLineForm,
    WrittenCounts,
)
from sroi.rules.services import ruleset_version_create, ruleset_version_publish
from sroi.rules.views import (
    DEFAULT_RULESET,
    MAX_LINES_PER_SECTION,
    SECTION_BY_KEY,
    SECTIONS,
    _normalised,
    _parse_iso,
    _ruleset_choice,
    _write_rows,
)
from tests.rules.documents import valid_document


def _normalised_plainly(data: QueryDict) -> QueryDict:
    """The earlier ``_normalised``: one scan of the keys per line, then rewrite each section."""
    copy = data.copy()
    for section in SECTIONS:
        prefix = section.key
        try:
            total = int(copy.get(f"{prefix}-TOTAL_FORMS", "0"))
        except ValueError:
            total = 0
        total = max(0, min(total, MAX_LINES_PER_SECTION))
        rows = []
        for index in range(total):
            start = f"{prefix}-{index}-"
            rows.append({k[len(start) :]: copy.getlist(k) for k in copy if k.startswith(start)})
        pattern = re.compile(rf"^{re.escape(prefix)}-\d+-")
        for key in [key for key in copy if pattern.match(key)]:
            del copy[key]
        copy[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        copy[f"{prefix}-INITIAL_FORMS"] = "0"
        copy[f"{prefix}-MIN_NUM_FORMS"] = "0"
        copy[f"{prefix}-MAX_NUM_FORMS"] = str(MAX_LINES_PER_SECTION)
        for index, row in enumerate(rows):
            for name, values in row.items():
                copy.setlist(f"{prefix}-{index}-{name}", values)
    return copy


BODIES = [
    "ruleset=utrecht&value_eur=1.000&placements-TOTAL_FORMS=2&placements-0-block=PW"
    "&placements-1-bonuses=A&placements-1-bonuses=B&placements-0-count=1",
    # A line above the total, a padded index, a key of no section, a garbled total.
    "placements-TOTAL_FORMS=1&placements-3-block=PW&placements-01-block=WW"
    "&placements-0-block=LKS&x-placements-0-block=1&amounts-TOTAL_FORMS=zes"
    "&amounts-0-amount_eur=5&other-TOTAL_FORMS=99&other-2-date=2026-01-01",
    "other-0-block=VAST&other-TOTAL_FORMS=1&placements-0-=leeg&placements-TOTAL_FORMS=1",
    "",
]


@pytest.mark.parametrize("body", BODIES)
def test_normalised_keeps_the_same_keys_values_and_order(body: str) -> None:
    data = QueryDict(body)

    fast = _normalised(data)
    plain = _normalised_plainly(data)

    assert list(fast.lists()) == list(plain.lists())
    assert fast._mutable


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-31", date(2026, 12, 31)),
        ("31-12-2026", date(2026, 12, 31)),
        ("2026-1-1", date(2026, 1, 1)),
        ("2026-02-30", None),
        ("20261231", None),
        (" 2026-12-31", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_iso_reads_as_strptime_did(text: str | None, expected: date | None) -> None:
    assert _parse_iso(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-31", date(2026, 12, 31)),
        (" 2026-12-31 ", date(2026, 12, 31)),
        ("31-12-2026", date(2026, 12, 31)),
        ("2026-1-1", date(2026, 1, 1)),
        ("2026-02-30", None),
        ("20261231", None),
    ],
)
def test_date_field_reads_iso_and_dutch_dates(text: str, expected: date | None) -> None:
    form = CalculatorForm(
        {"ruleset": "x", "value_eur": "1.000", "start": text, "end": "31-12-2027"},
        ruleset_choices=[("x", "X")],
    )
    form.is_valid()

    if expected is None:
        assert form.errors["start"] == ["Vul een geldige datum in, bijvoorbeeld 31-12-2026."]
    else:
        assert form.cleaned_data["start"] == expected


def _ruleset() -> RuleSet:
    return RuleSet(
        id="test",
        version="1",
        name="Test",
        region="Test",
        status=RuleSetStatus.SOURCED,
        valid_from=date(2024, 1, 1),
        valid_to=None,
        blocks=(
            Block(
                "PW",
                "Participatiewet",
                "Participation Act",
                Category.JOB,
                Basis.PER_FTE_YEAR,
                Decimal("100"),
            ),
            Block(
                "INKOOP", "Sociaal inkopen", "", Category.PROCUREMENT, Basis.PER_EURO, Decimal("1")
            ),
        ),
        bonuses=(Bonus("B50", "50-plus", "50 plus", BonusBasis.FIXED, Decimal("1")),),
    )


def test_line_forms_share_choice_lists_per_rule_set_and_language() -> None:
    ruleset = _ruleset()

    first = PlacementLineForm(ruleset=ruleset, language="nl")
    second = PlacementLineForm(ruleset=ruleset, language="nl")
    english = PlacementLineForm(ruleset=ruleset, language="en")
    amount = AmountLineForm(ruleset=ruleset, language="nl")
    other_ruleset = PlacementLineForm(ruleset=_ruleset(), language="nl")

    assert list(first.fields["block"].choices) == [("", "Kies…"), ("PW", "Participatiewet")]
    assert list(first.fields["bonuses"].choices) == [("B50", "50-plus")]
    assert first.fields["block"].choices is second.fields["block"].choices
    assert first.fields["block"].widget.choices is first.fields["block"].choices
    assert list(english.fields["block"].choices)[1:] == [("PW", "Participation Act")]
    assert list(english.fields["bonuses"].choices) == [("B50", "50 plus")]
    assert list(amount.fields["block"].choices)[1:] == [("INKOOP", "Sociaal inkopen")]
    assert other_ruleset.fields["block"].choices is not first.fields["block"].choices
    assert list(other_ruleset.fields["block"].choices) == list(first.fields["block"].choices)


def test_a_rule_set_without_bonuses_offers_no_bonus_choices() -> None:
    ruleset = replace(_ruleset(), bonuses=())

    form = PlacementLineForm({"block": "PW", "bonuses": ["B50"]}, ruleset=ruleset)

    assert not form.fields["bonuses"].choices
    assert len(form.fields["bonuses"].choices) == 0
    assert not form.is_valid()
    assert "bonuses" in form.errors


def _select_options(html: str) -> list[tuple[str, str]]:
    select = re.search(r'<select name="ruleset".*?</select>', html, re.S)
    assert select is not None
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(0))


@pytest.mark.usefixtures("shipped_rulesets")
def test_the_rule_set_select_follows_a_publication_and_the_language(
    client: Client, administrator: User
) -> None:
    """The select's choices are built once per publication and language (``views._grouped``):
    a new publication is offered on the next request, and labels follow the language."""
    before = _select_options(client.get("/rekenhulp/").content.decode())
    assert before[0][0] == DEFAULT_RULESET  # the default first
    assert "testregio" not in dict(before)
    assert "Arbeidsmarktregio Noord-Holland Noord (indicatief)" in dict(before).values()

    document = valid_document()
    concept = ruleset_version_create(document=document, acting_user=administrator)
    ruleset_version_publish(version=concept, acting_user=administrator)

    after = _select_options(client.get("/rekenhulp/").content.decode())
    assert dict(after)["testregio"] == "Testregio"
    assert len(after) == len(before) + 1

    client.cookies["django_language"] = "en"
    english = _select_options(client.get("/rekenhulp/").content.decode())
    assert "Arbeidsmarktregio Noord-Holland Noord (indicative)" in dict(english).values()
    assert [code for code, _label in english] == [code for code, _label in after]


# The bodies above, and a section of more lines than the calculator takes (cut at the maximum)
# with lines that are valid, invalid and untouched.
COUNTED_BODIES = [
    *BODIES,
    "placements-TOTAL_FORMS=60"
    + "".join(
        f"&placements-{index}-block=PW&placements-{index}-hours_per_week=36"
        f"&placements-{index}-start=2026-01-01&placements-{index}-end=2026-12-31"
        f"&placements-{index}-count=1"
        for index in range(0, 60, 2)
    )
    + "&placements-1-hours_per_week=veel&placements-3-count=1&amounts-TOTAL_FORMS=1"
    "&amounts-0-block=INKOOP&amounts-0-amount_eur=1e999",
]


def _outcome(formset: Any) -> tuple[Any, ...]:
    return (
        formset.total_form_count(),
        formset.initial_form_count(),
        formset.is_valid(),
        [form.errors for form in formset.forms],
        [getattr(form, "cleaned_data", None) for form in formset.forms],
        list(formset.non_form_errors()),
        str(formset.management_form),
    )


# Django's own ``BaseFormSet.management_form``, which ``_LineFormSet.management_form`` repeats
# (to make a ``FastCopyManagementForm`` instead of Django's ``ManagementForm``).
_DJANGOS_MANAGEMENT_FORM = forms.BaseFormSet.__dict__["management_form"].real_func


def _read_the_django_way(formset: Any) -> Any:
    """``formset`` with Django's own management form (before anything reads one)."""
    formset.__dict__["management_form"] = _DJANGOS_MANAGEMENT_FORM(formset)
    return formset


@pytest.mark.parametrize("body", COUNTED_BODIES)
@pytest.mark.parametrize("section", SECTIONS, ids=lambda section: section.key)
def test_written_counts_give_what_the_management_form_gives(body: str, section: Any) -> None:
    """The calculator's formsets take the line count as the view wrote it (``WrittenCounts``)
    instead of reading the management form back: the same forms, errors, cleaned data and
    rendered management form as Django's way."""
    data = _normalised(QueryDict(body))
    kwargs = {"prefix": section.key, "ruleset": _ruleset(), "language": "nl"}

    written = section.formset_class(data, **kwargs)
    read = _read_the_django_way(section.formset_class(data, **kwargs))

    assert isinstance(written.management_form, WrittenCounts)
    assert not isinstance(read.management_form, WrittenCounts)
    assert _outcome(written) == _outcome(read)


@pytest.mark.parametrize(
    "counts",
    [
        {"TOTAL_FORMS": " 3", "INITIAL_FORMS": "0"},  # not as written: Django's way
        {"TOTAL_FORMS": "03", "INITIAL_FORMS": "0"},
        {"TOTAL_FORMS": "3.0", "INITIAL_FORMS": "0"},
        {"TOTAL_FORMS": "٣", "INITIAL_FORMS": "0"},  # an Arabic-Indic 3
        {"TOTAL_FORMS": "3", "INITIAL_FORMS": "1"},
        {"TOTAL_FORMS": "3", "INITIAL_FORMS": "0", "MAX_NUM_FORMS": "7"},
        {"TOTAL_FORMS": "3", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "1"},
        {"TOTAL_FORMS": str(MAX_LINES_PER_SECTION + 1), "INITIAL_FORMS": "0"},
        {"TOTAL_FORMS": "-1", "INITIAL_FORMS": "0"},
        {"INITIAL_FORMS": "0"},
    ],
)
def test_counts_not_as_the_calculator_writes_them_go_djangos_way(counts: dict[str, str]) -> None:
    written = {"MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": str(MAX_LINES_PER_SECTION)}
    data = QueryDict(mutable=True)
    for name, value in {**written, **counts}.items():
        data[f"amounts-{name}"] = value
    for index in range(MAX_LINES_PER_SECTION + 1):
        data[f"amounts-{index}-block"] = "INKOOP"
        data[f"amounts-{index}-amount_eur"] = "5"
    kwargs = {"prefix": "amounts", "ruleset": _ruleset(), "language": "nl"}

    formset = AmountFormSet(data, **kwargs)
    read = _read_the_django_way(AmountFormSet(data, **kwargs))

    assert formset.written_total() is None
    assert not isinstance(formset.management_form, WrittenCounts)
    assert _outcome(formset) == _outcome(read)


def _management_outcome(management_form: Any) -> tuple[Any, ...]:
    return (
        management_form.is_bound,
        management_form.is_valid(),
        dict(management_form.errors),
        getattr(management_form, "cleaned_data", None),
        str(management_form),
    )


@pytest.mark.parametrize(
    ("data", "initial"),
    [
        (None, None),
        (None, [{"count": 1}, {}]),
        ({"placements-TOTAL_FORMS": "2", "placements-INITIAL_FORMS": "0"}, None),
        ({"placements-TOTAL_FORMS": " 3 ", "placements-INITIAL_FORMS": "1"}, None),
        ({"placements-TOTAL_FORMS": "zes", "placements-MAX_NUM_FORMS": "7"}, None),
        ({}, None),
    ],
    ids=["unbound", "unbound-initial", "bound", "bound-spaces", "bound-garbled", "bound-none"],
)
def test_the_formsets_own_management_form_is_djangos(
    data: dict[str, str] | None, initial: list[dict[str, Any]] | None
) -> None:
    """``_LineFormSet.management_form`` repeats Django's code for the forms it does not take
    from ``WrittenCounts``: held to Django's own, so a Django upgrade that changes it shows."""
    formset = PlacementFormSet(
        data, initial=initial, prefix="placements", ruleset=_ruleset(), language="nl"
    )

    ours = formset.management_form
    djangos = _DJANGOS_MANAGEMENT_FORM(formset)

    assert not isinstance(ours, WrittenCounts)
    assert type(djangos) is forms.formsets.ManagementForm
    assert _management_outcome(ours) == _management_outcome(djangos)


# Rows as ``_write_rows`` writes them (``_data_from_document``: an opened calculation), whose
# number ``_write_rows`` does not cut at the maximum as ``_normalised`` does.
@pytest.mark.parametrize(
    "count",
    [
        0,
        1,
        MAX_LINES_PER_SECTION,
        MAX_LINES_PER_SECTION + 1,  # refused, as Django refuses it (an opened calculation)
    ],
)
def test_written_counts_of_rows_written_by_write_rows_give_what_the_management_form_gives(
    count: int,
) -> None:
    data = QueryDict(mutable=True)
    _write_rows(data, "amounts", [{"block": ["INKOOP"], "amount_eur": ["5"]}] * count)
    section = SECTION_BY_KEY["amounts"]
    kwargs = {"prefix": "amounts", "ruleset": _ruleset(), "language": "nl"}

    written = section.formset_class(data, **kwargs)
    read = _read_the_django_way(section.formset_class(data, **kwargs))

    assert isinstance(written.management_form, WrittenCounts) is (count <= MAX_LINES_PER_SECTION)
    assert _outcome(written) == _outcome(read)
    assert written.is_valid() is (count <= MAX_LINES_PER_SECTION)


@pytest.mark.usefixtures("shipped_rulesets")
def test_the_rule_set_choices_kept_with_translations_off_are_not_served_in_dutch() -> None:
    """``views._grouped`` keys its entry by the active language as it is (None included)."""
    with translation.override(None):
        untranslated = dict(_ruleset_choice(None, None).choices)
    with translation.override("nl"):
        dutch = dict(_ruleset_choice(None, None).choices)

    assert "Arbeidsmarktregio Noord-Holland Noord (indicative)" in untranslated.values()
    assert "Arbeidsmarktregio Noord-Holland Noord (indicatief)" in dutch.values()
