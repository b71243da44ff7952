"""Pages of the plans domain: home, plan and version detail, workflow actions, PDF, buyers.

Every view: select with the access check (``sroi.plans.selectors``: 404 for what the user may
not see) -> validate -> service -> redirect or render. Role rules beyond visibility (only a
coordinator decides, only the contractor submits) are enforced by the services, which raise
``PermissionDenied`` (403).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sroi.core.fragments import FragmentKey
from sroi.plans import page_sections, selectors, selectors_review, services
from sroi.plans.constants import (
    PLAN_DECISION_STATUSES,
    EffortKind,
    PlanAction,
    PlanStatus,
    plan_action_allowed,
    target_group_label,
)
from sroi.plans.forms_workflow import (
    BuyerForm,
    BuyerUserInvitationForm,
    CalculationDocumentForm,
    WithdrawForm,
)
from sroi.plans.models import Contract, Plan, PlanLine
from sroi.plans.pdf import plan_pdf_data, plan_pdf_filename
from sroi.plans.valuation import PlanValuation, plan_valuation, plan_valuations_reused
from sroi.rules.calcio import load_document
from sroi.rules.engine import CalculationError, Problem, RuleSet

PLANS_PER_PAGE = 25


@dataclass(frozen=True)
class PlanRow:
    plan: Plan
    valuation: PlanValuation
    # A buyer user does not see the figures of a plan the contractor is changing (its lines
    # are work in progress, not what was submitted).
    figures_hidden: bool = False
    # The row's HTML is kept per process under all it shows (``core.fragments``).
    kept: FragmentKey | None = None

    @property
    def obligation(self) -> Decimal | None:
        v = self.valuation.valuation
        return v.obligation_net_eur if v is not None else None

    @property
    def total(self) -> Decimal | None:
        v = self.valuation.valuation
        return v.total_eur if v is not None else None

    @property
    def fulfilment(self) -> Decimal | None:
        v = self.valuation.valuation
        return v.fulfilment_pct if v is not None else None

    @property
    def complete(self) -> bool:
        v = self.valuation.valuation
        return v is not None and v.remaining_eur == 0


def _actions(plan: Plan, user: Any) -> dict[str, bool]:
    """Which buttons to show; the services decide again when one is pressed."""
    own = selectors.plan_is_own(user, plan)
    return {
        "edit": own and plan.is_editable,
        "submit": own and plan_action_allowed(PlanAction.SUBMIT, plan.status),
        "withdraw": own and plan_action_allowed(PlanAction.WITHDRAW, plan.status),
        "review": bool(user.is_coordinator) and plan.current_version > 0,
        "decide": bool(user.is_coordinator) and plan.status in PLAN_DECISION_STATUSES,
        "delete": own and services.plan_can_be_deleted(plan),
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Contractor: its organisation's plans. Coordinator: every plan, with filters. Buyer user:
    the submitted plans of its buyer's contracts, read-only."""
    status = request.GET.get("status", "")
    search = request.GET.get("q", "").strip()
    plans = selectors.plan_list_for_user(request.user, status=status, search=search)
    page = Paginator(plans, PLANS_PER_PAGE).get_page(request.GET.get("page"))
    cache: dict[int, RuleSet] = {}
    is_buyer = selectors.user_is_buyer(request.user)
    listed = list(page.object_list)
    show_contractor = bool(request.user.is_coordinator) or is_buyer  # type: ignore[union-attr]
    rows = [
        PlanRow(
            plan,
            valuation,
            figures_hidden=is_buyer and plan.is_editable,
            kept=_row_key(plan, valuation, is_buyer and plan.is_editable, show_contractor),
        )
        for plan, valuation in zip(
            listed, plan_valuations_reused(listed, ruleset_cache=cache), strict=True
        )
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "plans/home.html",
        {
            "page": page,
            "rows": rows,
            "status": status if status in PlanStatus.values else "",
            "search": search,
            "statuses": PlanStatus.choices,
            "query": query.urlencode(),
            "is_coordinator": request.user.is_coordinator,  # type: ignore[union-attr]
            "is_buyer": is_buyer,
            "buyer_name": _buyer_name(request.user) if is_buyer else "",
            "can_create": request.user.is_contractor  # type: ignore[union-attr]
            and request.user.organisation_id is not None,  # type: ignore[union-attr]
        },
    )


def _row_key(
    plan: Plan, valuation: PlanValuation, figures_hidden: bool, show_contractor: bool
) -> FragmentKey:
    """Everything a row of the plan list shows: the plan's id, status and version, the names
    of its contract, buyer and contractor, which columns it has, and its valuation (the
    object this process keeps for the plan's revision, ``plan_valuations_reused``)."""
    contract = plan.contract
    buyer = contract.buyer
    return FragmentKey(
        value=(
            plan.pk,
            plan.status,
            plan.current_version,
            contract.name,
            buyer.name if buyer is not None else None,
            contract.organisation.name if show_contractor else None,
            figures_hidden,
            show_contractor,
            id(valuation),
        ),
        guard=valuation,
    )


def _buyer_name(user: Any) -> str:
    organisation = user.organisation
    return organisation.name if organisation is not None else ""


def _field_label(key: str) -> str:
    """A readable label for a key of ``plan_check_complete`` (``lines-0-count`` included)."""
    if key.startswith("lines-"):
        _prefix, index, name = key.split("-", 2)
        label = _field_label(name)
        return _("Line %(number)s: %(field)s") % {"number": int(index) + 1, "field": label}
    if key == "lines":
        return _("Expected candidates and planned efforts")
    for model in (Contract, Plan, PlanLine):
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:
            continue
        return str(getattr(field, "verbose_name", key)).capitalize()
    return key


def _incomplete_entries(plan: Plan, errors: dict[str, str]) -> list[tuple[str, str, str]]:
    """(link to the field on the plan form, label, message) for the error summary."""
    edit = reverse("plans:plan_edit", kwargs={"pk": plan.pk})
    return [(f"{edit}#id_{key}", _field_label(key), message) for key, message in errors.items()]


def _line_label(line: PlanLine, valuation: PlanValuation) -> str:
    """The target group's label, else the block's Dutch label in the contract's rule set."""
    if line.target_group:
        return target_group_label(line.target_group)
    block = valuation.ruleset.block(line.block_code) if valuation.ruleset else None
    return block.label_nl if block is not None else line.block_code


def _detail_context(request: HttpRequest, plan: Plan, **extra: Any) -> dict[str, Any]:
    lines = list(plan.lines.all())
    valuation = plan_valuation(plan)
    change_request = selectors.plan_change_request(plan)
    context = {
        # A buyer user reads what was submitted: while the contractor changes the plan, its
        # working copy (lines, valuation) is not shown, only the submitted versions.
        "working_copy_hidden": selectors.user_is_buyer(request.user) and plan.is_editable,
        "plan": plan,
        "contract": plan.contract,
        "lines": [(line, _line_label(line, valuation)) for line in lines],
        "plan_effort_labels": [
            EffortKind(code).label for code in plan.effort_kinds if code in EffortKind.values
        ],
        "plan_group_labels": [target_group_label(code) for code in plan.target_groups],
        "valuation": valuation,
        "versions": list(selectors.plan_versions(plan)),
        "change_request": change_request,
        "section_comments": selectors_review.plan_comments_open(change_request),
        "events": list(selectors.plan_events(plan)),
        "actions": _actions(plan, request.user),
        "withdraw_form": WithdrawForm(),
        "incomplete": [],
        "page_sections": page_sections.sections_for(
            page_sections.PLAN_PAGE, request.user, plan.contract
        ),
    }
    context.update(extra)
    return context


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    return render(request, "plans/plan_detail.html", _detail_context(request, plan))


@login_required
@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    try:
        version = services.plan_submit(acting_user=request.user, plan=plan)  # type: ignore[arg-type]
    except services.PlanIncompleteError as exc:
        plan.refresh_from_db()
        return render(
            request,
            "plans/plan_detail.html",
            _detail_context(request, plan, incomplete=_incomplete_entries(plan, exc.errors)),
            status=400,
        )
    except services.PlanTransitionError as exc:
        messages.error(request, exc.message)
        return redirect("plans:plan_detail", pk=plan.pk)
    messages.success(
        request,
        _("Version %(number)s of the plan has been submitted to the coordinator.")
        % {"number": version.number},
    )
    return redirect("plans:plan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        # Keep what was typed: show the note again with its error; nothing is withdrawn.
        return render(
            request,
            "plans/plan_detail.html",
            _detail_context(request, plan, withdraw_form=form),
            status=400,
        )
    if not _confirmed(request) and _actions(plan, request.user)["withdraw"]:
        # One more step, without JavaScript: the same note, posted again with confirm=yes.
        # (When withdrawing is not allowed at all, the service below says why.)
        return _confirm_page(
            request,
            plan,
            title=_("Withdraw plan"),
            question=_(
                "Are you sure you want to withdraw this plan? The coordinator will not assess it"
                " and is told by e-mail. You can change the plan and submit it again."
            ),
            action_url=reverse("plans:plan_withdraw", kwargs={"pk": plan.pk}),
            confirm_label=_("Yes, withdraw the plan"),
            note=form.cleaned_data["note"],
        )
    try:
        services.plan_withdraw(
            acting_user=request.user,  # type: ignore[arg-type]
            plan=plan,
            note=form.cleaned_data["note"],
        )
    except services.PlanTransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The plan has been withdrawn. You can change it and submit it again.")
        )
    return redirect("plans:plan_detail", pk=plan.pk)


def _confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirm") == "yes"


def _confirm_page(
    request: HttpRequest,
    plan: Plan,
    *,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    context.setdefault("note", None)
    return render(
        request,
        "plans/plan_confirm.html",
        {"plan": plan, "contract": plan.contract, **context},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a draft that was never submitted: a confirmation page, then the POST."""
    plan = selectors.plan_get_for_user(request.user, pk)
    user: Any = request.user
    if not selectors.plan_is_own(user, plan):
        raise PermissionDenied
    if not services.plan_can_be_deleted(plan):
        messages.error(
            request, _("This plan has been submitted before and can no longer be deleted.")
        )
        return redirect("plans:plan_detail", pk=plan.pk)
    if request.method == "POST" and _confirmed(request):
        name = plan.contract.name or _("without a name")
        try:
            services.plan_delete(acting_user=user, plan=plan)
        except services.PlanTransitionError as exc:
            messages.error(request, exc.message)
            return redirect("plans:plan_detail", pk=plan.pk)
        messages.success(request, _("The draft plan %(name)s has been deleted.") % {"name": name})
        return redirect("plans:home")
    return _confirm_page(
        request,
        plan,
        title=_("Delete draft plan"),
        question=_(
            "Are you sure you want to delete this draft plan? Everything you filled in is lost;"
            " this cannot be undone."
        ),
        action_url=reverse("plans:plan_delete", kwargs={"pk": plan.pk}),
        confirm_label=_("Yes, delete the draft"),
    )


@login_required
def plan_version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = selectors.plan_version_get_for_user(request.user, plan_pk=pk, number=number)
    return render(
        request,
        "plans/plan_version_detail.html",
        {
            "plan": version.plan,
            "version": version,
            "pdf": plan_pdf_data(version.snapshot),
            "is_latest": version.number == version.plan.current_version,
        },
    )


@login_required
def plan_version_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = selectors.plan_version_for_download(request.user, plan_pk=pk, number=number)
    filename = plan_pdf_filename(
        str(version.contract_name or ""),  # type: ignore[attr-defined]
        timezone.localdate(version.submitted_at),
    )
    pdf = services.plan_version_pdf(version=version, acting_user=request.user)  # type: ignore[arg-type]
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# The fields of a calc-io document (``Problem.field``), as the user knows them.
_CALCULATION_FIELD_LABELS = {
    "block": gettext_lazy("Building block"),
    "hours_per_week": gettext_lazy("Hours per week"),
    "start": gettext_lazy("Start date"),
    "end": gettext_lazy("End date"),
    "date": gettext_lazy("Date"),
    "count": gettext_lazy("Number of candidates"),
    "bonuses": gettext_lazy("Bonuses"),
    "hours": gettext_lazy("Number of hours"),
    "amount_eur": gettext_lazy("Amount in euros (excl. VAT)"),
    "agreed_value_eur": gettext_lazy("Agreed value"),
    "ref": gettext_lazy("Description"),
    "contract": gettext_lazy("Contract"),
    "contract.value_eur": gettext_lazy("(Estimated) contract value"),
    "contract.sroi_percentage": gettext_lazy("Social Return (SROI) %"),
    "contract.start": gettext_lazy("Contract start date"),
    "contract.end": gettext_lazy("Contract end date"),
    "ruleset": gettext_lazy("Rule set"),
    "reference_date": gettext_lazy("Reference date"),
    "pso_level": gettext_lazy("Your step on the PSO ladder"),
    "lines": gettext_lazy("Lines"),
}


def _calculation_problem_text(problem: Problem) -> str:
    """``Regel 1: Uren per week: <message>`` in the active language, no raw identifiers."""
    language = get_language() or ""
    message = problem.message if language.startswith("en") else problem.message_nl
    message = message[:1].upper() + message[1:]
    if problem.line is not None:
        name = problem.field.split("[", 1)[0].split(".")[-1]
    elif problem.field.startswith("ruleset"):
        name = "ruleset"
    else:
        name = problem.field.split("[", 1)[0]
    label = _CALCULATION_FIELD_LABELS.get(name)
    if problem.line is None:
        return f"{label}: {message}" if label is not None else message
    number = problem.line + 1
    if label is None:
        return _("Line %(number)s: %(message)s") % {"number": number, "message": message}
    return _("Line %(number)s: %(field)s: %(message)s") % {
        "number": number,
        "field": label,
        "message": message,
    }


def _has_agreed_values(document: Any) -> bool:
    lines = document.get("lines") if isinstance(document, dict) else None
    return any(
        isinstance(line, dict) and line.get("agreed_value_eur") not in (None, "")
        for line in (lines if isinstance(lines, list) else [])
    )


def _calculation_signed_out(request: HttpRequest) -> HttpResponse:
    """Not signed in: explain, and keep the calculation in the browser (not on the server).

    The page hands the posted document to ``plans/plan_from_calculation.js``, which keeps it
    in the browser's storage; after signing in (``?next=`` this address) the GET of this
    address offers to make the plan from it. Nothing is stored on the server and no session
    is made for an anonymous visitor.
    """
    path = reverse("plans:plan_from_calculation")
    form = CalculationDocumentForm(request.POST)
    document = form.cleaned_data["document"] if form.is_valid() else ""
    return render(
        request,
        "plans/plan_from_calculation_sign_in.html",
        {
            "document": document,
            "login_url": f"{reverse('account_login')}?{urlencode({'next': path})}",
            "signup_url": f"{reverse('account_signup')}?{urlencode({'next': path})}",
        },
    )


@require_http_methods(["GET", "POST"])
def plan_from_calculation(request: HttpRequest) -> HttpResponse:
    """Turn a calculator calculation (calc-io input JSON in ``document``) into a draft plan.

    Signed out: a POST (the calculator's button) gets a page that explains signing in and keeps
    the calculation in the browser; a GET goes to the login page. Signed in: a GET (back from
    the login) offers to make the plan from the calculation kept in the browser; a POST makes
    it.
    """
    if not request.user.is_authenticated:
        if request.method == "POST":
            return _calculation_signed_out(request)
        return redirect_to_login(request.get_full_path())
    if not (request.user.is_contractor and request.user.organisation_id):
        raise PermissionDenied
    if request.method == "GET":
        return render(
            request, "plans/plan_from_calculation_resume.html", {"form": CalculationDocumentForm()}
        )
    form = CalculationDocumentForm(request.POST)
    problems: list[str] = []
    if not form.is_valid():
        problems.append(_("The calculation was not sent along. Calculate again and try once more."))
    else:
        try:
            document = load_document(form.cleaned_data["document"])
        except CalculationError as exc:
            problems.append(
                _("The calculation could not be read. Calculate again and try once more.")
            )
            problems.extend(
                _calculation_problem_text(problem)
                for problem in exc.problems
                if problem.code not in ("invalid_json", "invalid_encoding")
            )
        else:
            try:
                plan = services.plan_from_calculation(
                    acting_user=request.user,
                    document=document,
                )
            except CalculationError as exc:
                problems.extend(_calculation_problem_text(problem) for problem in exc.problems)
            except services.PlanError as exc:
                problems.append(exc.message)
            except ValidationError as exc:
                problems.extend(exc.messages)
            else:
                messages.success(
                    request,
                    _(
                        "A draft plan has been made from your calculation."
                        " Complete it and submit it."
                    ),
                )
                if _has_agreed_values(document):
                    messages.warning(
                        request,
                        _(
                            "The agreed values of your calculation have not been taken over:"
                            " the Social Return coordinator sets agreed values."
                        ),
                    )
                return redirect("plans:plan_edit", pk=plan.pk)
    return render(
        request, "plans/plan_from_calculation_error.html", {"problems": problems}, status=400
    )


# --- buyers (coordinator) ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def buyer_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_coordinator:  # type: ignore[union-attr]
        raise PermissionDenied
    form = BuyerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            buyer = services.buyer_create(
                acting_user=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": buyer.name})
            return redirect("plans:buyer_detail", pk=buyer.pk)
    return render(
        request,
        "plans/buyer_list.html",
        {"buyers": selectors.buyer_list_all(), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def buyer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A buyer's page: its users (contract managers, read-only) and pending invitations, and
    inviting one (role buyer, the buyer's organisation; only the e-mail address is posted)."""
    if not request.user.is_coordinator:  # type: ignore[union-attr]
        raise PermissionDenied
    buyer = selectors.buyer_get_for_coordinator(request.user, pk)
    form = BuyerUserInvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.buyer_invite_user(
                acting_user=request.user,  # type: ignore[arg-type]
                buyer=buyer,
                email=form.cleaned_data["email"],
            )
        except ValidationError as exc:
            form.add_error("email", exc)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("plans:buyer_detail", pk=buyer.pk)
    return render(
        request,
        "plans/buyer_detail.html",
        {
            "buyer": buyer,
            "members": selectors.buyer_users(buyer),
            "invitations": selectors.buyer_invitations_pending(buyer),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def buyer_toggle_active(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_coordinator:  # type: ignore[union-attr]
        raise PermissionDenied
    buyer = selectors.buyer_get_for_coordinator(request.user, pk)
    buyer = services.buyer_set_active(
        acting_user=request.user,  # type: ignore[arg-type]
        buyer=buyer,
        active=not buyer.active,
    )
    if buyer.active:
        messages.success(request, _("%(name)s can be chosen again.") % {"name": buyer.name})
    else:
        messages.success(
            request,
            _("%(name)s can no longer be chosen for new contracts.") % {"name": buyer.name},
        )
    return redirect("plans:buyer_list")
