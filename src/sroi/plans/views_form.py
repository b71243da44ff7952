"""The plan form: create and edit a plan van aanpak, autosave, live valuation.

- ``plan_create`` (``/plannen/nieuw/``) and ``plan_edit`` (``/plannen/<pk>/bewerken/``) show
  the same form. A POST says what to do in ``action``:
  ``save`` ("Concept opslaan": saves whatever is valid, keeps the rest on screen with its
  message), ``autosave`` (the same, answered with JSON for ``plan_form.js``), ``submit``
  ("Indienen": saves, then ``services.plan_submit``; what is missing is shown at the fields
  and in the error summary), ``add_candidate`` / ``add_effort`` (saves, then one more line).
- ``plan_valuation`` (``/plannen/<pk>/waardering/``) and ``plan_valuation_new``
  (``/plannen/nieuw/waardering/``) value the UNSAVED form data with
  ``sroi.plans.valuation.valuation_for`` (the one valuation of a plan) and answer with the
  panel partial, which reuses the calculator's ``rules/_valuation.html``.

Every save carries the plan's ``revision`` (hidden field ``revision``). A save based on an
older revision (another tab, a colleague) saves nothing: the form comes back (409) with, per
field that differs, the stored and the typed text and a choice (``sroi.plans.conflicts``);
an autosave gets a JSON 409 with ``conflict: true`` and stops.

Access: only a contractor of the plan's organisation may edit, and only while the plan is
editable (draft, changes requested, withdrawn). Others get 404 (another organisation, by the
selector) or 403 (a coordinator: read only, on the detail page). Anonymous users go to the
login page; a POST from an anonymous user (an expired session) is kept for the user the form
was served to (its signed ``kept_input_token``, see ``sroi.core.kept_input``) and put back into
the form after that user signs in again, so nothing typed is lost.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from sroi.core.fragments import FragmentKey
from sroi.core.kept_input import kept_input_keep, kept_input_take, kept_input_token
from sroi.plans import conflicts, selectors, selectors_review, services
from sroi.plans.constants import EffortKind, target_group_tree
from sroi.plans.forms import EFFORT_KIND_HELP, KIND_CANDIDATE, KIND_EFFORT, PlanForms
from sroi.plans.models import Plan
from sroi.plans.valuation import PlanValuation, valuation_for
from sroi.plans.valuation import plan_valuation as saved_plan_valuation

ACTION_SAVE = "save"
ACTION_AUTOSAVE = "autosave"
ACTION_SUBMIT = "submit"
ADD_ACTIONS = {"add_candidate": KIND_CANDIDATE, "add_effort": KIND_EFFORT}
ACTIONS = frozenset({ACTION_SAVE, ACTION_AUTOSAVE, ACTION_SUBMIT, *ADD_ACTIONS})

DRAFT_KEY = re.compile(r"[0-9a-f]{32}")
# The hidden field with the signed token naming the user the form was served to.
KEPT_INPUT_FIELD = "kept_input_token"
_STASH_SKIP = frozenset({"csrfmiddlewaretoken", "action", KEPT_INPUT_FIELD})


# --- an expired session loses nothing ------------------------------------------------------


def _stash(request: HttpRequest, path: str) -> bool:
    """Keep the POSTed form (without the CSRF token) for the user it was served to, for
    ``path``: only with a valid token from that form (``sroi.core.kept_input``). Nothing goes
    into the session, so an anonymous POST cannot make the server store data.
    Returns whether the input was kept."""
    data = {key: request.POST.getlist(key) for key in request.POST if key not in _STASH_SKIP}
    return kept_input_keep(token=request.POST.get(KEPT_INPUT_FIELD, ""), path=path, data=data)


def _unstash(request: HttpRequest, path: str) -> QueryDict | None:
    """The form data kept for this user and ``path`` (once), or None."""
    kept = kept_input_take(user=request.user, path=path)
    if kept is None:
        return None
    data = QueryDict(mutable=True)
    for key, values in kept.items():
        data.setlist(key, values)
    return data


def _anonymous(request: HttpRequest, form_path: str) -> HttpResponse:
    """Not signed in (or the session expired): keep a POST, then go to the login page."""
    if request.method == "POST":
        kept = _stash(request, form_path)
        login_url = f"{reverse(settings.LOGIN_URL)}?next={form_path}"
        if _wants_json(request):
            return JsonResponse(
                {
                    "ok": False,
                    "login_url": login_url,
                    "message": _(
                        "You have been signed out. Your input has been kept: sign in again to"
                        " continue."
                    )
                    if kept
                    else _("You have been signed out. Sign in again to continue."),
                },
                status=401,
            )
        if not kept:
            if request.htmx:  # type: ignore[attr-defined]
                return HttpResponseClientRedirect(login_url)  # the whole page, not the panel
            return redirect_to_login(form_path)
        if request.htmx:  # type: ignore[attr-defined]
            return render(
                request,
                "plans/_plan_form_signed_out.html",
                {"login_url": login_url},
                status=200,
            )
    return redirect_to_login(form_path)


def _wants_json(request: HttpRequest) -> bool:
    return request.POST.get("action") == ACTION_AUTOSAVE


# --- access --------------------------------------------------------------------------------


def _require_contractor(request: HttpRequest) -> None:
    user: Any = request.user
    if not (user.is_contractor and user.organisation_id is not None):
        raise PermissionDenied


def _editable_plan(request: HttpRequest, pk: int) -> Plan:
    """The plan, if this user may edit it: 404 for another organisation (the selector),
    403 for a coordinator or another role."""
    plan = selectors.plan_get_for_user(request.user, pk)
    if not selectors.plan_is_own(request.user, plan):
        raise PermissionDenied
    return plan


# --- rendering -----------------------------------------------------------------------------


def _valuation(forms: PlanForms, organisation_id: int) -> PlanValuation:
    """The form's valuation: as typed when bound, else as saved."""
    if not forms.is_bound and forms.plan_obj is not None:
        return saved_plan_valuation(forms.plan_obj, reuse=True)
    return valuation_for(
        contract=forms.unsaved_contract(organisation_id=organisation_id),
        lines=forms.unsaved_lines(),
        pso_level=forms.pso_level(),
    )


def _saved_at_text(plan: Plan) -> str:
    moment = timezone.localtime(plan.updated_at)
    return _("Draft saved at %(time)s") % {"time": formats.time_format(moment, "H:i")}


def _render_form(
    request: HttpRequest,
    forms: PlanForms,
    *,
    plan: Plan | None,
    status: int = 200,
    restored: bool = False,
    revision: int | None = None,
    base: str | None = None,
    conflict_list: list[conflicts.Conflict] | None = None,
) -> HttpResponse:
    user: Any = request.user
    if plan is not None:
        action = reverse("plans:plan_edit", kwargs={"pk": plan.pk})
        valuation_url = reverse("plans:plan_valuation", kwargs={"pk": plan.pk})
    else:
        action = reverse("plans:plan_create")
        valuation_url = reverse("plans:plan_valuation_new")
    if forms.is_bound:
        forms.full_clean()
    change_request = selectors.plan_change_request(plan) if plan is not None else None
    section_comments = (
        selectors_review.plan_comments_open(change_request) if plan is not None else {}
    )
    pv = _valuation(forms, user.organisation_id)
    kept = plan is not None and not (
        forms.is_bound or forms.added_kind or restored or conflict_list
    )
    context = {
        "plan": plan,
        "contract": plan.contract if plan is not None else None,
        # The plan's own organisation (read with the plan; a contractor edits only its own).
        "organisation": plan.contract.organisation if plan is not None else user.organisation,
        "forms": forms,
        "contract_form": forms.contract,
        "plan_form": forms.plan,
        "formset": forms.lines,
        "summary_forms": [forms.plan, forms.lines],
        "ruleset": forms.ruleset,
        "effort_choices": [
            (code, label, EFFORT_KIND_HELP.get(code, "")) for code, label in EffortKind.choices
        ],
        "target_group_rows": _target_group_rows(forms),
        "form_action": action,
        "valuation_url": valuation_url,
        "pv": pv,
        "restored": restored,
        "saved_at": _saved_at_text(plan) if plan is not None else "",
        "change_request": change_request,
        # The coordinator's comments per section, shown at their section until resubmission.
        "section_comments": section_comments,
        "added_kind": forms.added_kind,
        "draft_key": (_draft_key(request) or uuid.uuid4().hex) if plan is None else "",
        "kept_input_token": kept_input_token(user),
        # The revision this form is based on: the stored one, or (restored input) the one the
        # input was typed on, so that a later save still sees what changed meanwhile.
        "revision": revision if revision is not None else (plan.revision if plan else ""),
        "conflicts": conflict_list or [],
        "base": base if base is not None else _base(plan, forms),
        # The stored plan as it is (not typed, no line added): its sections and its value
        # are rendered once per process for exactly these inputs (``core.fragments``).
        "sections_key": _sections_key(plan, forms, section_comments) if kept else None,
        "valuation_key": FragmentKey(value=id(pv), guard=pv) if kept else None,
    }
    return render(request, "plans/plan_form.html", context, status=status)


def _sections_key(
    plan: Plan | None, forms: PlanForms, section_comments: dict[str, list[Any]]
) -> FragmentKey | None:
    """Everything the form's sections show for the stored ``plan`` in its unbound ``forms``:
    the plan's, the contract's and each line's columns and the rule set (``conflicts.
    stored_plan_key``), the organisation's columns (company details), the buyers of the select
    (one query, as the select would make), whether the contract is locked and the
    coordinator's open comments. The language is part of every kept fragment's key."""
    if plan is None:
        return None
    organisation = plan.contract.organisation
    buyer_field: Any = forms.contract.fields["buyer"]
    comments = tuple(
        (section, comment.pk, comment.body)
        for section, items in sorted(section_comments.items())
        for comment in items
    )
    value = (
        conflicts.stored_plan_key(plan, forms),
        tuple(getattr(organisation, f.attname) for f in organisation._meta.concrete_fields),
        tuple(buyer_field.queryset.values_list("pk", "name")),
        getattr(forms.contract, "locked", False),
        comments,
    )
    return FragmentKey(value=value, guard=forms.ruleset)


def _base(plan: Plan | None, forms: PlanForms) -> str:
    """``conflicts.base_of`` the stored plan, reusing the shown form when it is exactly the
    stored plan's unbound form (not bound, no line added)."""
    if plan is None:
        return ""
    stored_form = forms if not (forms.is_bound or forms.added_kind) else None
    return conflicts.base_of(plan, stored_form)


def _target_group_rows(forms: PlanForms) -> list[dict[str, Any]]:
    """The target groups nested as on the official form, each with the block of the form's
    rule set it maps to (its value is shown: footnote ***) and its checkbox id."""
    ruleset = forms.ruleset
    rows: list[dict[str, Any]] = []
    number = 0
    for family, family_label, members in target_group_tree():
        items = []
        for code, label in members:
            block_code = ruleset.target_group_block(code) if ruleset else None
            items.append(
                {
                    "code": code,
                    "label": label,
                    "id": f"id_target_groups_{number}",
                    "block": ruleset.block(block_code) if (ruleset and block_code) else None,
                }
            )
            number += 1
        rows.append({"label": family_label if family else "", "items": items})
    return rows


# --- saving --------------------------------------------------------------------------------


def _revision(data: Any) -> int | None:
    """The revision a form was based on (None: not given, e.g. a new plan)."""
    value = str(data.get("revision") or "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def _draft_key(request: HttpRequest) -> str:
    """The new-plan form's key from the POST, when it is one we could have made."""
    key = request.POST.get("draft_key", "")
    return key if DRAFT_KEY.fullmatch(key) else ""


def _create(
    user: Any, contract_data: dict[str, Any], plan_data: dict[str, Any], lines: list[Any], key: str
) -> Plan:
    """Contract and plan together; a plan created meanwhile with the same key is reused."""
    try:
        with transaction.atomic():
            contract = services.contract_create(
                acting_user=user, organisation=user.organisation, data=contract_data
            )
            return services.plan_create(
                acting_user=user, contract=contract, data=plan_data, lines=lines, draft_key=key
            )
    except IntegrityError:
        existing = selectors.plan_get_by_draft_key(user, key) if key else None
        if existing is None:
            raise
        return services.plan_save_draft(
            acting_user=user,
            plan=existing,
            contract_data=contract_data,
            plan_data=plan_data,
            lines=lines,
        )


def _save(
    request: HttpRequest, forms: PlanForms, plan: Plan | None, revision: int | None
) -> tuple[Plan, list[tuple[int, dict[str, Any]]]]:
    """Save what is valid as a draft (creating contract and plan when new).

    Fields the services refuse (e.g. an end date before a start date that is already saved)
    get the service's message and are left out, then the rest is saved.
    A save based on an older ``revision`` raises ``PlanConflictError`` (nothing saved).
    Returns the plan and the saved lines' form indexes (``PlanForms.line_entries``).
    """
    forms.full_clean()
    user: Any = request.user
    entries = forms.line_entries()
    lines = [line for _index, line in entries]
    contract_data = forms.contract_data()
    plan_data = forms.plan_data()
    save_lines: list[Any] | None = lines
    for _attempt in range(3):
        try:
            if plan is None:
                plan = _create(user, contract_data, plan_data, lines, _draft_key(request))
            else:
                plan = services.plan_save_draft(
                    acting_user=user,
                    plan=plan,
                    contract_data=contract_data,
                    plan_data=plan_data,
                    lines=save_lines,
                    revision=revision,
                )
            if save_lines is None:
                return plan, []
            forms.saved_line_ids = forms.set_saved_line_ids(
                entries, list(plan.lines.order_by("position", "id").values_list("pk", flat=True))
            )
            return plan, entries
        except ValidationError as exc:
            refused = exc.message_dict
            forms.add_service_errors(refused)
            contract_data = {k: v for k, v in contract_data.items() if k not in refused}
            plan_data = {k: v for k, v in plan_data.items() if k not in refused}
            if "lines" in refused:  # a line id that is no longer the plan's: lines stay shown
                save_lines = None
    raise PermissionDenied  # pragma: no cover (the services refuse each field at most once)


def _conflict_json(exc: services.PlanConflictError) -> JsonResponse:
    return JsonResponse(
        {
            "ok": False,
            "conflict": True,
            "message": exc.message
            + " "
            + _("Use Save draft to compare your text with the saved text and choose."),
        },
        status=409,
    )


def _save_on_conflict(
    request: HttpRequest,
    data: QueryDict,
    forms: PlanForms,
    exc: services.PlanConflictError,
    action: str,
) -> tuple[PlanForms, Plan, list[tuple[int, dict[str, Any]]], bool] | HttpResponse:
    """The plan was saved meanwhile (``sroi.plans.conflicts``): merge when no field was
    changed on both sides (returns the forms, plan and lines as saved, and whether fields
    changed elsewhere were taken over), else the conflict (an autosave: JSON 409; a button:
    the form as typed, fields changed only elsewhere as stored, both texts per conflict)."""
    for _attempt in range(3):
        stored = exc.plan
        comparison = conflicts.compare(forms, stored, conflicts.parse_base(data.get("base")))
        if action == ACTION_AUTOSAVE and (comparison.conflicts or comparison.theirs):
            return _conflict_json(exc)
        if comparison.theirs:
            data = conflicts.take_stored(data, stored, comparison.theirs)
            forms = PlanForms(data, contract=stored.contract, plan=stored)
        if comparison.conflicts:
            forms.plan_obj, forms.contract_obj = stored, stored.contract
            return _render_form(
                request,
                forms,
                plan=stored,
                status=409,
                revision=stored.revision,
                conflict_list=comparison.conflicts,
            )
        try:
            plan, entries = _save(request, forms, stored, stored.revision)
        except services.PlanConflictError as again:
            exc = again  # saved once more meanwhile: compare with that
            continue
        return forms, plan, entries, bool(comparison.theirs)
    return (
        _conflict_json(exc)
        if action == ACTION_AUTOSAVE
        else redirect(  # pragma: no cover
            "plans:plan_edit", pk=exc.plan.pk
        )
    )


def _handle_post(request: HttpRequest, plan: Plan | None) -> HttpResponse:
    action = request.POST.get("action", ACTION_SAVE)
    if action not in ACTIONS:
        action = ACTION_SAVE
    contract = plan.contract if plan is not None else None
    data: QueryDict = request.POST
    if plan is not None and conflicts.has_choices(data):
        data = conflicts.apply_choices(data, plan)  # after a conflict: "keep the stored text"
    forms = PlanForms(data, contract=contract, plan=plan)
    merged = False
    try:
        plan, entries = _save(request, forms, plan, _revision(data) if plan else None)
    except services.PlanConflictError as exc:
        outcome = _save_on_conflict(request, data, forms, exc, action)
        if isinstance(outcome, HttpResponse):
            return outcome
        forms, plan, entries, merged = outcome
    except services.PlanTransitionError as exc:
        if action == ACTION_AUTOSAVE:
            return JsonResponse({"ok": False, "message": exc.message}, status=409)
        messages.error(request, exc.message)
        return redirect("plans:plan_detail", pk=plan.pk) if plan else redirect("plans:home")
    field_errors = forms.error_count
    edit_url = reverse("plans:plan_edit", kwargs={"pk": plan.pk})

    if action == ACTION_AUTOSAVE:
        message = _saved_at_text(plan)
        if field_errors:
            message += " " + _("(fields with an error were not saved)")
        return JsonResponse(
            {
                "ok": True,
                "message": message,
                "errors": field_errors,
                "revision": plan.revision,
                "base": conflicts.base_of(plan),
                "edit_url": edit_url,
                "valuation_url": reverse("plans:plan_valuation", kwargs={"pk": plan.pk}),
                # the ids of the saved lines, for the hidden inputs of lines new on the page
                "line_ids": forms.saved_line_ids,
            }
        )

    if action == ACTION_SUBMIT and not field_errors:
        try:
            services.plan_submit(acting_user=request.user, plan=plan)  # type: ignore[arg-type]
        except services.PlanIncompleteError as exc:
            forms.add_completeness_errors(exc.errors, line_map=[index for index, _l in entries])
            messages.warning(
                request,
                _("Your draft has been saved, but the plan is not complete yet. See below."),
            )
            return _render_form(request, _rebind(forms, plan), plan=plan, status=400)
        except services.PlanTransitionError as exc:
            messages.error(request, exc.message)
            return redirect("plans:plan_detail", pk=plan.pk)
        messages.success(request, _("Your plan has been submitted to the coordinator."))
        return redirect("plans:plan_detail", pk=plan.pk)

    if field_errors:
        if action == ACTION_SUBMIT:
            notice = _("Your draft has been saved, but the plan is not complete yet. See below.")
        else:
            notice = _(
                "%(saved)s. Fields with an error were not saved: correct them and save again."
            ) % {"saved": _saved_at_text(plan)}
        messages.warning(request, notice)
        add_kind = ADD_ACTIONS.get(action, "")
        return _render_form(request, _rebind(forms, plan, add_kind=add_kind), plan=plan, status=400)

    messages.success(request, _saved_at_text(plan))
    if merged:
        messages.info(
            request,
            _(
                "This plan was also changed elsewhere (in another tab or by a colleague)"
                " meanwhile; those changes have been kept alongside yours."
            ),
        )
    if action in ADD_ACTIONS:
        kind = ADD_ACTIONS[action]
        anchor = "candidates" if kind == KIND_CANDIDATE else "efforts"
        return redirect(f"{edit_url}?regel={kind}#{anchor}-new")
    return redirect(edit_url)


def _rebind(forms: PlanForms, plan: Plan, *, add_kind: str = "") -> PlanForms:
    """The same forms, now belonging to the saved plan (its rule set and its URLs), with the
    errors found so far kept. With ``add_kind``, one more empty line of that kind."""
    forms.plan_obj = plan
    forms.contract_obj = plan.contract
    if not add_kind:
        return forms
    data = QueryDict(mutable=True)
    data.update(forms.lines.data)  # the posted data with the ids of the lines just saved
    prefix = forms.lines.prefix
    total = int(data.get(f"{prefix}-TOTAL_FORMS") or 0)
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    data[f"{prefix}-{total}-kind"] = add_kind
    if add_kind == KIND_CANDIDATE:
        data[f"{prefix}-{total}-count"] = "1"
    return PlanForms(data, contract=plan.contract, plan=plan, add_kind=add_kind)


# --- views ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    """A new plan (with its contract) for the contractor's organisation."""
    path = reverse("plans:plan_create")
    if not request.user.is_authenticated:
        return _anonymous(request, path)
    _require_contractor(request)
    if request.method == "POST":
        # An autosave may already have made this plan: then this post saves into it.
        existing = selectors.plan_get_by_draft_key(request.user, _draft_key(request))
        if existing is not None and existing.is_editable:
            return _handle_post(request, existing)
        return _handle_post(request, None)
    restored = _unstash(request, path)
    if restored is not None:
        messages.info(request, _("We have restored your unsaved input."))
        return _render_form(request, PlanForms(restored), plan=None, restored=True)
    return _render_form(request, PlanForms(), plan=None)


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    path = reverse("plans:plan_edit", kwargs={"pk": pk})
    if not request.user.is_authenticated:
        return _anonymous(request, path)
    plan = _editable_plan(request, pk)
    if not plan.is_editable:
        if request.method == "POST" and _wants_json(request):
            return JsonResponse(
                {"ok": False, "message": _("This plan can no longer be changed.")}, status=409
            )
        messages.info(
            request,
            _("This plan has the status '%(status)s' and can no longer be changed.")
            % {"status": plan.get_status_display()},
        )
        return redirect("plans:plan_detail", pk=plan.pk)
    if request.method == "POST":
        return _handle_post(request, plan)
    restored = _unstash(request, path)
    if restored is not None:
        messages.info(request, _("We have restored your unsaved input."))
        forms = PlanForms(restored, contract=plan.contract, plan=plan)
        return _render_form(
            request,
            forms,
            plan=plan,
            restored=True,
            revision=_revision(restored),
            base=str(restored.get("base") or "") if _revision(restored) is not None else None,
        )
    add_kind = request.GET.get("regel", "")
    forms = PlanForms(
        contract=plan.contract,
        plan=plan,
        add_kind=add_kind if add_kind in (KIND_CANDIDATE, KIND_EFFORT) else "",
    )
    return _render_form(request, forms, plan=plan)


def _valuation_response(request: HttpRequest, forms: PlanForms) -> HttpResponse:
    user: Any = request.user
    forms.full_clean()
    return render(
        request,
        "plans/_plan_form_valuation.html",
        {"pv": _valuation(forms, user.organisation_id), "oob": True},
    )


@require_POST
def plan_valuation(request: HttpRequest, pk: int) -> HttpResponse:
    """The valuation panel for the form as typed (nothing is saved)."""
    if not request.user.is_authenticated:
        return _anonymous(request, reverse("plans:plan_edit", kwargs={"pk": pk}))
    plan = _editable_plan(request, pk)
    forms = PlanForms(request.POST, contract=plan.contract, plan=plan)
    return _valuation_response(request, forms)


@require_POST
def plan_valuation_new(request: HttpRequest) -> HttpResponse:
    """The valuation panel of a plan not saved yet."""
    if not request.user.is_authenticated:
        return _anonymous(request, reverse("plans:plan_create"))
    _require_contractor(request)
    return _valuation_response(request, PlanForms(request.POST))
