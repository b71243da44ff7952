"""A submitted version is frozen: later changes to the plan never reach its snapshot."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

from sroi.accounts.models import User
from sroi.plans import services, services_review
from sroi.plans.models import Plan, PlanVersion


def test_changing_the_plan_leaves_the_submitted_snapshot_unchanged(
    contractor_a: User, coordinator: User, plan_a: Plan
) -> None:
    version = services.plan_submit(acting_user=contractor_a, plan=plan_a)
    frozen = copy.deepcopy(PlanVersion.objects.get(pk=version.pk).snapshot)

    services_review.plan_request_changes(
        acting_user=coordinator, plan=plan_a, note="Meer uren graag."
    )
    plan_a.refresh_from_db()
    services.plan_save_draft(
        acting_user=contractor_a,
        plan=plan_a,
        contract_data={"name": "Nieuwe naam", "value_eur": Decimal("2000000")},
        plan_data={"work_description": "Iets heel anders."},
        lines=[
            {
                "target_group": "pw_lt2",
                "count": 3,
                "hours_per_week": Decimal("36"),
                "start_date": date(2026, 1, 1),
                "end_date": date(2026, 12, 31),
            }
        ],
    )
    services.plan_submit(acting_user=contractor_a, plan=plan_a)

    assert PlanVersion.objects.get(pk=version.pk).snapshot == frozen
    assert frozen["contract"]["name"] != "Nieuwe naam"
    assert frozen["plan"]["lines"][0]["count"] == 1
    second = PlanVersion.objects.get(plan=plan_a, number=2).snapshot
    assert second["contract"]["name"] == "Nieuwe naam"
    # 3 candidates x EUR 25,000 (PW_LT2, 36 h, a full year) = EUR 75,000.00;
    # obligation 5 % of EUR 2,000,000 = EUR 100,000.00
    assert second["valuation"]["total_eur"] == "75000.00"
    assert second["valuation"]["obligation_eur"] == "100000.00"


def test_snapshot_is_self_contained(contractor_a: User, plan_a: Plan) -> None:
    version = services.plan_submit(acting_user=contractor_a, plan=plan_a)
    snapshot = version.snapshot
    contract = plan_a.contract
    assert snapshot["version"] == 1
    assert snapshot["organisation"]["name"] == contractor_a.organisation.name
    assert snapshot["organisation"]["kvk_number"] == contractor_a.organisation.kvk_number
    assert snapshot["contract"]["name"] == contract.name
    assert snapshot["contract"]["buyer"] == contract.buyer.name
    assert snapshot["contract"]["value_eur"] == "1000000.00"
    assert snapshot["contract"]["start_date"] == "2026-01-01"
    assert snapshot["plan"]["effort_kinds"] == ["jobs"]
    assert snapshot["plan"]["target_groups"] == ["pw_lt2"]
    assert snapshot["plan"]["lines"][0]["block_code"] == "PW_LT2"
    assert snapshot["ruleset"]["id"] == "nhn-werksaam"
    assert snapshot["ruleset"]["version"] == contract.ruleset_version.version
    assert snapshot["ruleset"]["pk"] == contract.ruleset_version.pk
    assert snapshot["ruleset"]["status"] == "indicative"
    # Hand-worked (factories.py docstring): obligation 50,000.00, line 25,000.00, 50.0 %.
    valuation = snapshot["valuation"]
    assert valuation["obligation_eur"] == "50000.00"
    assert valuation["total_eur"] == "25000.00"
    assert valuation["remaining_eur"] == "25000.00"
    assert valuation["fulfilment_pct"] == "50.0"
    assert valuation["lines"][0]["value_eur"] == "25000.00"
    assert "indicative_ruleset" in valuation["warnings"]
