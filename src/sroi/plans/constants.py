"""Choices and the one status-transition mapping of the plans app.

Labels are English msgids; the Dutch msgstr is the official form's exact wording
(``plan-van-aanpak-social-return.txt``, WerkSaam Westfriesland).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The target groups of the form live with the rule sets, which map each one to a block
# (re-exported here: the plans app names them as before).
from sroi.rules.constants import TARGET_GROUP_FAMILY as TARGET_GROUP_FAMILY
from sroi.rules.constants import TargetGroup as TargetGroup
from sroi.rules.constants import TargetGroupFamily as TargetGroupFamily
from sroi.rules.constants import target_group_label as target_group_label
from sroi.rules.engine import PsoLevel as EnginePsoLevel


class EffortKind(models.TextChoices):
    """Soort invulling (one or more per plan)."""

    JOBS = "jobs", _("Vacancies/jobs")
    LEARN_WORK = "learn_work", _("Learn-work places (BOL/BBL)")
    TRAINING_INTERNSHIP = "training_internship", _("Training, coaching, internship")
    SOCIAL_PROCUREMENT = "social_procurement", _("Social procurement")
    SOCIAL_VALUE = "social_value", _("Social added value")


def target_group_tree() -> list[tuple[str | None, str, list[tuple[str, str]]]]:
    """The form's nesting for a template: ``[(family_code|None, family_label, [(code, label)])]``.

    Stand-alone groups come as a family of ``None`` with one member, in the form's order.
    """
    tree: list[tuple[str | None, str, list[tuple[str, str]]]] = []
    for code, label in TargetGroup.choices:
        family = TARGET_GROUP_FAMILY.get(code)
        if family is None:
            tree.append((None, str(label), [(code, str(label))]))
        elif tree and tree[-1][0] == family:
            tree[-1][2].append((code, str(label)))
        else:
            tree.append((family, str(TargetGroupFamily(family).label), [(code, str(label))]))
    return tree


class PsoLevel(models.TextChoices):
    """Prestatieladder Socialer Ondernemen; values equal the engine's ``PsoLevel``.

    "No PSO" is the empty value (``blank=True`` on the field).
    """

    ASPIRANT = EnginePsoLevel.ASPIRANT.value, _("Aspirant")
    TREDE_1 = EnginePsoLevel.TREDE_1.value, _("Step 1")
    TREDE_2 = EnginePsoLevel.TREDE_2.value, _("Step 2")
    TREDE_3 = EnginePsoLevel.TREDE_3.value, _("Step 3")
    PSO_30PLUS = EnginePsoLevel.PSO_30PLUS.value, _("PSO 30+")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    APPROVED = "approved", _("approved")
    WITHDRAWN = "withdrawn", _("withdrawn")
    # Approved by one coordinator, waiting for a second to confirm (four eyes).
    APPROVAL_PENDING = "approval_pending", _("approval awaiting confirmation")
    # Final: the coordinator rejected the plan with reasons.
    REJECTED = "rejected", _("rejected")


class PlanAction(models.TextChoices):
    """What can happen to a plan; also the kinds of ``PlanEvent``."""

    SUBMIT = "submit", _("submitted")
    WITHDRAW = "withdraw", _("withdrawn")
    REQUEST_CHANGES = "request_changes", _("changes requested")
    APPROVE = "approve", _("approved")
    APPROVE_FIRST = "approve_first", _("approved, awaiting a second coordinator")
    REJECT = "reject", _("rejected")
    ASSIGN = "assign", _("assigned")


# THE workflow of a plan: action -> (statuses it may start from, status it leads to).
# Checked in ``sroi.plans.services`` / ``sroi.plans.services_review`` and nowhere else.
#
# - A plan is submitted from draft, from changes requested (version n+1) or after the
#   contractor withdrew it (version n+1 as well: a withdrawn plan is not dead, it is back
#   with the contractor, and the withdrawn version stays visible).
# - Only a submitted plan can be withdrawn by the contractor.
# - A plan waiting for a decision (submitted, or approved once and awaiting a second
#   coordinator) can be sent back (changes requested), rejected (final) or approved.
# - Four eyes (``settings.SROI_FOUR_EYES``): the first approval of a submitted plan is
#   APPROVE_FIRST (-> approval pending); a second, different coordinator confirms with APPROVE.
#   Without four eyes APPROVE goes from submitted straight to approved. Which of the two
#   applies is the service's choice; the table says where each may start.
# - Approved and rejected are final for the plan. Assigning a coordinator (ASSIGN) changes no
#   status and is allowed in every status, so it is not in this table.
PLAN_DECISION_STATUSES: frozenset[str] = frozenset(
    {PlanStatus.SUBMITTED, PlanStatus.APPROVAL_PENDING}
)
PLAN_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    PlanAction.SUBMIT: (
        frozenset({PlanStatus.DRAFT, PlanStatus.CHANGES_REQUESTED, PlanStatus.WITHDRAWN}),
        PlanStatus.SUBMITTED,
    ),
    PlanAction.WITHDRAW: (frozenset({PlanStatus.SUBMITTED}), PlanStatus.WITHDRAWN),
    PlanAction.REQUEST_CHANGES: (PLAN_DECISION_STATUSES, PlanStatus.CHANGES_REQUESTED),
    PlanAction.APPROVE_FIRST: (frozenset({PlanStatus.SUBMITTED}), PlanStatus.APPROVAL_PENDING),
    PlanAction.APPROVE: (PLAN_DECISION_STATUSES, PlanStatus.APPROVED),
    PlanAction.REJECT: (PLAN_DECISION_STATUSES, PlanStatus.REJECTED),
}

# The statuses in which the contractor may change the plan (and its contract data).
PLAN_EDITABLE_STATUSES: frozenset[str] = PLAN_TRANSITIONS[PlanAction.SUBMIT][0]

# The statuses of a contract's one active plan (a database constraint allows one plan in
# these statuses per contract). Every status today; a later "ended" or "replaced" status
# stays out of this set.
PLAN_ACTIVE_STATUSES: frozenset[str] = frozenset(PlanStatus.values)


def plan_action_allowed(action: str, status: str) -> bool:
    return status in PLAN_TRANSITIONS[action][0]


# Effort kinds that place candidates, so the plan must name at least one target group.
EFFORT_KINDS_NEEDING_TARGET_GROUP: frozenset[str] = frozenset(
    {EffortKind.JOBS, EffortKind.LEARN_WORK}
)


class ContractStatus(models.TextChoices):
    """Where a contract of record stands (stored; set by the services that move it)."""

    PLAN_REQUESTED = "plan_requested", _("plan requested")
    PLAN_IN_REVIEW = "plan_in_review", _("plan in review")
    AGREEMENTS_IN_FORCE = "agreements_in_force", _("agreements in force")
    CLOSED = "closed", _("closed")


class ContractLight(models.TextChoices):
    """The portfolio's traffic light of a contract (stored; the rule is
    ``sroi.monitoring.lights.light_for``, written down in docs/portfolio.md)."""

    ON_TRACK = "on_track", pgettext_lazy("traffic light", "on track")
    AT_RISK = "at_risk", pgettext_lazy("traffic light", "at risk")
    BEHIND = "behind", pgettext_lazy("traffic light", "behind")
    CLOSED = "closed", pgettext_lazy("traffic light", "closed")


class CommentSection(models.TextChoices):
    """The sections of the official form a review comment can concern."""

    CONTRACT = "contract", _("Contract details")
    COMPANY = "company", _("Company details")
    EFFORT = "effort", _("Kind of effort and target groups")
    LINES = "lines", _("Planned effort (lines)")
    EXPLANATION = "explanation", _("Explanation and social value")
    PSO = "pso", _("Social Enterprise Performance Ladder")
    OTHER = "other", _("Additional information")


# The rule set a new contract uses (the region of this installation).
DEFAULT_RULESET_CODE = "nhn-werksaam"
