"""Checks then valuation: a clean line after a bad one of the same kind, kinds per calculation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sroi.rules.engine import CalculationError, Line, calculate
from tests.engine.builders import request, utrecht_2024

D = Decimal
RULESET = utrecht_2024()


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
