"""The coordinator's review of a submitted plan: assignment, comments and decisions.

Every function is keyword-only, atomic, takes ``acting_user`` (a coordinator), locks and
re-reads the plan, checks the transition in ``PLAN_TRANSITIONS`` on that fresh copy, saves
only the fields it changed, writes a ``PlanEvent`` and an audit entry on the contract's
timeline (``contract_id``), and mails through the outbox. A refusal raises
``PlanTransitionError`` (or ``ValidationError`` for a missing text) with a Dutch message, and
changes nothing.

The decisions::

    submitted         --approve-->          approved           (without four eyes)
    submitted         --approve-->          approval_pending   (four eyes: APPROVE_FIRST)
    approval_pending  --approve-->          approved           (a second, different coordinator)
    submitted | approval_pending --request_changes--> changes_requested (sends the draft comments)
    submitted | approval_pending --reject-->          rejected (final; reasons required)

Four eyes is ``settings.SROI_FOUR_EYES``. The coordinator who gave the first approval
(``Plan.first_approved_by``) cannot confirm it; sending back or rejecting clears it.

Comments (``PlanComment``): a coordinator drafts them per section of the form on the review
page (``sent_with`` empty: only coordinators see them); ``plan_request_changes`` sends every
draft comment on the version under review with its event, and from then on the contractor
sees them at their section until the next submission.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from sroi.accounts.models import User
from sroi.core.audit import audit_log
from sroi.plans import contract_state
from sroi.plans.constants import CommentSection, PlanAction, PlanStatus
from sroi.plans.models import Plan, PlanComment, PlanVersion
from sroi.plans.services import (
    PlanTransitionError,
    _absolute,
    _check_transition,
    _lock,
    _mail,
    _record,
    _require_coordinator,
)

# The longest review comment or decision note (characters).
REVIEW_TEXT_MAX_LENGTH = 5000


def four_eyes() -> bool:
    """Whether an approval needs a second coordinator (``settings.SROI_FOUR_EYES``)."""
    return bool(getattr(settings, "SROI_FOUR_EYES", False))


def _latest_version(plan: Plan) -> PlanVersion | None:
    return plan.versions.order_by("-number").first()


def _check_version_seen(plan: Plan, version: int | None) -> None:
    """Refuse a decision taken on a page that showed an older version than the latest one
    (``version``: the number the page showed; None: not given, e.g. a service call)."""
    if version is not None and version != plan.current_version:
        raise PlanTransitionError(
            _(
                "A new version of this plan has been submitted since you opened the page."
                " Review that version first."
            )
        )


def _text(value: str, *, field: str, required_message: str | None = None) -> str:
    """Trim ``value``; refuse it empty (when a message is given) or too long."""
    value = (value or "").strip()
    if required_message is not None and not value:
        raise ValidationError({field: required_message})
    if len(value) > REVIEW_TEXT_MAX_LENGTH:
        raise ValidationError(
            {
                field: _("Use at most %(max)s characters (you used %(count)s).")
                % {"max": REVIEW_TEXT_MAX_LENGTH, "count": len(value)}
            }
        )
    return value


# --- assignment ----------------------------------------------------------------------------


@transaction.atomic
def plan_assign(*, acting_user: User, plan: Plan, assignee: User | None) -> Plan:
    """Assign the plan to a coordinator (``None``: nobody). Any status; no status change.

    Refused (``PlanTransitionError``) when ``assignee`` is not an active coordinator.
    Assigning the one already assigned changes nothing and records nothing.
    """
    _require_coordinator(acting_user)
    if assignee is not None and not (assignee.is_active and assignee.is_coordinator):
        raise PlanTransitionError(_("A plan can only be assigned to a coordinator."))
    plan = _lock(plan)
    new_id = assignee.pk if assignee is not None else None
    if plan.assigned_to_id == new_id:
        return plan
    previous = plan.assigned_to_id
    plan.assigned_to = assignee
    plan.save(update_fields=["assigned_to", "updated_at"])
    name = (assignee.full_name or assignee.email) if assignee is not None else ""
    _record(
        plan=plan,
        action=PlanAction.ASSIGN,
        acting_user=acting_user,
        note=name,
        version=_latest_version(plan),
        data={"assigned_to": new_id, "previous": previous},
    )
    return plan


# --- comments ------------------------------------------------------------------------------


def _version_under_review(plan: Plan) -> PlanVersion:
    """The latest submitted version, while the plan waits for a decision."""
    version = _latest_version(plan)
    if plan.status not in (PlanStatus.SUBMITTED, PlanStatus.APPROVAL_PENDING) or version is None:
        raise PlanTransitionError(
            _("Comments can only be added while the plan waits for a decision.")
        )
    return version


@transaction.atomic
def plan_comment_add(*, acting_user: User, plan: Plan, section: str, body: str) -> PlanComment:
    """A draft comment on ``section`` of the version under review (coordinators only see it)."""
    _require_coordinator(acting_user)
    if section not in CommentSection.values:
        raise ValidationError({"section": _("Choose a section of the plan from the list.")})
    body = _text(body, field="body", required_message=_("Write the comment."))
    plan = _lock(plan)
    version = _version_under_review(plan)
    comment = PlanComment(
        plan=plan, version=version, section=section, body=body, author=acting_user
    )
    comment.full_clean()  # the BSN guard on the body
    comment.save()
    audit_log(
        actor=acting_user,
        action="plan.comment_add",
        obj=plan,
        data={"comment": comment.pk, "section": section, "version": version.number},
        contract_id=plan.contract_id,
    )
    return comment


@transaction.atomic
def plan_comment_remove(*, acting_user: User, comment: PlanComment) -> None:
    """Remove a draft comment (any coordinator: the review is shared). A sent comment is part
    of the record and is refused."""
    _require_coordinator(acting_user)
    plan = _lock(comment.plan)
    try:
        comment = PlanComment.objects.select_for_update().get(pk=comment.pk, plan=plan)
    except PlanComment.DoesNotExist as exc:
        raise PlanTransitionError(_("This comment has already been removed.")) from exc
    if comment.sent_with_id is not None:
        raise PlanTransitionError(
            _("This comment has been sent to the contractor and can no longer be removed.")
        )
    audit_log(
        actor=acting_user,
        action="plan.comment_remove",
        obj=plan,
        data={"comment": comment.pk, "section": comment.section},
        contract_id=plan.contract_id,
    )
    comment.delete()


def _draft_comments(plan: Plan, version: PlanVersion | None) -> list[PlanComment]:
    if version is None:
        return []
    return list(
        PlanComment.objects.select_for_update()
        .filter(plan=plan, version=version, sent_with__isnull=True)
        .order_by("created_at", "id")
    )


def comments_by_section(
    comments: Sequence[PlanComment],
) -> list[tuple[str, str, list[PlanComment]]]:
    """``[(section, label, comments)]`` in the form's order, only sections with comments."""
    grouped: dict[str, list[PlanComment]] = {}
    for comment in comments:
        grouped.setdefault(comment.section, []).append(comment)
    return [
        (code, str(label), grouped[code])
        for code, label in CommentSection.choices
        if code in grouped
    ]


# --- decisions -----------------------------------------------------------------------------


def _mail_decision(
    *,
    plan: Plan,
    decision: str,
    note: str,
    acting_user: User,
    comments: Sequence[PlanComment] = (),
) -> None:
    """Tell the contractor who submitted the latest version what the coordinator decided."""
    version = _latest_version(plan)
    recipient = version.submitted_by if version is not None else None
    recipient = recipient or plan.created_by
    if version is None or recipient is None or not recipient.email:
        return
    context = {
        "plan": plan,
        "contract": plan.contract,
        "version": version,
        "decision": decision,
        "note": note,
        "sections": comments_by_section(comments),
        "detail_url": _absolute(reverse("plans:plan_detail", kwargs={"pk": plan.pk})),
    }
    _mail("decision_contractor", context, to=recipient.email, acting_user=acting_user)


@transaction.atomic
def plan_request_changes(
    *, acting_user: User, plan: Plan, note: str = "", version: int | None = None
) -> Plan:
    """Send the plan back to the contractor with the note and every draft comment on the
    version under review (``sent_with`` = this event). A note or at least one comment is
    required. Clears a first (four-eyes) approval."""
    _require_coordinator(acting_user)
    note = _text(note, field="note")
    plan = _lock(plan)
    target = _check_transition(plan, PlanAction.REQUEST_CHANGES)
    _check_version_seen(plan, version)
    latest = _latest_version(plan)
    drafts = _draft_comments(plan, latest)
    if not note and not drafts:
        raise ValidationError(
            {
                "note": _(
                    "Write down what the contractor should change, or add a comment to a"
                    " section first."
                )
            }
        )
    plan.status = target
    plan.first_approved_by = None
    plan.save(update_fields=["status", "first_approved_by", "updated_at"])
    event = _record(
        plan=plan,
        action=PlanAction.REQUEST_CHANGES,
        acting_user=acting_user,
        note=note,
        version=latest,
        data={"comments": [comment.pk for comment in drafts]},
    )
    if drafts:
        PlanComment.objects.filter(pk__in=[comment.pk for comment in drafts]).update(
            sent_with=event
        )
    _mail_decision(
        plan=plan,
        decision=PlanStatus.CHANGES_REQUESTED,
        note=note,
        acting_user=acting_user,
        comments=drafts,
    )
    return plan


@transaction.atomic
def plan_approve(
    *, acting_user: User, plan: Plan, note: str = "", version: int | None = None
) -> Plan:
    """Approve the version under review.

    Without four eyes: submitted -> approved. With four eyes (``SROI_FOUR_EYES``): a submitted
    plan gets its first approval (approval pending, ``first_approved_by``); a plan pending
    approval is confirmed (-> approved) by a different coordinator. Refused with a Dutch
    message: a plan not waiting for a decision, approving twice, confirming your own first
    approval.
    """
    _require_coordinator(acting_user)
    note = _text(note, field="note")
    plan = _lock(plan)
    if plan.status == PlanStatus.APPROVAL_PENDING and plan.first_approved_by_id == acting_user.pk:
        raise PlanTransitionError(
            _(
                "You gave the first approval of this plan yourself. A second coordinator must"
                " confirm it (four eyes)."
            )
        )
    first = four_eyes() and plan.status == PlanStatus.SUBMITTED
    action = PlanAction.APPROVE_FIRST if first else PlanAction.APPROVE
    status = _check_transition(plan, action)
    _check_version_seen(plan, version)
    plan.status = status
    plan.first_approved_by = acting_user if first else plan.first_approved_by
    plan.save(update_fields=["status", "first_approved_by", "updated_at"])
    _record(
        plan=plan, action=action, acting_user=acting_user, note=note, version=_latest_version(plan)
    )
    if not first:
        contract_state.contract_make_of_record(plan.contract, acting_user)
        _mail_decision(plan=plan, decision=PlanStatus.APPROVED, note=note, acting_user=acting_user)
    return plan


@transaction.atomic
def plan_reject(*, acting_user: User, plan: Plan, reasons: str, version: int | None = None) -> Plan:
    """Reject the plan: final (it cannot be changed or submitted again). Reasons required."""
    _require_coordinator(acting_user)
    reasons = _text(
        reasons,
        field="reasons",
        required_message=_("Give the reasons for rejecting the plan."),
    )
    plan = _lock(plan)
    status = _check_transition(plan, PlanAction.REJECT)
    _check_version_seen(plan, version)
    plan.status = status
    plan.first_approved_by = None
    plan.save(update_fields=["status", "first_approved_by", "updated_at"])
    _record(
        plan=plan,
        action=PlanAction.REJECT,
        acting_user=acting_user,
        note=reasons,
        version=_latest_version(plan),
    )
    _mail_decision(plan=plan, decision=PlanStatus.REJECTED, note=reasons, acting_user=acting_user)
    return plan
