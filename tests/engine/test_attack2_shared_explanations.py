"""Attack on the explanations shared between lines alike (``_Context.explanations``): a line's
texts must be exactly what its own values render, never another line's (its candidate, its
capped period, its hours split) and never another language's. Lines with candidates, a shared
cap, more than full time on some days and bonuses, mixed with anonymous lines alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sroi.rules.engine import Language, Line, calculate
from tests.engine.builders import nhn_indicative, request, utrecht_2024

D = Decimal


def _lines() -> tuple[Line, ...]:
    base = Line("WW", hours_per_week=D("18"), start=date(2026, 3, 15), end=date(2026, 6, 30))
    return (
        base,
        replace(base, candidate="K-1"),
        replace(base, candidate="K-2"),
        replace(base, candidate="K-1", start=date(2026, 5, 1), hours_per_week=D("30")),  # > 36
        base,
        replace(base, count=2),
        replace(base, candidate="K-3", end=date(2027, 12, 31)),
        replace(base, candidate="K-3", start=date(2027, 1, 1), end=date(2027, 12, 31)),
        Line(
            "PW",
            hours_per_week=D("36"),
            start=date(2026, 1, 1),
            end=date(2026, 12, 31),
            bonuses=("BONUS_50PLUS",),
            candidate="K-4",
        ),
        Line(
            "PW",
            hours_per_week=D("36"),
            start=date(2026, 1, 1),
            end=date(2026, 12, 31),
            bonuses=("BONUS_50PLUS",),
        ),
    )


@pytest.mark.parametrize("ruleset", [utrecht_2024, nhn_indicative], ids=["utrecht", "nhn"])
@pytest.mark.parametrize("language", list(Language))
def test_attack2_a_shared_explanation_is_what_the_line_renders_on_its_own(
    ruleset: object, language: Language
) -> None:
    rules = ruleset()  # type: ignore[operator]
    lines = _lines()
    if rules.id != "utrecht":
        lines = tuple(
            replace(line, block="WW_LT1", bonuses=()) for line in lines if line.block == "WW"
        )
    valuation = calculate(request(*lines), rules, language=language)
    assert len(valuation.lines) == len(lines)  # raises CalculationError on a problem
    compared = 0
    for result in valuation.lines:
        trace = result._trace
        if "context" in getattr(trace, "_fields", ()):
            fresh = trace._replace(context=replace(trace.context, explanations={}))
            assert result.explanation == fresh.render()
            compared += 1
    assert compared == len(lines)
    # The other language never shares a text with this one.
    other = next(lang for lang in Language if lang != language)
    again = calculate(request(*lines), rules, language=other)
    for mine, theirs in zip(valuation.lines, again.lines, strict=True):
        assert mine.value_eur == theirs.value_eur
        assert mine.explanation != theirs.explanation


def test_attack2_a_candidate_reference_never_reaches_another_lines_explanation() -> None:
    lines = _lines()
    valuation = calculate(request(*lines), utrecht_2024(), language=Language.NL)
    for line, result in zip(lines, valuation.lines, strict=True):
        text = " ".join(result.explanation)
        for reference in ("K-1", "K-2", "K-3", "K-4"):
            if reference != line.candidate:
                assert reference not in text
