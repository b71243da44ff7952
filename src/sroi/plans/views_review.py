"""The coordinator's inbox (``/coordinator/``), the review page and the decisions.

Access: coordinators only (``coordinator_required``: anonymous users log in, other roles get
403); a plan the user may not see is a 404 (``selectors.plan_get_for_user``). The decision
endpoints keep their ``/plannen/<pk>/...`` addresses; a contractor posting to them gets 403
from the service. Every view: select -> validate -> service -> redirect, or render the page
again with the message at the field (status 400) and what was typed kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sroi.accounts.decorators import coordinator_required
from sroi.plans import page_sections, selectors, selectors_review, services, services_review
from sroi.plans.constants import PLAN_DECISION_STATUSES, CommentSection, PlanAction, PlanStatus
from sroi.plans.diff import version_diff
from sroi.plans.forms_review import AssignForm, CommentForm, InboxFilterForm, RejectForm
from sroi.plans.forms_workflow import ApproveShortfallForm, DecisionNoteForm
from sroi.plans.models import Plan
from sroi.plans.valuation import plan_valuation
from sroi.plans.views import _confirm_page, _confirmed

INBOX_PER_PAGE = 25


# --- inbox ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxRow:
    plan: Plan
    waiting: bool
    overdue: bool


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@coordinator_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Plans waiting for a decision first, by review deadline; filters in the query string."""
    coordinators = selectors_review.coordinator_list()
    form = InboxFilterForm(
        request.GET or None,
        buyers=selectors_review.inbox_buyers(),
        organisations=selectors_review.inbox_organisations(),
        coordinators=coordinators,
    )
    form.is_valid()
    filters = form.filters()
    plans = selectors_review.inbox_plans(request.user, filters)
    page = Paginator(plans, INBOX_PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [
        InboxRow(
            plan=plan,
            waiting=plan.status in PLAN_DECISION_STATUSES,
            overdue=plan.status in PLAN_DECISION_STATUSES
            and plan.review_deadline is not None
            and plan.review_deadline < today,
        )
        for plan in page.object_list
    ]
    counts = selectors_review.inbox_status_counts(request.user, filters)
    base = _query_without(request, "page", "status")
    status_links = [
        (
            value,
            label,
            counts[value],
            "?" + "&".join(part for part in (base, urlencode({"status": value})) if part),
        )
        for value, label in PlanStatus.choices
    ]
    return render(
        request,
        "plans/inbox.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "rows": rows,
            "status_links": status_links,
            "all_link": "?" + base if base else "?",
            "total": sum(counts.values()),
            "query": _query_without(request, "page"),
            "here": request.get_full_path(),
            "coordinators": coordinators,
            "today": today,
        },
    )


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@coordinator_required
@require_POST
def plan_assign(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    form = AssignForm(request.POST, coordinators=selectors_review.coordinator_list())
    if not form.is_valid():
        messages.error(request, _("Choose a coordinator from the list."))
    else:
        assignee = form.chosen_assignee()
        try:
            services_review.plan_assign(
                acting_user=request.user,  # type: ignore[arg-type]
                plan=plan,
                assignee=assignee,
            )
        except services.PlanTransitionError as exc:
            messages.error(request, exc.message)
        else:
            if assignee is None:
                messages.success(
                    request, _("%(contract)s is no longer assigned.") % {"contract": plan.contract}
                )
            else:
                messages.success(
                    request,
                    _("%(contract)s has been assigned to %(name)s.")
                    % {"contract": plan.contract, "name": assignee.full_name or assignee.email},
                )
    return redirect(_safe_next(request, reverse("coordinator:inbox")))


# --- review page ---------------------------------------------------------------------------


def _review_url(plan: Plan, section: str = "") -> str:
    url = reverse("coordinator:plan_review", kwargs={"pk": plan.pk})
    return f"{url}#review-{section}" if section else url


def _review_context(
    request: HttpRequest,
    plan: Plan,
    *,
    comment_forms: dict[str, CommentForm] | None = None,
    decision_form: DecisionNoteForm | None = None,
    reject_form: RejectForm | None = None,
) -> dict[str, Any] | None:
    """Everything the review page shows, or None for a plan never submitted."""
    versions = list(selectors.plan_versions(plan)[:2])
    if not versions:
        return None
    version = versions[0]
    previous = versions[1] if len(versions) > 1 else None
    diff = version_diff(version.snapshot, previous.snapshot if previous is not None else None)
    waiting = plan.status in PLAN_DECISION_STATUSES
    drafts = selectors_review.group_by_section(
        selectors_review.plan_comments_draft(request.user, plan, version)
    )
    earlier = selectors_review.group_by_section(
        selectors_review.plan_comments_sent_on(request.user, plan, previous)
    )
    comment_forms = comment_forms or {}
    sections = [
        {
            "diff": section,
            "drafts": drafts.get(section.section, []),
            "earlier": earlier.get(section.section, []),
            "form": comment_forms.get(section.section) or CommentForm(prefix=section.section),
        }
        for section in diff.sections
    ]
    user: Any = request.user
    pending = plan.status == PlanStatus.APPROVAL_PENDING
    return {
        "plan": plan,
        "contract": plan.contract,
        "version": version,
        "previous": previous,
        "diff": diff,
        "sections": sections,
        "draft_count": sum(len(items) for items in drafts.values()),
        "waiting": waiting,
        "four_eyes": services_review.four_eyes(),
        "pending": pending,
        "own_first_approval": pending and plan.first_approved_by_id == user.pk,
        "decision_form": decision_form or DecisionNoteForm(),
        "reject_form": reject_form or RejectForm(),
        "coordinators": selectors_review.coordinator_list(),
        "events": list(selectors.plan_events(plan)[:20]),
        "overdue": waiting
        and plan.review_deadline is not None
        and plan.review_deadline < timezone.localdate(),
        "section_choices": CommentSection.choices,
        "page_sections": page_sections.sections_for(page_sections.PLAN_PAGE, user, plan.contract),
    }


def _render_review(
    request: HttpRequest, plan: Plan, *, status: int = 200, **forms: Any
) -> HttpResponse:
    context = _review_context(request, plan, **forms)
    if context is None:
        messages.info(
            request, _("This plan has not been submitted yet: there is nothing to review.")
        )
        return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/plan_review.html", context, status=status)


@coordinator_required
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    return _render_review(request, plan)


@coordinator_required
@require_POST
def plan_comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    section = request.POST.get("section", "")
    if section not in CommentSection.values:
        messages.error(request, _("Choose a section of the plan from the list."))
        return redirect(_review_url(plan))
    form = CommentForm(request.POST, prefix=section)
    if form.is_valid():
        try:
            services_review.plan_comment_add(
                acting_user=request.user,  # type: ignore[arg-type]
                plan=plan,
                section=section,
                body=form.cleaned_data["body"],
            )
        except services.PlanTransitionError as exc:
            messages.error(request, exc.message)
            return redirect(_review_url(plan))
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error("body", error)
        else:
            messages.success(
                request,
                _("Your comment has been added. It is sent with 'Request changes'."),
            )
            return redirect(_review_url(plan, section))
    return _render_review(request, plan, status=400, comment_forms={section: form})


@coordinator_required
@require_POST
def plan_comment_remove(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    comment = selectors_review.plan_comment_get_for_coordinator(request.user, plan, comment_pk)
    try:
        services_review.plan_comment_remove(
            acting_user=request.user,  # type: ignore[arg-type]
            comment=comment,
        )
    except services.PlanTransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The comment has been removed."))
    return redirect(_review_url(plan, comment.section))


# --- decisions -----------------------------------------------------------------------------


def _may_decide(plan: Plan, user: Any) -> bool:
    return bool(user.is_coordinator) and plan.status in PLAN_DECISION_STATUSES


def _approve_confirmation(
    request: HttpRequest, plan: Plan, note: str, version: int | None
) -> HttpResponse | None:
    """The confirmation step of an approval: a page until the coordinator has said yes (and,
    under 100 % coverage, has ticked that the shortfall is accepted); None when confirmed."""
    user: Any = request.user
    if not _may_decide(plan, user) or (
        plan.status == PlanStatus.APPROVAL_PENDING and plan.first_approved_by_id == user.pk
    ):
        return None  # the service says why it cannot be done
    shortfall = plan_valuation(plan).shortfall
    shortfall_form = None
    if shortfall is not None:
        shortfall_form = ApproveShortfallForm(request.POST if _confirmed(request) else None)
        if _confirmed(request) and shortfall_form.is_valid():
            return None
    elif _confirmed(request):
        return None
    first = services_review.four_eyes() and plan.status == PlanStatus.SUBMITTED
    if first:
        question = _(
            "Are you sure you want to approve this plan? A second coordinator must confirm your"
            " approval (four eyes); the contractor is told once it is confirmed."
        )
    elif plan.status == PlanStatus.APPROVAL_PENDING:
        question = _(
            "Are you sure you want to confirm the approval of this plan? The contractor is told"
            " by e-mail; an approved plan can no longer be changed."
        )
    else:
        question = _(
            "Are you sure you want to approve this plan? The contractor is told by e-mail;"
            " an approved plan can no longer be changed."
        )
    return _confirm_page(
        request,
        plan,
        status=400 if shortfall_form is not None and shortfall_form.errors else 200,
        title=_("Approve plan"),
        question=question,
        action_url=reverse("plans:plan_approve", kwargs={"pk": plan.pk}),
        confirm_label=_("Yes, approve the plan"),
        note=note,
        version=version,
        coverage=shortfall[0] if shortfall else None,
        remaining=shortfall[1] if shortfall else None,
        shortfall_form=shortfall_form,
    )


def _form_errors(form: Any, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    user: Any = request.user
    if not user.is_coordinator:
        raise PermissionDenied
    form = DecisionNoteForm(request.POST)
    if form.is_valid():
        note = form.cleaned_data["note"]
        version = form.cleaned_data["version"]
        if action == PlanAction.APPROVE:
            confirmation = _approve_confirmation(request, plan, note, version)
            if confirmation is not None:
                return confirmation
        try:
            if action == PlanAction.APPROVE:
                plan = services_review.plan_approve(
                    acting_user=user, plan=plan, note=note, version=version
                )
                done = (
                    _(
                        "Your approval has been recorded. A second coordinator must confirm it"
                        " (four eyes)."
                    )
                    if plan.status == PlanStatus.APPROVAL_PENDING
                    else _("The plan has been approved.")
                )
            else:
                services_review.plan_request_changes(
                    acting_user=user, plan=plan, note=note, version=version
                )
                done = _("The contractor has been asked to change the plan.")
        except services.PlanTransitionError as exc:
            messages.error(request, exc.message)
            return redirect("plans:plan_detail", pk=plan.pk)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("plans:plan_detail", pk=plan.pk)
    return _render_review(request, plan, status=400, decision_form=form)


@login_required
@require_POST
def plan_request_changes(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, PlanAction.REQUEST_CHANGES)


@login_required
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, PlanAction.APPROVE)


@login_required
@require_POST
def plan_reject(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    user: Any = request.user
    if not user.is_coordinator:
        raise PermissionDenied
    form = RejectForm(request.POST)
    if not _may_decide(plan, user):
        messages.error(
            request,
            _("This cannot be done: the plan has the status '%(status)s'.")
            % {"status": plan.get_status_display()},
        )
        return redirect("plans:plan_detail", pk=plan.pk)
    if form.is_valid():
        try:
            services_review.plan_reject(
                acting_user=user,
                plan=plan,
                reasons=form.cleaned_data["reasons"],
                version=form.cleaned_data["version"],
            )
        except services.PlanTransitionError as exc:
            messages.error(request, exc.message)
            return redirect("plans:plan_detail", pk=plan.pk)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The plan has been rejected. The contractor is told."))
            return redirect("plans:plan_detail", pk=plan.pk)
    return _render_review(request, plan, status=400, reject_form=form)
