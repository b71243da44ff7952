"""The short way through a clean line gives what the full checks give, for every line.

``calculate`` values a line straight away when its block, bonuses and agreed value were found
clean on an earlier line of the same kind and its own numbers and dates pass a quick test;
every other line goes through all the checks. These properties hold that shortcut to the
full checks: a line takes it exactly when the checks find no problem, with the same result.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sroi.rules.engine import (
    Basis,
    Block,
    CalculationError,
    Category,
    Contract,
    Language,
    Line,
    LineResult,
    calculate,
)
from sroi.rules.engine.calculate import _Context, _evaluate, _evaluate_checked
from sroi.rules.engine.explain import steps_of
from tests.engine.builders import haaglanden, request, utrecht_2024, with_blocks

D = Decimal
CONTRACT = Contract(D("1000000"), date(2026, 1, 1), date(2027, 12, 31))
RULESET = replace(
    with_blocks(
        utrecht_2024(),
        Block("MAAND", "Werkervaringsplek", "", Category.WORK_EXPERIENCE, Basis.PER_MONTH,
              D("750"), max_duration_months=9),
        Block("VAST", "Werkervaringsplaats", "", Category.WORK_EXPERIENCE, Basis.FIXED,
              D("7500")),
    ),
    bonuses=utrecht_2024().bonuses + haaglanden().bonuses[1:],  # + a fixed bonus
    min_hours_per_week=D("12"),
    lookback_months=3,
)  # fmt: skip

amounts = st.decimals(min_value=0, max_value=100_000, places=2)
odd_numbers = st.one_of(
    st.none(),
    st.decimals(min_value=-5, max_value=200, places=1),
    st.sampled_from([D("NaN"), D("Infinity"), D("-0"), D("-0.01"), D("168"), D("168.1")]),
)
days = st.dates(min_value=date(2025, 6, 1), max_value=date(2028, 6, 30))
bonus_sets = st.sampled_from(
    [(), ("BONUS_50PLUS",), ("BONUS_VAST", "BONUS_VSO_PRO_DIENST"), ("BONUS_VAST", "BONUS_VAST"),
     ("BONUS_50PLUS", "BONUS_55PLUS"), ("NOPE",)]
)  # fmt: skip


@st.composite
def lines(draw: st.DrawFn) -> Line:
    """A line as a form would send it for its block, then perhaps one field spoilt."""
    start = draw(days)
    end = start + timedelta(days=draw(st.integers(min_value=0, max_value=900)))
    block = draw(st.sampled_from(["PW", "WW", "MAAND", "VAST", "ONTWIKKELING",
                                  "SOCIAAL_INKOPEN", "SCHOLING_KENNIS"]))  # fmt: skip
    fields: dict[str, object] = {"block": block}
    if block in ("PW", "WW"):
        fields.update(
            hours_per_week=draw(st.decimals(min_value=0, max_value=60, places=1)),
            start=start,
            end=end,
            count=draw(st.integers(min_value=0, max_value=3)),
            bonuses=draw(st.sampled_from([(), ("BONUS_50PLUS",), ("BONUS_VSO_PRO_DIENST",)])),
        )
    elif block == "MAAND":
        fields.update(start=start, end=end, count=draw(st.integers(min_value=0, max_value=3)))
    elif block in ("VAST", "ONTWIKKELING"):
        fields.update(date=draw(st.one_of(st.none(), days)), count=draw(st.integers(0, 3)))
        if block == "ONTWIKKELING":
            fields.update(agreed_value_eur=draw(amounts))
    elif block == "SOCIAAL_INKOPEN":
        fields.update(amount_eur=draw(amounts))
    else:
        fields.update(hours=draw(amounts))
    spoilt = draw(st.sampled_from([None, None, None, "block", "hours_per_week", "start", "end",
                                   "count", "bonuses", "hours", "amount_eur",
                                   "agreed_value_eur"]))  # fmt: skip
    if spoilt == "block":
        fields["block"] = "NOPE"
    elif spoilt in ("start", "end"):
        fields[spoilt] = draw(st.one_of(st.none(), days))
    elif spoilt == "count":
        fields["count"] = draw(st.integers(min_value=-1, max_value=3))
    elif spoilt == "bonuses":
        fields["bonuses"] = draw(bonus_sets)
    elif spoilt is not None:
        fields[spoilt] = draw(odd_numbers)
    return Line(**fields)  # type: ignore[arg-type]


def context(language: Language) -> _Context:
    return _Context(
        ruleset=RULESET,
        contract=CONTRACT,
        language=language,
        earliest=date(2025, 10, 1),  # the contract start minus the 3 months of lookback
        blocks={block.code: block for block in RULESET.blocks},
        templates=steps_of(language),
    )


@settings(deadline=None, max_examples=400)
@given(st.lists(lines(), min_size=1, max_size=6), st.sampled_from(list(Language)))
def test_the_short_way_gives_what_the_full_checks_give(
    drawn: list[Line], language: Language
) -> None:
    shared = context(language)  # kinds found on earlier lines are reused, as in calculate
    for index, line in enumerate(drawn):
        quick = _evaluate(index, line, shared)
        checked = _evaluate_checked(index, line, context(language))
        assert quick == checked
        if isinstance(quick, LineResult) and isinstance(checked, LineResult):
            assert quick.explanation == checked.explanation


def test_an_agreed_value_that_is_not_a_number_is_reported() -> None:
    with pytest.raises(CalculationError) as caught:
        calculate(request(Line("ONTWIKKELING", agreed_value_eur=D("NaN"))), RULESET)
    assert [(p.line, p.field, p.code) for p in caught.value.problems] == [
        (0, "agreed_value_eur", "not_a_number")
    ]


def test_a_clean_line_after_a_bad_line_of_the_same_kind_is_valued() -> None:
    bad = Line("PW", hours_per_week=D("-1"), start=date(2026, 1, 1), end=date(2026, 12, 31))
    good = replace(bad, hours_per_week=D("36"))
    # 40,000 x 1 x 12 / 12 = 40,000.00
    (line,) = calculate(request(good), RULESET).lines
    assert line.value_eur == D("40000.00")
    with pytest.raises(CalculationError) as caught:
        calculate(request(bad, good), RULESET)
    assert [(p.line, p.code) for p in caught.value.problems] == [(0, "negative")]


def test_rulesets_are_never_shared_between_calculations() -> None:
    # the kinds are worked out per calculation: another rule set with the same block codes
    # gives its own values
    cheaper = replace(
        RULESET, blocks=tuple(replace(b, value=D("20000")) if b.code == "PW" else b
                              for b in RULESET.blocks)
    )  # fmt: skip
    line = Line("PW", hours_per_week=D("36"), start=date(2026, 1, 1), end=date(2026, 12, 31))
    assert calculate(request(line), RULESET).total_eur == D("40000.00")
    assert calculate(request(line), cheaper).total_eur == D("20000.00")
