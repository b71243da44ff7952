"""Submitting checks completeness: field -> Dutch message; nothing changes when incomplete."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sroi.accounts.models import User
from sroi.plans import services
from sroi.plans.constants import PlanStatus
from tests.plans.factories import PlanFactory


def test_an_empty_plan_lists_every_missing_field(contractor_a: User) -> None:
    contract = services.contract_create(
        acting_user=contractor_a, organisation=contractor_a.organisation
    )
    plan = services.plan_create(acting_user=contractor_a, contract=contract)
    errors = services.plan_check_complete(plan)
    assert set(errors) == {
        "name",
        "buyer",
        "value_eur",
        "start_date",
        "end_date",
        "sroi_percentage",
        "effort_kinds",
        "lines",
    }
    assert errors["effort_kinds"] == "Kies ten minste één soort invulling."


def test_jobs_need_a_target_group_and_a_description(contractor_a: User) -> None:
    plan = PlanFactory(
        contract__organisation=contractor_a.organisation,
        target_groups=[],
        work_description="",
        lines=[{"block_code": "SOCIAAL_INKOPEN", "amount_eur": Decimal("1000")}],
    )
    errors = services.plan_check_complete(plan)
    assert "target_groups" in errors
    assert "work_description" in errors


def test_each_chosen_target_group_needs_its_candidates(contractor_a: User) -> None:
    plan = PlanFactory(
        contract__organisation=contractor_a.organisation, target_groups=["pw_lt2", "nug"]
    )
    errors = services.plan_check_complete(plan)
    assert errors == {
        "lines": "Vul voor elke gekozen doelgroep het verwachte aantal kandidaten in."
    }


def test_pso_level_needs_a_valid_certificate(contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, pso_level="trede_2")
    assert services.plan_check_complete(plan, today=date(2026, 11, 27)) == {
        "pso_certificate_end": "Vul de einddatum van het PSO-certificaat in."
    }
    plan.pso_certificate_end = date(2026, 11, 26)
    assert services.plan_check_complete(plan, today=date(2026, 11, 27)) == {
        "pso_certificate_end": "Het PSO-certificaat is verlopen."
    }
    plan.pso_certificate_end = date(2027, 11, 26)
    assert services.plan_check_complete(plan, today=date(2026, 11, 27)) == {}


def test_engine_problems_land_on_the_line_field(contractor_a: User) -> None:
    plan = PlanFactory(
        contract__organisation=contractor_a.organisation,
        lines=[
            {
                "target_group": "pw_lt2",
                "count": 1,
                "hours_per_week": Decimal("36"),
                "start_date": date(2026, 6, 1),
                "end_date": date(2026, 5, 1),  # end before start
            }
        ],
    )
    errors = services.plan_check_complete(plan)
    assert list(errors) == ["lines-0-end_date"]


def test_a_target_group_without_a_block_in_the_rule_set_must_name_one(contractor_a: User) -> None:
    # Utrecht 2024-1 has no block for early school leavers (its rule-set file maps vsv_27 to null).
    from sroi.rules.models import RuleSetVersion

    plan = PlanFactory(
        contract__organisation=contractor_a.organisation,
        contract__ruleset_version=RuleSetVersion.objects.get(code="utrecht", version="2024-1"),
        target_groups=["vsv_27"],
        lines=[
            {
                "target_group": "vsv_27",
                "count": 1,
                "hours_per_week": Decimal("36"),
                "start_date": date(2026, 1, 1),
                "end_date": date(2026, 12, 31),
            }
        ],
    )
    errors = services.plan_check_complete(plan)
    assert list(errors) == ["lines-0-block_code"]


def test_incomplete_submission_is_refused_and_changes_nothing(contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, effort_kinds=[])
    with pytest.raises(services.PlanIncompleteError) as info:
        services.plan_submit(acting_user=contractor_a, plan=plan)
    assert "effort_kinds" in info.value.errors
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert plan.versions.count() == 0
