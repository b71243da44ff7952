"""Explanations: readable steps per line, Dutch by default, English on request."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from sroi.rules.engine import Language, Line, calculate
from sroi.rules.engine.explain import format_amount, format_date, format_number, literals
from sroi.rules.engine.money import Number
from tests.engine.builders import oost_nederland, placement, request, utrecht_2024


def worked_example(language: Language) -> list[tuple[str, ...]]:
    valuation = calculate(
        request(
            placement("PW", "36", bonuses=("BONUS_50PLUS",)),
            placement("WW", "18", date(2026, 3, 15), date(2026, 6, 30)),
            Line(block="SOCIAAL_INKOPEN", amount_eur=Decimal("4000")),
        ),
        utrecht_2024(),
        language=language,
    )
    return [valuation.obligation_explanation, *(line.explanation for line in valuation.lines)]


def test_worked_example_in_dutch_is_the_default() -> None:
    valuation = calculate(request(), utrecht_2024())
    assert valuation.obligation_explanation[0].startswith("Verplichting:")
    assert worked_example(Language.NL) == [
        ("Verplichting: 5 % van EUR 1.000.000 = EUR 50.000,00",),
        (
            "Participatiewet: EUR 40.000 per voltijd jaar",
            "Bonus Ouder dan 50 jaar: + EUR 10.000 per jaar",
            "Periode 01-01-2026 t/m 31-12-2026 = 12 maanden",
            "Uren: 36 van 36 = factor 1",
            "Waarde: EUR 50.000 x 1 x 12 / 12 = EUR 50.000,00",
        ),
        (
            "WW-uitkering: EUR 20.000 per voltijd jaar",
            "Periode 15-03-2026 t/m 30-06-2026 = 3,5484 maanden",
            "Uren: 18 van 36 = factor 0,5",
            "Waarde: EUR 20.000 x 0,5 x 3,5484 / 12 = EUR 2.956,99",
        ),
        (
            "Inkopen bij sociale bedrijven: factor 1 van het bedrag",
            "Waarde: 1 x EUR 4.000 = EUR 4.000,00",
        ),
    ]


def test_worked_example_in_english() -> None:
    assert worked_example(Language.EN) == [
        ("Obligation: 5 % of EUR 1,000,000 = EUR 50,000.00",),
        (
            "Participation Act: EUR 40,000 per full-time year",
            "Bonus Older than 50: + EUR 10,000 per year",
            "Period 2026-01-01 to 2026-12-31 = 12 months",
            "Hours: 36 of 36 = factor 1",
            "Value: EUR 50,000 x 1 x 12 / 12 = EUR 50,000.00",
        ),
        (
            "Unemployment benefit (WW): EUR 20,000 per full-time year",
            "Period 2026-03-15 to 2026-06-30 = 3.5484 months",
            "Hours: 18 of 36 = factor 0.5",
            "Value: EUR 20,000 x 0.5 x 3.5484 / 12 = EUR 2,956.99",
        ),
        (
            "Buying from social enterprises: factor 1 of the amount",
            "Value: 1 x EUR 4,000 = EUR 4,000.00",
        ),
    ]


def test_english_falls_back_to_the_dutch_label_when_there_is_no_english_one() -> None:
    ruleset = utrecht_2024()
    blocks = tuple(replace(block, label_en="") for block in ruleset.blocks)
    bonuses = tuple(replace(bonus, label_en="") for bonus in ruleset.bonuses)
    (line,) = calculate(
        request(placement("PW", bonuses=("BONUS_VAST",))),
        replace(ruleset, blocks=blocks, bonuses=bonuses),
        language=Language.EN,
    ).lines
    assert line.explanation[:2] == (
        "Participatiewet: EUR 40,000 per full-time year",
        "Bonus Vast dienstverband: + EUR 10,000 per year",
    )


def test_reasons_are_explained_in_english() -> None:
    ruleset = replace(utrecht_2024(), min_hours_per_week=Decimal("12"))
    early, late, few = calculate(
        request(
            placement("PW", "36", date(2025, 1, 1), date(2026, 6, 30)),
            placement("PW", "36", date(2028, 1, 1), date(2028, 6, 30)),
            placement("PW", "8"),
        ),
        ruleset,
        language=Language.EN,
    ).lines
    assert early.explanation[-2:] == (
        "Does not count: started on 2025-01-01, before 2026-01-01 (the earliest start that counts)",
        "Value: EUR 0.00",
    )
    assert late.explanation[-2] == (
        "Does not count: 2028-01-01 to 2028-06-30 lies outside the contract period "
        "2026-01-01 to 2027-12-31"
    )
    assert few.explanation[-2] == "Does not count: 8 hours per week is below the minimum of 12"


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [
        (Decimal("0.5"), "0,5", "0.5"),
        (Fraction(110, 31), "3,5484", "3.5484"),
        (Decimal("12"), "12", "12"),
        (Decimal("12.0000"), "12", "12"),
        (Fraction(5, 9), "0,5556", "0.5556"),
        (Decimal("1234567.25"), "1.234.567,25", "1,234,567.25"),
        (Decimal("999"), "999", "999"),
        (Decimal("-1234.5"), "-1.234,5", "-1,234.5"),
    ],
)
def test_format_number(value: Number, nl: str, en: str) -> None:
    assert format_number(value, Language.NL) == nl
    assert format_number(value, Language.EN) == en


@pytest.mark.parametrize(
    ("value", "cents", "nl", "en"),
    [
        (Decimal("40000"), False, "EUR 40.000", "EUR 40,000"),
        (Decimal("40000"), True, "EUR 40.000,00", "EUR 40,000.00"),
        (Decimal("2956.99"), False, "EUR 2.956,99", "EUR 2,956.99"),
        (Decimal("0.5"), False, "EUR 0,50", "EUR 0.50"),
        (Decimal("0"), False, "EUR 0", "EUR 0"),
        (Decimal("1000000"), False, "EUR 1.000.000", "EUR 1,000,000"),
        (Decimal("-1234.5"), True, "EUR -1.234,50", "EUR -1,234.50"),
    ],
)
def test_format_amount(value: Decimal, cents: bool, nl: str, en: str) -> None:
    assert format_amount(value, Language.NL, cents=cents) == nl
    assert format_amount(value, Language.EN, cents=cents) == en


def test_format_date() -> None:
    assert format_date(date(2026, 3, 5), Language.NL) == "05-03-2026"
    assert format_date(date(2026, 3, 5), Language.EN) == "2026-03-05"


def test_literals_are_the_texts_around_the_fields_in_order() -> None:
    assert literals("Periode {start} t/m {end} = {months} maanden", "start", "end", "months") == (
        "Periode ",
        " t/m ",
        " = ",
        " maanden",
    )
    assert literals("{formula} = {value}", "formula", "value") == ("", " = ", "")


def test_literals_refuse_fields_in_another_order() -> None:
    with pytest.raises(ValueError, match="fields"):
        literals("{end} t/m {start}", "start", "end")


@pytest.mark.parametrize("language", list(Language))
def test_lines_alike_share_one_explanation_equal_to_a_line_valued_alone(
    language: Language,
) -> None:
    """A valued line's texts are kept by what they are written from: lines alike share them.

    Each line's texts are those of the same line valued on its own, in the language asked.
    """
    lines = (
        placement("WW", "18", date(2026, 3, 15), date(2026, 6, 30)),
        placement("PW", "36", bonuses=("BONUS_50PLUS",)),
        placement("WW", "18", date(2026, 3, 15), date(2026, 6, 30)),
        placement("WW", "18", date(2026, 3, 15), date(2026, 6, 30), count=2),
        placement("WW", "24", date(2026, 3, 15), date(2026, 6, 30)),
        placement("PW", "36", bonuses=("BONUS_50PLUS",)),
    )
    valuation = calculate(request(*lines), utrecht_2024(), language=language)
    texts = [line.explanation for line in valuation.lines]
    alone = [
        calculate(request(line), utrecht_2024(), language=language).lines[0].explanation
        for line in lines
    ]
    assert texts == alone
    assert texts[2] is texts[0]
    assert texts[5] is texts[1]
    assert len({id(text) for text in texts}) == 4  # the count and the hours make other texts
    assert texts[3][-1] != texts[0][-1]


@pytest.mark.parametrize("language", list(Language))
def test_per_month_lines_alike_share_one_explanation(language: Language) -> None:
    line = Line(block="WERKERVARINGSPLEK", start=date(2026, 2, 10), end=date(2026, 5, 20))
    other = replace(line, end=date(2026, 5, 21))
    ruleset = oost_nederland()
    valuation = calculate(request(line, other, line), ruleset, language=language)
    first, second, third = (result.explanation for result in valuation.lines)
    assert third is first
    assert second != first
    assert first == calculate(request(line), ruleset, language=language).lines[0].explanation
