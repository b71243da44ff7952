"""A draft keeps whatever was typed; nothing needs to be complete to save."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sroi.accounts.models import User
from sroi.plans import services
from sroi.plans.constants import PlanStatus


def test_an_empty_contract_and_plan_can_be_saved(contractor_a: User) -> None:
    contract = services.contract_create(
        acting_user=contractor_a, organisation=contractor_a.organisation
    )
    plan = services.plan_create(acting_user=contractor_a, contract=contract)
    assert plan.status == PlanStatus.DRAFT
    assert contract.ruleset_version is None  # no start date yet


def test_half_filled_lines_are_kept_and_empty_rows_dropped(contractor_a: User) -> None:
    contract = services.contract_create(
        acting_user=contractor_a,
        organisation=contractor_a.organisation,
        data={"name": "Half werk", "value_eur": ""},
    )
    plan = services.plan_create(acting_user=contractor_a, contract=contract)
    services.plan_save_draft(
        acting_user=contractor_a,
        plan=plan,
        plan_data={"effort_kinds": ["jobs"], "work_description": "  Nog te bepalen  "},
        lines=[
            {"target_group": "ww_gt1", "hours_per_week": "", "count": None},
            {"target_group": "", "block_code": "", "count": 1},  # nothing typed but the default
            {"amount_eur": Decimal("1500.50")},
        ],
    )
    plan.refresh_from_db()
    lines = list(plan.lines.all())
    assert [(line.position, line.target_group, line.amount_eur) for line in lines] == [
        (0, "ww_gt1", None),
        (1, "", Decimal("1500.50")),
    ]
    assert plan.work_description == "Nog te bepalen"
    assert plan.contract.value_eur is None


def test_end_before_start_is_a_field_error_and_nothing_is_stored(contractor_a: User) -> None:
    contract = services.contract_create(
        acting_user=contractor_a,
        organisation=contractor_a.organisation,
        data={"name": "Datums", "start_date": date(2026, 5, 1)},
    )
    plan = services.plan_create(acting_user=contractor_a, contract=contract)
    with pytest.raises(ValidationError) as info:
        services.plan_save_draft(
            acting_user=contractor_a,
            plan=plan,
            contract_data={"end_date": date(2026, 4, 30), "sroi_percentage": Decimal("101")},
        )
    assert info.value.message_dict == {
        "end_date": ["De einddatum ligt voor de startdatum."],
        "sroi_percentage": ["Het percentage ligt tussen 0 en 100."],
    }
    contract.refresh_from_db()
    assert contract.end_date is None


def test_a_line_with_only_a_typed_count_is_kept(contractor_a: User) -> None:
    contract = services.contract_create(
        acting_user=contractor_a, organisation=contractor_a.organisation
    )
    plan = services.plan_create(
        acting_user=contractor_a,
        contract=contract,
        lines=[{"count": 3}, {"count": 1}, {"count": None}],
    )
    # 3 was typed; 1 is the count a new empty row starts with; None is an empty field.
    assert list(plan.lines.values_list("count", flat=True)) == [3]
