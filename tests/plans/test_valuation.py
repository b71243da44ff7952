"""``sroi.plans.valuation``: the one way a plan is valued (NHN indicative values, by hand)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sroi.plans.models import Contract, PlanLine
from sroi.plans.valuation import valuation_for
from sroi.rules.models import RuleSetVersion


def _contract(**fields: object) -> Contract:
    values: dict[str, object] = {
        "value_eur": Decimal("1000000"),
        "start_date": date(2026, 1, 1),
        "end_date": date(2027, 12, 31),
        "sroi_percentage": Decimal("5"),
    }
    values.update(fields)
    return Contract(**values)  # unsaved: the live panel values form data before saving


def test_unsaved_form_data_is_valued_with_the_rule_set_valid_on_the_start(db: None) -> None:
    lines = [
        # WW > 1 jaar (EUR 20,000/FTE-year), 18 h: 20,000 x 0.5 x (17/31 + 3) / 12 = 2,956.99
        PlanLine(
            target_group="ww_gt1",
            count=1,
            hours_per_week=Decimal("18"),
            start_date=date(2026, 3, 15),
            end_date=date(2026, 6, 30),
        ),
        PlanLine(),  # an empty row of the form: left out
        # Maatschappelijke meerwaarde EUR 100 per hour x 40 = 4,000.00
        PlanLine(block_code="MAATSCHAPPELIJK", hours=Decimal("40")),
    ]
    result = valuation_for(contract=_contract(), lines=lines)
    assert result.ruleset_version == RuleSetVersion.objects.get(code="nhn-werksaam")
    assert result.skipped == (1,)
    assert result.problems == ()
    assert result.valuation is not None
    assert [line.value_eur for line in result.valuation.lines] == [
        Decimal("2956.99"),
        Decimal("4000.00"),
    ]
    assert result.valuation.total_eur == Decimal("6956.99")
    assert result.valuation.obligation_eur == Decimal("50000.00")


def test_missing_contract_fields_are_named_not_raised(db: None) -> None:
    result = valuation_for(contract=_contract(value_eur=None, end_date=None), lines=[])
    assert result.valuation is None
    assert set(result.missing) == {"value_eur", "end_date"}


def test_engine_problem_is_mapped_back_to_the_form_line(db: None) -> None:
    lines = [
        PlanLine(),
        PlanLine(
            target_group="nug",
            hours_per_week=Decimal("200"),
            start_date=date(2026, 1, 1),
            end_date=date(2026, 2, 1),
        ),
    ]
    result = valuation_for(contract=_contract(), lines=lines)
    assert result.valuation is None
    assert [(problem.line, problem.field) for problem in result.problems] == [(1, "hours_per_week")]
