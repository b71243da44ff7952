"""calc-io documents: reading every field, reporting every problem, and writing back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sroi.rules.calcio import parse_request, request_to_dict
from sroi.rules.engine import CalculationError, PsoLevel
from sroi.rules.files import load_shipped_rulesets
from tests.cli.documents import worked_example


def test_fields_are_read_as_decimals_dates_and_integers() -> None:
    doc = worked_example()
    doc["pso_level"] = "trede_2"
    doc["lines"][0].update(count="3", ref="kandidaat-1")
    doc["lines"][2]["amount_eur"] = Decimal("4000.10")
    request, ruleset = parse_request(doc, rulesets=load_shipped_rulesets())
    assert (ruleset.id, ruleset.version) == ("utrecht", "2024-1")
    assert request.contract.value_eur == Decimal("1000000")
    assert request.contract.sroi_percentage == Decimal("5")
    assert request.contract.end == date(2027, 12, 31)
    assert request.pso_level is PsoLevel.TREDE_2
    assert request.reference_date == date(2026, 1, 1)
    first = request.lines[0]
    assert (first.count, first.bonuses, first.ref) == (3, ("BONUS_50PLUS",), "kandidaat-1")
    assert first.hours_per_week == Decimal("36")
    assert request.lines[1].count == 1  # the default
    assert request.lines[2].amount_eur == Decimal("4000.10")


def test_every_problem_names_line_and_field() -> None:
    doc = worked_example()
    doc["pso_level"] = "trede_9"
    doc["contract"]["value_eur"] = 1000000.0  # a float: refused
    doc["lines"][0]["bonuses"] = ["BONUS_50PLUS", 7]
    doc["lines"][1]["count"] = 1.5
    doc["lines"][2] = "SOCIAAL_INKOPEN"
    with pytest.raises(CalculationError) as excinfo:
        parse_request(doc, rulesets=load_shipped_rulesets())
    found = {(p.line, p.field) for p in excinfo.value.problems}
    assert found == {
        (None, "pso_level"),
        (None, "contract.value_eur"),
        (0, "bonuses[1]"),
        (1, "count"),
        (2, "line"),
    }
    assert all(p.message and p.message_nl for p in excinfo.value.problems)


def test_request_round_trips_through_its_document() -> None:
    doc = worked_example()
    doc["pso_level"] = "pso_30plus"
    doc["lines"][0].update(count=2, ref="k-1")
    doc["lines"].append(
        {"block": "ONTWIKKELING", "agreed_value_eur": "1250.50", "date": "2026-05-01"}
    )
    rulesets = load_shipped_rulesets()
    request, _ = parse_request(doc, rulesets=rulesets)
    again, _ = parse_request(request_to_dict(request, "utrecht"), rulesets=rulesets)
    assert again == request
