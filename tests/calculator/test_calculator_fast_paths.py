"""The live update's shortcuts read the form exactly as the plain ways did (issue 6, item 8)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.http import QueryDict

from sroi.rules.engine import Basis, Block, Bonus, RuleSet, RuleSetStatus
from sroi.rules.engine.types import BonusBasis, Category
from sroi.rules.forms import AmountLineForm, CalculatorForm, PlacementLineForm
from sroi.rules.views import MAX_LINES_PER_SECTION, SECTIONS, _normalised, _parse_iso


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


@pytest.mark.parametrize(
    "body",
    [
        "ruleset=utrecht&value_eur=1.000&placements-TOTAL_FORMS=2&placements-0-block=PW"
        "&placements-1-bonuses=A&placements-1-bonuses=B&placements-0-count=1",
        # A line above the total, a padded index, a key of no section, a garbled total.
        "placements-TOTAL_FORMS=1&placements-3-block=PW&placements-01-block=WW"
        "&placements-0-block=LKS&x-placements-0-block=1&amounts-TOTAL_FORMS=zes"
        "&amounts-0-amount_eur=5&other-TOTAL_FORMS=99&other-2-date=2026-01-01",
        "other-0-block=VAST&other-TOTAL_FORMS=1&placements-0-=leeg&placements-TOTAL_FORMS=1",
        "",
    ],
)
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
