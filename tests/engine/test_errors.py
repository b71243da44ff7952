"""Errors are never a silent default: every problem, each naming its line and field."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sroi.rules.engine import (
    CalculationError,
    CalculationRequest,
    Contract,
    Line,
    Problem,
    calculate,
)
from tests.engine.builders import make_contract, request, utrecht_2024

D = Decimal
JAN = date(2026, 1, 1)
DEC = date(2026, 12, 31)


def pw(**fields: object) -> Line:
    values: dict[str, object] = {"hours_per_week": D("36"), "start": JAN, "end": DEC}
    values.update(fields)
    return Line("PW", **values)  # type: ignore[arg-type]


def problems_of(calculation: CalculationRequest) -> list[tuple[int | None, str, str]]:
    with pytest.raises(CalculationError) as caught:
        calculate(calculation, utrecht_2024())
    return [(p.line, p.field, p.code) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (Line("NOPE"), [(0, "block", "unknown_block")]),
        (pw(bonuses=("NOPE",)), [(0, "bonuses", "unknown_bonus")]),
        (
            Line("SOCIAAL_INKOPEN", amount_eur=D("1"), bonuses=("BONUS_VAST",)),
            [(0, "bonuses", "bonus_not_allowed")],
        ),
        (pw(start=DEC, end=JAN), [(0, "end", "end_before_start")]),
        (pw(hours_per_week=D("-1")), [(0, "hours_per_week", "negative")]),
        (pw(hours_per_week=D("168.5")), [(0, "hours_per_week", "hours_per_week_above_168")]),
        (pw(count=-1), [(0, "count", "negative")]),
        (Line("SCHOLING_KENNIS", hours=D("-2")), [(0, "hours", "negative")]),
        (Line("SOCIAAL_INKOPEN", amount_eur=D("-0.01")), [(0, "amount_eur", "negative")]),
        (
            Line("ONTWIKKELING", agreed_value_eur=D("-5")),
            [(0, "agreed_value_eur", "negative")],
        ),
        (pw(hours_per_week=D("NaN")), [(0, "hours_per_week", "not_a_number")]),
        (
            Line("SOCIAAL_INKOPEN", amount_eur=D("Infinity")),
            [(0, "amount_eur", "not_a_number")],
        ),
        (
            Line("PW"),
            [
                (0, "hours_per_week", "missing_field"),
                (0, "start", "missing_field"),
                (0, "end", "missing_field"),
            ],
        ),
        (pw(hours_per_week=None), [(0, "hours_per_week", "missing_field")]),
        (Line("SCHOLING_KENNIS"), [(0, "hours", "missing_field")]),
        (Line("SOCIAAL_INKOPEN"), [(0, "amount_eur", "missing_field")]),
        (Line("ONTWIKKELING"), [(0, "agreed_value_eur", "missing_field")]),
    ],
)
def test_line_problem(line: Line, expected: list[tuple[int, str, str]]) -> None:
    assert problems_of(request(line)) == expected


@pytest.mark.parametrize(
    ("contract", "expected"),
    [
        (
            Contract(D("-1"), JAN, DEC),
            [(None, "contract.value_eur", "negative")],
        ),
        (
            Contract(D("1000"), DEC, JAN),
            [(None, "contract.end", "end_before_start")],
        ),
        (
            Contract(D("1000"), JAN, DEC, sroi_percentage=D("-0.1")),
            [(None, "contract.sroi_percentage", "percentage_out_of_range")],
        ),
        (
            Contract(D("1000"), JAN, DEC, sroi_percentage=D("100.01")),
            [(None, "contract.sroi_percentage", "percentage_out_of_range")],
        ),
        (
            Contract(D("1000"), JAN, DEC, sroi_percentage=D("NaN")),
            [(None, "contract.sroi_percentage", "not_a_number")],
        ),
        (
            Contract(D("sNaN"), JAN, DEC),
            [(None, "contract.value_eur", "not_a_number")],
        ),
    ],
)
def test_contract_problem(contract: Contract, expected: list[tuple[None, str, str]]) -> None:
    assert problems_of(request(contract=contract)) == expected


@pytest.mark.parametrize(
    ("hours", "percentage"),
    [("0", "0"), ("168", "100")],
)
def test_the_limits_themselves_are_allowed(hours: str, percentage: str) -> None:
    valuation = calculate(
        request(pw(hours_per_week=D(hours)), contract=make_contract(percentage=percentage)),
        utrecht_2024(),
    )
    assert len(valuation.lines) == 1


def test_every_problem_is_reported_not_just_the_first() -> None:
    calculation = request(
        Line("SOCIAAL_INKOPEN", amount_eur=D("100")),  # fine
        Line("NOPE", count=-2),
        pw(start=DEC, end=JAN, hours_per_week=D("200"), bonuses=("BONUS_VAST", "BONUS_VAST")),
        Line("SCHOLING_KENNIS", count=2),
        contract=Contract(D("-5"), DEC, JAN, sroi_percentage=D("101")),
    )
    assert problems_of(calculation) == [
        (None, "contract.value_eur", "negative"),
        (None, "contract.end", "end_before_start"),
        (None, "contract.sroi_percentage", "percentage_out_of_range"),
        (1, "count", "negative"),
        (1, "block", "unknown_block"),
        (2, "hours_per_week", "hours_per_week_above_168"),
        (2, "end", "end_before_start"),
        (2, "bonuses", "duplicate_bonus"),
        (3, "count", "count_not_applicable"),
        (3, "hours", "missing_field"),
    ]


def test_a_bad_number_still_reports_the_lines_other_problems() -> None:
    line = Line("PW", hours_per_week=D("NaN"), start=DEC, end=JAN, bonuses=("NOPE",))
    assert problems_of(request(line)) == [
        (0, "hours_per_week", "not_a_number"),
        (0, "end", "end_before_start"),
        (0, "bonuses", "unknown_bonus"),
    ]


def test_a_rule_set_without_full_time_hours_is_refused() -> None:
    with pytest.raises(CalculationError) as caught:
        calculate(request(pw()), replace(utrecht_2024(), basis_hours_per_week=D("0")))
    assert [(p.line, p.field, p.code) for p in caught.value.problems] == [
        (None, "ruleset.basis_hours_per_week", "invalid_ruleset")
    ]


@pytest.mark.parametrize(
    ("line", "message", "message_nl"),
    [
        (
            pw(hours_per_week=D("-1")),
            "hours_per_week may not be negative.",
            "Uren per week mag niet negatief zijn.",
        ),
        (
            pw(hours_per_week=D("170.5")),
            "hours_per_week (170.5) may not be more than 168 (the hours in a week).",
            "Uren per week (170,5) mag niet meer zijn dan 168 (het aantal uren in een week).",
        ),
        (
            pw(start=DEC, end=JAN),
            "end (2026-01-01) is before the start date (2026-12-31).",
            "Einddatum (01-01-2026) ligt vóór de startdatum (31-12-2026).",
        ),
        (
            Line("NOPE"),
            "Unknown block 'NOPE' in rule set 'utrecht'.",
            "Onbekend bouwblok 'NOPE' in regelset 'utrecht'.",
        ),
        (
            pw(bonuses=("NOPE",)),
            "Unknown bonus 'NOPE' in rule set 'utrecht'.",
            "Onbekende bonus 'NOPE' in regelset 'utrecht'.",
        ),
        (
            Line("SOCIAAL_INKOPEN", amount_eur=D("1"), bonuses=("BONUS_VAST",)),
            "Bonus 'BONUS_VAST' only applies to a placement (per full-time year), "
            "not to block 'SOCIAAL_INKOPEN'.",
            "Bonus 'BONUS_VAST' kan alleen bij een plaatsing (per voltijd jaar), "
            "niet bij bouwblok 'SOCIAAL_INKOPEN'.",
        ),
        (
            Line("SCHOLING_KENNIS"),
            "hours is required for block 'SCHOLING_KENNIS' (basis per_hour).",
            "Uren is verplicht voor bouwblok 'SCHOLING_KENNIS'.",
        ),
        (
            pw(hours_per_week=D("NaN")),
            "hours_per_week is not a finite number.",
            "Uren per week is geen geldig getal.",
        ),
    ],
)
def test_messages_in_english_and_dutch(line: Line, message: str, message_nl: str) -> None:
    with pytest.raises(CalculationError) as caught:
        calculate(request(line), utrecht_2024())
    (problem,) = caught.value.problems
    assert (problem.message, problem.message_nl) == (message, message_nl)


def test_contract_messages_in_dutch() -> None:
    with pytest.raises(CalculationError) as caught:
        calculate(
            request(contract=Contract(D("-1"), JAN, DEC, sroi_percentage=D("120"))),
            utrecht_2024(),
        )
    assert [p.message_nl for p in caught.value.problems] == [
        "Opdrachtwaarde mag niet negatief zijn.",
        "SROI-percentage (120) moet tussen 0 en 100 liggen.",
    ]


def test_the_error_names_where_each_problem_is() -> None:
    line_problem = Problem(2, "hours", "negative", "hours may not be negative.", "...")
    contract_problem = Problem(None, "contract.end", "end_before_start", "bad end.", "...")
    assert line_problem.location() == "lines[2].hours"
    assert contract_problem.location() == "contract.end"
    error = CalculationError([line_problem, contract_problem])
    assert str(error) == "lines[2].hours: hours may not be negative.; contract.end: bad end."
    assert error.problems == (line_problem, contract_problem)
