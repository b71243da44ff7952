"""A line result's explanation is written when it is first read, and reads the same every time."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError, fields, replace
from datetime import date
from decimal import Decimal

import pytest

from sroi.rules.engine import (
    Language,
    Line,
    LineResult,
    Reason,
    Steps,
    Valuation,
    calculate,
)
from sroi.rules.engine.calculate import _new_line_result
from tests.engine.builders import placement, request, utrecht_2024

# PW 36 h/week all of 2026 with the 50+ bonus: (40,000 + 10,000) x 1 x 12 / 12 = 50,000.00;
# WW 18 h/week 15-03 .. 30-06-2026: 20,000 x 0.5 x (17/31 + 3) / 12 = 2,956.989... -> 2,956.99.
PW_STEPS = (
    "Participatiewet: EUR 40.000 per voltijd jaar",
    "Bonus Ouder dan 50 jaar: + EUR 10.000 per jaar",
    "Periode 01-01-2026 t/m 31-12-2026 = 12 maanden",
    "Uren: 36 van 36 = factor 1",
    "Waarde: EUR 50.000 x 1 x 12 / 12 = EUR 50.000,00",
)
WW_STEPS = (
    "WW-uitkering: EUR 20.000 per voltijd jaar",
    "Periode 15-03-2026 t/m 30-06-2026 = 3,5484 maanden",
    "Uren: 18 van 36 = factor 0,5",
    "Waarde: EUR 20.000 x 0,5 x 3,5484 / 12 = EUR 2.956,99",
)


def valuation(language: Language = Language.NL) -> Valuation:
    return calculate(
        request(
            placement("PW", "36", bonuses=("BONUS_50PLUS",)),
            placement("WW", "18", date(2026, 3, 15), date(2026, 6, 30)),
        ),
        utrecht_2024(),
        language=language,
    )


def test_the_explanation_is_a_tuple_of_texts_kept_after_the_first_read() -> None:
    pw, ww = valuation().lines
    assert pw.explanation == PW_STEPS
    assert ww.explanation == WW_STEPS
    assert isinstance(ww.explanation, tuple)
    assert ww.explanation is ww.explanation  # rendered once


def test_equal_inputs_give_equal_results_whether_or_not_the_explanation_was_read() -> None:
    first, second = valuation(), valuation()
    assert first.lines[1].explanation == WW_STEPS  # read on one side only
    assert first == second
    assert hash(first.lines[1]) == hash(second.lines[1])


def test_the_same_line_in_another_language_is_another_result() -> None:
    dutch, english = valuation(Language.NL).lines[1], valuation(Language.EN).lines[1]
    assert dutch.value_eur == english.value_eur == Decimal("2956.99")
    assert dutch != english
    assert english.explanation[-1] == "Value: EUR 20,000 x 0.5 x 3.5484 / 12 = EUR 2,956.99"


def test_a_copy_with_replace_keeps_the_explanation() -> None:
    ww = valuation().lines[1]
    copy = replace(ww, ref="kandidaat-7")
    assert copy.ref == "kandidaat-7"
    assert copy.explanation == WW_STEPS


def test_a_pickled_result_keeps_value_and_explanation() -> None:
    original = valuation()
    copy = pickle.loads(pickle.dumps(original))  # noqa: S301 - our own object
    assert copy == original
    assert [line.explanation for line in copy.lines] == [PW_STEPS, WW_STEPS]


def test_a_result_can_be_made_with_finished_texts() -> None:
    result = LineResult(0, "PW", Decimal("0.00"), None, None, None, Reason.BELOW_MIN_HOURS,
                        Steps(("Telt niet",)))  # fmt: skip
    assert result.explanation == ("Telt niet",)
    assert "Telt niet" not in repr(result)  # the trace is not part of the repr


def test_the_fast_constructor_makes_the_same_frozen_line_result() -> None:
    values = (
        3,
        "WW",
        Decimal("2956.99"),
        Decimal("3.5"),
        date(2026, 3, 15),
        date(2026, 6, 30),
        None,
        Steps(WW_STEPS),
        "kandidaat-7",
        date(2027, 3, 14),
        True,
    )
    fast, regular = _new_line_result(*values), LineResult(*values)
    assert type(fast) is LineResult
    assert fast == regular
    assert hash(fast) == hash(regular)
    assert repr(fast) == repr(regular)
    assert vars(fast) == vars(regular)  # every field, nothing else (a new field must be added)
    assert list(vars(fast)) == [field.name for field in fields(LineResult)]
    assert fast.explanation == WW_STEPS
    with pytest.raises(FrozenInstanceError):
        fast.ref = "other"  # type: ignore[misc]


def test_a_line_that_does_not_count_explains_why() -> None:
    (line,) = calculate(
        request(Line("PW", hours_per_week=Decimal("36"), start=date(2025, 6, 1),
                     end=date(2026, 6, 30))),
        utrecht_2024(),
    ).lines  # fmt: skip
    assert line.reason is Reason.STARTED_BEFORE_CONTRACT
    assert line.explanation[1:] == (
        "Telt niet: gestart op 01-06-2025, vóór 01-01-2026 (de vroegste startdatum die meetelt)",
        "Waarde: EUR 0,00",
    )


def test_the_explanation_is_documented_on_the_class_and_not_a_field() -> None:
    assert "rendered on first read" in (LineResult.explanation.__doc__ or "")
    assert "explanation" not in [field.name for field in fields(LineResult)]
