"""The plan workflow (constants.PLAN_TRANSITIONS), through the services."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sroi.accounts.models import User
from sroi.core.models import AuditEntry
from sroi.plans import services, services_review
from sroi.plans.constants import PlanAction, PlanStatus
from sroi.plans.models import Plan
from tests.plans.factories import PlanFactory


def test_contractor_submits_a_complete_draft(contractor_a: User, plan_a: Plan) -> None:
    version = services.plan_submit(acting_user=contractor_a, plan=plan_a)
    plan_a.refresh_from_db()
    assert plan_a.status == PlanStatus.SUBMITTED
    assert plan_a.current_version == 1
    assert version.number == 1
    assert list(plan_a.events.values_list("action", flat=True)) == [PlanAction.SUBMIT]
    assert AuditEntry.objects.filter(action="plan.submit", object_id=str(plan_a.pk)).exists()


def test_coordinator_approves_a_submitted_plan_with_a_note(
    contractor_a: User, coordinator: User
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    services_review.plan_approve(acting_user=coordinator, plan=plan, note="Prima plan.")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    event = plan.events.get(action=PlanAction.APPROVE)
    assert event.note == "Prima plan."
    assert event.actor == coordinator
    assert event.version is not None and event.version.number == 1


def test_request_changes_needs_a_note(contractor_a: User, coordinator: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    with pytest.raises(ValidationError) as info:
        services_review.plan_request_changes(acting_user=coordinator, plan=plan, note="  ")
    assert "note" in info.value.message_dict
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_changes_requested_plan_is_edited_and_submitted_as_version_2(
    contractor_a: User,
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, changes_requested=True)
    services.plan_save_draft(
        acting_user=contractor_a, plan=plan, plan_data={"additional_info": "Aangepast."}
    )
    version = services.plan_submit(acting_user=contractor_a, plan=plan)
    plan.refresh_from_db()
    assert version.number == 2
    assert plan.status == PlanStatus.SUBMITTED
    assert list(plan.versions.order_by("number").values_list("number", flat=True)) == [1, 2]


def test_withdrawn_plan_is_editable_and_resubmitted_as_next_version(contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, withdrawn=True)
    assert plan.status == PlanStatus.WITHDRAWN
    assert plan.is_editable
    version = services.plan_submit(acting_user=contractor_a, plan=plan)
    assert version.number == 2


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("draft", "withdraw"),
        ("draft", "approve"),
        ("draft", "request_changes"),
        ("submitted", "submit"),
        ("approved", "submit"),
        ("approved", "withdraw"),
        ("approved", "request_changes"),
        ("changes_requested", "approve"),
        ("withdrawn", "approve"),
    ],
)
def test_transition_not_in_the_mapping_is_refused(
    contractor_a: User, coordinator: User, state: str, action: str
) -> None:
    traits = {} if state == "draft" else {state: True}
    plan = PlanFactory(contract__organisation=contractor_a.organisation, **traits)
    versions_before = plan.versions.count()
    calls = {
        "submit": lambda: services.plan_submit(acting_user=contractor_a, plan=plan),
        "withdraw": lambda: services.plan_withdraw(acting_user=contractor_a, plan=plan),
        "approve": lambda: services_review.plan_approve(acting_user=coordinator, plan=plan),
        "request_changes": lambda: services_review.plan_request_changes(
            acting_user=coordinator, plan=plan, note="Waarom?"
        ),
    }
    with pytest.raises(services.PlanTransitionError):
        calls[action]()
    plan.refresh_from_db()
    assert plan.status == state
    assert plan.versions.count() == versions_before


def test_submitted_plan_cannot_be_saved_as_draft(contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    with pytest.raises(services.PlanTransitionError):
        services.plan_save_draft(
            acting_user=contractor_a, plan=plan, plan_data={"additional_info": "stiekem"}
        )
    plan.refresh_from_db()
    assert plan.additional_info == ""


def test_contractor_cannot_approve_own_plan(contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    with pytest.raises(PermissionDenied):
        services_review.plan_approve(acting_user=contractor_a, plan=plan)


def test_other_organisation_cannot_submit_or_withdraw(contractor_b: User, plan_a: Plan) -> None:
    with pytest.raises(PermissionDenied):
        services.plan_submit(acting_user=contractor_b, plan=plan_a)
    with pytest.raises(PermissionDenied):
        services.plan_save_draft(acting_user=contractor_b, plan=plan_a, plan_data={})


def test_coordinator_cannot_submit_for_a_contractor(coordinator: User, plan_a: Plan) -> None:
    with pytest.raises(PermissionDenied):
        services.plan_submit(acting_user=coordinator, plan=plan_a)
