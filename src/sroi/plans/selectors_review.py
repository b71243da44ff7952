"""Reads of the coordinator's inbox and of review comments: who sees what.

- The inbox lists what ``plan_list_for_user`` lets a coordinator see (nothing for anyone
  else): plans waiting for a decision first (submitted, approval pending), by review
  deadline (earliest first, none last), then the rest, most recently changed first.
- Draft comments (``sent_with`` empty) are read only by coordinators, on the review page.
- Sent comments are shown at their section while their change request is open (the plan
  has status "changes requested" and this is its latest request); the contractor of the
  plan's organisation and coordinators see them. Nobody else sees any comment: the plan
  itself is a 404 for them (``plan_get_for_user``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from sroi.accounts.constants import Role
from sroi.accounts.models import Organisation, User
from sroi.plans.constants import PLAN_DECISION_STATUSES, PlanStatus
from sroi.plans.models import Buyer, Plan, PlanComment, PlanEvent, PlanVersion
from sroi.plans.selectors import _sees_everything, plan_list_for_user

ASSIGNED_ME = "me"
ASSIGNED_NOBODY = "none"


@dataclass(frozen=True)
class InboxFilters:
    """The inbox's filters, already validated (``sroi.plans.forms_review.InboxFilterForm``)."""

    status: str = ""
    buyer: int | None = None
    organisation: int | None = None
    assigned: str = ""  # "", ASSIGNED_ME, ASSIGNED_NOBODY or a coordinator's id as text
    submitted_from: date | None = None
    submitted_to: date | None = None
    search: str = ""


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _filtered(user: Any, filters: InboxFilters) -> QuerySet[Plan]:
    """Every filter except the status (the counts per status are taken from this)."""
    if not _sees_everything(user):
        return Plan.objects.none()
    plans = plan_list_for_user(user).prefetch_related(None)
    if filters.buyer is not None:
        plans = plans.filter(contract__buyer_id=filters.buyer)
    if filters.organisation is not None:
        plans = plans.filter(contract__organisation_id=filters.organisation)
    if filters.assigned == ASSIGNED_ME:
        plans = plans.filter(assigned_to_id=user.pk)
    elif filters.assigned == ASSIGNED_NOBODY:
        plans = plans.filter(assigned_to__isnull=True)
    elif filters.assigned.isdigit():
        plans = plans.filter(assigned_to_id=int(filters.assigned))
    if filters.submitted_from is not None:
        plans = plans.filter(submitted_at__gte=_day_start(filters.submitted_from))
    if filters.submitted_to is not None:
        plans = plans.filter(submitted_at__lt=_day_start(filters.submitted_to + timedelta(days=1)))
    search = filters.search.strip()
    if search:
        plans = plans.filter(
            Q(contract__name__icontains=search)
            | Q(contract__reference__icontains=search)
            | Q(contract__organisation__name__icontains=search)
            | Q(contract__organisation__kvk_number__icontains=search)
        )
    return plans


def inbox_plans(user: Any, filters: InboxFilters) -> QuerySet[Plan]:
    """The inbox in its order, with contract, organisation, buyer and assignee in one query
    (the rule set's document and the lines are not read)."""
    plans = _filtered(user, filters)
    if filters.status:
        plans = plans.filter(status=filters.status)
    return (
        plans.select_related("assigned_to")
        .annotate(
            waiting=Case(
                When(status__in=sorted(PLAN_DECISION_STATUSES), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("waiting", F("review_deadline").asc(nulls_last=True), "-updated_at", "-id")
    )


def inbox_status_counts(user: Any, filters: InboxFilters) -> dict[str, int]:
    """Plans per status under every filter but the status itself (one aggregate query);
    every status is in the result, 0 when none."""
    counts = dict.fromkeys(PlanStatus.values, 0)
    rows = _filtered(user, filters).order_by().values_list("status").annotate(n=Count("pk"))
    for status, number in rows:
        counts[status] = number
    return counts


def inbox_buyers() -> list[tuple[int, str]]:
    return list(Buyer.objects.order_by("name").values_list("pk", "name"))


def inbox_organisations() -> list[tuple[int, str]]:
    """Organisations with at least one contract (the contractors a plan can belong to)."""
    return list(
        Organisation.objects.filter(awaiting_verification=False, contracts__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("pk", "name")
    )


def coordinator_list() -> list[User]:
    """The active coordinators (and administrators) a plan can be assigned to."""
    return list(
        User.objects.filter(is_active=True, role__in=[Role.COORDINATOR, Role.ADMINISTRATOR])
        .only("pk", "email", "full_name", "role")
        .order_by("full_name", "email")
    )


# --- comments ------------------------------------------------------------------------------


def plan_comments_draft(user: Any, plan: Plan, version: PlanVersion | None) -> list[PlanComment]:
    """The draft comments on ``version`` (coordinators only; nobody else sees a draft)."""
    if version is None or not _sees_everything(user):
        return []
    return list(
        PlanComment.objects.filter(plan=plan, version=version, sent_with__isnull=True)
        .select_related("author")
        .order_by("created_at", "id")
    )


def plan_comments_sent_with(event: PlanEvent | None) -> list[PlanComment]:
    if event is None:
        return []
    return list(
        PlanComment.objects.filter(sent_with=event)
        .select_related("author")
        .order_by("created_at", "id")
    )


def plan_comments_sent_on(user: Any, plan: Plan, version: PlanVersion | None) -> list[PlanComment]:
    """The comments sent to the contractor on ``version`` (coordinators, review page)."""
    if version is None or not _sees_everything(user):
        return []
    return list(
        PlanComment.objects.filter(plan=plan, version=version, sent_with__isnull=False)
        .select_related("author")
        .order_by("created_at", "id")
    )


def plan_comments_open(change_request: PlanEvent | None) -> dict[str, list[PlanComment]]:
    """Section -> the comments sent with ``change_request``: the open change request
    (``selectors.plan_change_request``) of a plan the caller may see (``plan_get_for_user``).
    Empty when no request is open, so the comments are gone once the plan is resubmitted."""
    return group_by_section(plan_comments_sent_with(change_request))


def group_by_section(comments: Iterable[PlanComment]) -> dict[str, list[PlanComment]]:
    grouped: dict[str, list[PlanComment]] = {}
    for comment in comments:
        grouped.setdefault(comment.section, []).append(comment)
    return grouped


def plan_comment_get_for_coordinator(user: Any, plan: Plan, pk: int) -> PlanComment:
    """A comment of ``plan`` for a coordinator, else 404."""
    if not _sees_everything(user):
        raise Http404
    try:
        return PlanComment.objects.select_related("plan").get(pk=pk, plan=plan)
    except PlanComment.DoesNotExist as exc:
        raise Http404 from exc
