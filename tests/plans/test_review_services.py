"""The coordinator's decisions, assignment and comments (sroi.plans.services_review):
every transition, every refusal (a Dutch message and nothing changed), four eyes."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pytest_django.fixtures import Settings

from sroi.accounts.models import User
from sroi.core.models import AuditEntry, OutboxMessage
from sroi.plans import services, services_review
from sroi.plans.constants import (
    PLAN_EDITABLE_STATUSES,
    PLAN_TRANSITIONS,
    CommentSection,
    PlanAction,
    PlanStatus,
)
from sroi.plans.models import Plan, PlanComment
from tests.factories import UserFactory
from tests.plans.factories import PlanFactory, contractor_of


@pytest.fixture
def submitted(contractor_a: User) -> Plan:
    return PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)


@pytest.fixture
def colleague(db: None) -> User:
    return UserFactory(email="collega@werksaam.example.org", coordinator=True)


def _state(plan: Plan) -> tuple[object, ...]:
    plan.refresh_from_db()
    return (
        plan.status,
        plan.first_approved_by_id,
        plan.assigned_to_id,
        plan.events.count(),
        plan.comments.count(),
        AuditEntry.objects.count(),
        OutboxMessage.objects.count(),
    )


# --- the workflow table ----------------------------------------------------------------------


def test_the_workflow_table_keeps_editable_statuses_right() -> None:
    assert {
        PlanStatus.DRAFT,
        PlanStatus.CHANGES_REQUESTED,
        PlanStatus.WITHDRAWN,
    } == PLAN_EDITABLE_STATUSES
    # Neither final status nor "approval pending" can be submitted, withdrawn or edited.
    for status in (PlanStatus.APPROVED, PlanStatus.REJECTED, PlanStatus.APPROVAL_PENDING):
        assert status not in PLAN_TRANSITIONS[PlanAction.SUBMIT][0]
        assert status not in PLAN_TRANSITIONS[PlanAction.WITHDRAW][0]
    for action in (PlanAction.APPROVE, PlanAction.REJECT, PlanAction.REQUEST_CHANGES):
        assert PLAN_TRANSITIONS[action][0] == {PlanStatus.SUBMITTED, PlanStatus.APPROVAL_PENDING}


# --- submission sets the deadline -------------------------------------------------------------


def test_submission_sets_submitted_at_and_a_deadline_of_ten_working_days(
    contractor_a: User, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Friday 24 April 2026, 23:30 in Hoorn (21:30 UTC, still the 24th locally): ten working
    # days skip Koningsdag (Mon 27 April) and Bevrijdingsdag (Tue 5 May): 28, 29, 30 April,
    # 1, 4, 6, 7, 8, 11, 12 May -> Tuesday 12 May 2026.
    moment = datetime(2026, 4, 24, 23, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    services.plan_submit(acting_user=contractor_a, plan=plan)
    plan.refresh_from_db()
    assert plan.submitted_at == moment
    assert plan.review_deadline == date(2026, 5, 12)


def test_the_number_of_working_days_is_a_setting(
    contractor_a: User, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.SROI_REVIEW_WORKING_DAYS = 3
    moment = datetime(2026, 12, 23, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    services.plan_submit(acting_user=contractor_a, plan=plan)
    plan.refresh_from_db()
    # Thu 24 Dec, (25, 26 Dec holidays, weekend), Mon 28, Tue 29 Dec.
    assert plan.review_deadline == date(2026, 12, 29)


# --- approve without four eyes ---------------------------------------------------------------


def test_approve_goes_straight_to_approved_without_four_eyes(
    submitted: Plan, coordinator: User
) -> None:
    services_review.plan_approve(acting_user=coordinator, plan=submitted, note="Prima.")
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.APPROVED
    event = submitted.events.get(action=PlanAction.APPROVE)
    assert (event.actor, event.note) == (coordinator, "Prima.")
    entry = AuditEntry.objects.get(action="plan.approve", object_id=str(submitted.pk))
    assert entry.actor == coordinator
    assert entry.contract_id == submitted.contract_id
    mail = OutboxMessage.objects.order_by("-pk").first()
    assert mail is not None and mail.subject.startswith("Goedgekeurd")


def test_approving_twice_is_refused_and_changes_nothing(submitted: Plan, coordinator: User) -> None:
    services_review.plan_approve(acting_user=coordinator, plan=submitted)
    before = _state(submitted)
    with pytest.raises(services.PlanTransitionError) as info:
        services_review.plan_approve(acting_user=coordinator, plan=submitted)
    assert info.value.message == "Dit kan niet: het plan heeft de status 'goedgekeurd'."
    assert _state(submitted) == before


# --- four eyes -------------------------------------------------------------------------------


def test_four_eyes_first_approval_waits_for_a_second_coordinator(
    submitted: Plan, coordinator: User, colleague: User, settings: Settings
) -> None:
    settings.SROI_FOUR_EYES = True
    mails = OutboxMessage.objects.count()
    services_review.plan_approve(acting_user=coordinator, plan=submitted, note="Eerste.")
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.APPROVAL_PENDING
    assert submitted.first_approved_by == coordinator
    assert submitted.events.filter(action=PlanAction.APPROVE_FIRST).count() == 1
    assert OutboxMessage.objects.count() == mails  # the contractor hears only the final word
    entry = AuditEntry.objects.get(action="plan.approve_first")
    assert entry.contract_id == submitted.contract_id

    services_review.plan_approve(acting_user=colleague, plan=submitted, note="Bevestigd.")
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.APPROVED
    event = submitted.events.get(action=PlanAction.APPROVE)
    assert event.actor == colleague
    assert OutboxMessage.objects.count() == mails + 1


def test_four_eyes_the_first_coordinator_cannot_confirm_their_own_approval(
    submitted: Plan, coordinator: User, settings: Settings
) -> None:
    settings.SROI_FOUR_EYES = True
    services_review.plan_approve(acting_user=coordinator, plan=submitted)
    before = _state(submitted)
    with pytest.raises(services.PlanTransitionError) as info:
        services_review.plan_approve(acting_user=coordinator, plan=submitted)
    assert "zelf als eerste goedgekeurd" in info.value.message
    assert "vier ogen" in info.value.message
    assert _state(submitted) == before
    # Switching four eyes off does not let the first coordinator confirm either.
    settings.SROI_FOUR_EYES = False
    with pytest.raises(services.PlanTransitionError):
        services_review.plan_approve(acting_user=coordinator, plan=submitted)
    assert _state(submitted) == before


def test_four_eyes_second_coordinator_can_send_back_and_it_clears_the_first_approval(
    submitted: Plan, coordinator: User, colleague: User, settings: Settings
) -> None:
    settings.SROI_FOUR_EYES = True
    services_review.plan_approve(acting_user=coordinator, plan=submitted)
    services_review.plan_request_changes(
        acting_user=colleague, plan=submitted, note="Toch niet: uren ontbreken."
    )
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.CHANGES_REQUESTED
    assert submitted.first_approved_by is None


def test_four_eyes_second_coordinator_can_reject(
    submitted: Plan, coordinator: User, colleague: User, settings: Settings
) -> None:
    settings.SROI_FOUR_EYES = True
    services_review.plan_approve(acting_user=coordinator, plan=submitted)
    services_review.plan_reject(acting_user=colleague, plan=submitted, reasons="Onvoldoende.")
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.REJECTED
    assert submitted.first_approved_by is None


# --- reject ----------------------------------------------------------------------------------


def test_reject_is_final_records_the_reasons_and_mails_the_contractor(
    submitted: Plan, coordinator: User, contractor_a: User
) -> None:
    services_review.plan_reject(
        acting_user=coordinator, plan=submitted, reasons="  Geen plaatsingen voorzien.  "
    )
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.REJECTED
    assert not submitted.is_editable
    event = submitted.events.get(action=PlanAction.REJECT)
    assert (event.actor, event.note) == (coordinator, "Geen plaatsingen voorzien.")
    assert AuditEntry.objects.get(action="plan.reject").contract_id == submitted.contract_id
    mail = OutboxMessage.objects.order_by("-pk").first()
    assert mail is not None
    assert mail.to == [contractor_of(submitted).email]
    assert mail.subject.startswith("Afgewezen")
    assert "Geen plaatsingen voorzien." in mail.body
    assert "definitief" in mail.body
    # Final: the contractor can neither change nor submit it again.
    with pytest.raises(services.PlanTransitionError):
        services.plan_submit(acting_user=contractor_a, plan=submitted)
    with pytest.raises(services.PlanTransitionError):
        services.plan_save_draft(acting_user=contractor_a, plan=submitted, plan_data={})


@pytest.mark.parametrize("reasons", ["", "   \n  "])
def test_reject_without_reasons_is_refused_and_changes_nothing(
    submitted: Plan, coordinator: User, reasons: str
) -> None:
    before = _state(submitted)
    with pytest.raises(ValidationError) as info:
        services_review.plan_reject(acting_user=coordinator, plan=submitted, reasons=reasons)
    assert info.value.message_dict == {"reasons": ["Geef de redenen om het plan af te wijzen."]}
    assert _state(submitted) == before


def test_reject_with_too_long_reasons_is_refused(submitted: Plan, coordinator: User) -> None:
    before = _state(submitted)
    with pytest.raises(ValidationError):
        services_review.plan_reject(acting_user=coordinator, plan=submitted, reasons="x" * 5001)
    assert _state(submitted) == before


# --- deciding a plan that is not waiting -------------------------------------------------------


@pytest.mark.parametrize(
    "state", ["draft", "changes_requested", "withdrawn", "approved", "rejected"]
)
@pytest.mark.parametrize("decision", ["approve", "request_changes", "reject"])
def test_deciding_a_plan_that_is_not_waiting_is_refused_and_changes_nothing(
    contractor_a: User, coordinator: User, state: str, decision: str
) -> None:
    traits = {} if state == "draft" else {state: True}
    plan = PlanFactory(contract__organisation=contractor_a.organisation, **traits)
    before = _state(plan)
    calls = {
        "approve": lambda: services_review.plan_approve(acting_user=coordinator, plan=plan),
        "request_changes": lambda: services_review.plan_request_changes(
            acting_user=coordinator, plan=plan, note="Waarom?"
        ),
        "reject": lambda: services_review.plan_reject(
            acting_user=coordinator, plan=plan, reasons="Nee."
        ),
    }
    with pytest.raises(services.PlanTransitionError) as info:
        calls[decision]()
    assert info.value.message.startswith("Dit kan niet: het plan heeft de status")
    assert _state(plan) == before


@pytest.mark.parametrize("decision", ["approve", "request_changes", "reject", "assign", "comment"])
def test_only_a_coordinator_decides(submitted: Plan, contractor_a: User, decision: str) -> None:
    buyer_user = UserFactory(role="buyer", organisation=None)
    for user in (contractor_a, buyer_user):
        before = _state(submitted)
        calls = {
            "approve": lambda u=user: services_review.plan_approve(acting_user=u, plan=submitted),
            "request_changes": lambda u=user: services_review.plan_request_changes(
                acting_user=u, plan=submitted, note="x"
            ),
            "reject": lambda u=user: services_review.plan_reject(
                acting_user=u, plan=submitted, reasons="x"
            ),
            "assign": lambda u=user: services_review.plan_assign(
                acting_user=u, plan=submitted, assignee=None
            ),
            "comment": lambda u=user: services_review.plan_comment_add(
                acting_user=u, plan=submitted, section=CommentSection.LINES, body="x"
            ),
        }
        with pytest.raises(PermissionDenied):
            calls[decision]()
        assert _state(submitted) == before


# --- request changes with comments -------------------------------------------------------------


def test_request_changes_needs_a_note_or_a_comment(submitted: Plan, coordinator: User) -> None:
    before = _state(submitted)
    with pytest.raises(ValidationError) as info:
        services_review.plan_request_changes(acting_user=coordinator, plan=submitted, note=" ")
    assert "note" in info.value.message_dict
    assert _state(submitted) == before


def test_request_changes_sends_every_draft_comment_with_its_event_and_mails_them(
    submitted: Plan, coordinator: User, colleague: User
) -> None:
    first = services_review.plan_comment_add(
        acting_user=coordinator, plan=submitted, section=CommentSection.LINES, body="Uren?"
    )
    second = services_review.plan_comment_add(
        acting_user=colleague, plan=submitted, section=CommentSection.PSO, body="Certificaat?"
    )
    assert first.sent_with is None and first.version is not None
    assert first.version.number == 1
    services_review.plan_request_changes(acting_user=coordinator, plan=submitted)  # no note
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.CHANGES_REQUESTED
    event = submitted.events.get(action=PlanAction.REQUEST_CHANGES)
    assert set(PlanComment.objects.filter(sent_with=event)) == {first, second}
    mail = OutboxMessage.objects.order_by("-pk").first()
    assert mail is not None
    assert "Opmerkingen per onderdeel van het plan" in mail.body
    assert "Geplande inzet (regels):\n- Uren?" in mail.body
    assert "Prestatieladder Socialer Ondernemen:\n- Certificaat?" in mail.body
    entry = AuditEntry.objects.get(action="plan.request_changes")
    assert entry.data["comments"] == [first.pk, second.pk]
    assert entry.contract_id == submitted.contract_id


def test_comment_is_refused_when_the_plan_is_not_waiting(
    contractor_a: User, coordinator: User
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, changes_requested=True)
    before = _state(plan)
    with pytest.raises(services.PlanTransitionError):
        services_review.plan_comment_add(
            acting_user=coordinator, plan=plan, section=CommentSection.LINES, body="Laat."
        )
    assert _state(plan) == before


@pytest.mark.parametrize(
    ("section", "body", "field"),
    [
        ("nonsense", "Tekst", "section"),
        (CommentSection.LINES, "   ", "body"),
        (CommentSection.LINES, "x" * 5001, "body"),
        (CommentSection.LINES, "BSN 111222333 van de kandidaat", "body"),
    ],
)
def test_bad_comments_are_refused_at_their_field(
    submitted: Plan, coordinator: User, section: str, body: str, field: str
) -> None:
    before = _state(submitted)
    with pytest.raises(ValidationError) as info:
        services_review.plan_comment_add(
            acting_user=coordinator, plan=submitted, section=section, body=body
        )
    assert field in info.value.message_dict
    assert _state(submitted) == before


def test_a_draft_comment_can_be_removed_but_a_sent_one_cannot(
    submitted: Plan, coordinator: User
) -> None:
    draft = services_review.plan_comment_add(
        acting_user=coordinator, plan=submitted, section=CommentSection.OTHER, body="Weg"
    )
    services_review.plan_comment_remove(acting_user=coordinator, comment=draft)
    assert not PlanComment.objects.filter(pk=draft.pk).exists()
    assert AuditEntry.objects.get(action="plan.comment_remove").contract_id == (
        submitted.contract_id
    )
    with pytest.raises(services.PlanTransitionError):
        services_review.plan_comment_remove(acting_user=coordinator, comment=draft)

    kept = services_review.plan_comment_add(
        acting_user=coordinator, plan=submitted, section=CommentSection.OTHER, body="Blijft"
    )
    services_review.plan_request_changes(acting_user=coordinator, plan=submitted)
    with pytest.raises(services.PlanTransitionError) as info:
        services_review.plan_comment_remove(acting_user=coordinator, comment=kept)
    assert "verstuurd" in info.value.message
    assert PlanComment.objects.filter(pk=kept.pk).exists()


# --- assignment ------------------------------------------------------------------------------


def test_assign_records_an_event_and_an_audit_entry_on_the_contract(
    submitted: Plan, coordinator: User, colleague: User
) -> None:
    services_review.plan_assign(acting_user=coordinator, plan=submitted, assignee=colleague)
    submitted.refresh_from_db()
    assert submitted.assigned_to == colleague
    assert submitted.status == PlanStatus.SUBMITTED
    event = submitted.events.get(action=PlanAction.ASSIGN)
    assert event.actor == coordinator
    entry = AuditEntry.objects.get(action="plan.assign")
    assert entry.data["assigned_to"] == colleague.pk
    assert entry.contract_id == submitted.contract_id
    # The same again changes and records nothing; None unassigns.
    before = _state(submitted)
    services_review.plan_assign(acting_user=coordinator, plan=submitted, assignee=colleague)
    assert _state(submitted) == before
    services_review.plan_assign(acting_user=coordinator, plan=submitted, assignee=None)
    submitted.refresh_from_db()
    assert submitted.assigned_to is None


def test_a_plan_cannot_be_assigned_to_a_contractor(
    submitted: Plan, coordinator: User, contractor_a: User
) -> None:
    before = _state(submitted)
    with pytest.raises(services.PlanTransitionError) as info:
        services_review.plan_assign(acting_user=coordinator, plan=submitted, assignee=contractor_a)
    assert info.value.message == "Een plan kan alleen aan een coördinator worden toegewezen."
    assert _state(submitted) == before


def test_submitting_again_clears_nothing_but_the_first_approval(
    contractor_a: User, coordinator: User, colleague: User
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, changes_requested=True)
    services_review.plan_assign(acting_user=coordinator, plan=plan, assignee=colleague)
    services.plan_submit(acting_user=contractor_of(plan), plan=plan)
    plan.refresh_from_db()
    assert plan.assigned_to == colleague  # the assignment stays with the contract's plan
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.first_approved_by is None
