"""Pages of the prestatieafspraken: the agreements of a contract, a version, editing a proposal
(coordinator), accepting it (contractor) and the PDF of record.

Every view: select with the access check (``sroi.agreements.selectors``: 404 for a contract
the user may not see) -> the role check (403) -> form -> service -> redirect or render. A
refused service call shows its Dutch message at the field, with what was typed kept.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sroi.agreements import selectors, services
from sroi.agreements.forms import AcceptForm, AgreementForm, DifferenceForm
from sroi.agreements.models import Agreement, AgreementVersion
from sroi.agreements.pdf import agreements_pdf_filename
from sroi.agreements.services import AgreementError
from sroi.agreements.valuation import block_takes_agreed_value
from sroi.plans.models import Contract
from sroi.plans.valuation import contract_ruleset_version
from sroi.rules.engine import RuleSet


def _ruleset(contract: Contract) -> RuleSet | None:
    version = contract_ruleset_version(contract)
    return version.to_engine() if version is not None else None


def _require_editor(request: HttpRequest) -> None:
    if not selectors.user_edits_agreements(request.user):
        raise PermissionDenied


def _show_error(form: forms.Form, error: AgreementError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _version_context(version: AgreementVersion | None) -> dict[str, Any]:
    if version is None:
        return {"version": None}
    rows = selectors.agreement_rows(version)
    return {
        "version": version,
        "rows": rows,
        "shortfall": services.version_shortfall(version),
        "difference_recorded": services.difference_is_recorded(version),
        "unvalued": any(row.agreement.value_eur is None for row in rows),
    }


def _page(
    request: HttpRequest,
    contract: Contract,
    *,
    difference_form: DifferenceForm | None = None,
    accept_form: AcceptForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user: Any = request.user
    versions = selectors.agreement_versions(contract)
    current = selectors.current_version(versions)
    context = _version_context(current)
    editor = selectors.user_edits_agreements(user)
    has_proposal = current is not None and current.is_editable
    if difference_form is None and current is not None:
        difference_form = DifferenceForm(initial={"reason": current.difference_reason})
    if accept_form is None and current is not None:
        accept_form = AcceptForm(initial={"number": current.number, "revision": current.revision})
    return render(
        request,
        "agreements/agreement_list.html",
        {
            **context,
            "contract": contract,
            "versions": versions,
            "editor": editor,
            "edit_lines": editor and has_proposal,
            "can_accept": has_proposal
            and current is not None
            and current.proposed_at is not None
            and selectors.user_accepts_for(user, contract),
            "can_draw_up": editor
            and not versions
            and services.approved_plan_version(contract) is not None,
            "can_new_version": editor and bool(versions) and not has_proposal,
            "difference_form": difference_form,
            "accept_form": accept_form,
            "error": error,
        },
        status=status,
    )


@login_required
def agreement_list(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(request.user, contract_pk)
    return _page(request, contract)


@login_required
def version_detail(request: HttpRequest, contract_pk: int, number: int) -> HttpResponse:
    version = selectors.version_get_for_user(request.user, contract_pk=contract_pk, number=number)
    return render(
        request,
        "agreements/version_detail.html",
        {**_version_context(version), "contract": version.contract},
    )


@login_required
def version_pdf(request: HttpRequest, contract_pk: int, number: int) -> HttpResponse:
    version = selectors.version_get_for_user(request.user, contract_pk=contract_pk, number=number)
    try:
        pdf = services.agreements_version_pdf(version=version)
    except AgreementError as exc:
        messages.error(request, exc.message)
        return redirect("agreements:list", contract_pk=contract_pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{agreements_pdf_filename(version)}"'
    return response


def _simple_action(
    request: HttpRequest, contract: Contract, action: Any, done: str
) -> HttpResponse:
    try:
        action()
    except AgreementError as exc:
        return _page(request, contract, error=exc.message, status=400)
    messages.success(request, done)
    return redirect("agreements:list", contract_pk=contract.pk)


@login_required
@require_POST
def draw_up(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(request.user, contract_pk)
    _require_editor(request)
    user: Any = request.user
    return _simple_action(
        request,
        contract,
        lambda: services.agreements_draw_up(acting_user=user, contract=contract),
        _("The proposal has been drawn up from the approved plan."),
    )


@login_required
@require_POST
def new_version(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(request.user, contract_pk)
    _require_editor(request)
    user: Any = request.user
    return _simple_action(
        request,
        contract,
        lambda: services.agreements_new_version(acting_user=user, contract=contract),
        _("A new version has been made from the agreements in force."),
    )


def _current_proposal(contract: Contract) -> AgreementVersion:
    current = selectors.current_version(selectors.agreement_versions(contract))
    if current is None or not current.is_editable:
        raise AgreementError(
            _(
                "Accepted agreements cannot be changed. Make a new version; the contractor"
                " accepts it again."
            )
        )
    current.contract = contract
    return current


@login_required
@require_POST
def propose(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(request.user, contract_pk)
    _require_editor(request)
    user: Any = request.user
    return _simple_action(
        request,
        contract,
        lambda: services.agreements_propose(acting_user=user, version=_current_proposal(contract)),
        _("The proposal has been sent to the contractor."),
    )


@login_required
@require_POST
def record_difference(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(request.user, contract_pk)
    _require_editor(request)
    user: Any = request.user
    form = DifferenceForm(request.POST)
    if form.is_valid():
        try:
            services.agreements_record_difference(
                acting_user=user,
                version=_current_proposal(contract),
                reason=form.cleaned_data["reason"],
            )
        except AgreementError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("The accepted difference has been recorded."))
            return redirect("agreements:list", contract_pk=contract.pk)
    return _page(request, contract, difference_form=form, status=400)


def _version_shown(contract: Contract, number: int) -> AgreementVersion:
    """The version the contractor's page showed (by number): the service refuses it if it is
    no longer the open proposal, so a newer version is never accepted unseen."""
    version = next((v for v in selectors.agreement_versions(contract) if v.number == number), None)
    if version is None:
        raise AgreementError(
            _(
                "The proposal has been changed since you opened it. Read it again before you"
                " accept it."
            )
        )
    version.contract = contract
    return version


@login_required
@require_POST
def accept(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(request.user, contract_pk)
    user: Any = request.user
    if not selectors.user_accepts_for(user, contract):
        raise PermissionDenied
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            services.agreements_accept(
                acting_user=user,
                version=_version_shown(contract, form.cleaned_data["number"]),
                name=form.cleaned_data["name"],
                revision=form.cleaned_data["revision"],
            )
        except AgreementError as exc:
            _show_error(form, exc)
        else:
            messages.success(
                request, _("You have accepted the agreements. The PDF has been mailed to you.")
            )
            return redirect("agreements:list", contract_pk=contract.pk)
    return _page(request, contract, accept_form=form, status=400)


def _agreement_form_page(
    request: HttpRequest,
    contract: Contract,
    form: AgreementForm,
    *,
    agreement: Agreement | None,
    ruleset: RuleSet | None,
    status: int = 200,
) -> HttpResponse:
    agreed_blocks = [
        block.code
        for block in (ruleset.blocks if ruleset is not None else ())
        if block_takes_agreed_value(ruleset, block.code)
    ]
    return render(
        request,
        "agreements/agreement_form.html",
        {
            "contract": contract,
            "form": form,
            "agreement": agreement,
            "agreed_blocks": agreed_blocks,
        },
        status=status,
    )


def _initial(agreement: Agreement) -> dict[str, Any]:
    initial = {name: getattr(agreement, name) for name in services.AGREEMENT_FIELDS}
    return {**initial, "revision": agreement.version.revision}


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, contract_pk: int, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get_for_user(request.user, contract_pk=contract_pk, pk=pk)
    _require_editor(request)
    contract = agreement.version.contract
    ruleset = _ruleset(contract)
    if request.method != "POST":
        if not agreement.version.is_editable:
            messages.error(
                request,
                _(
                    "Accepted agreements cannot be changed. Make a new version; the contractor"
                    " accepts it again."
                ),
            )
            return redirect("agreements:list", contract_pk=contract.pk)
        form = AgreementForm(initial=_initial(agreement), ruleset=ruleset)
        return _agreement_form_page(request, contract, form, agreement=agreement, ruleset=ruleset)
    form = AgreementForm(request.POST, ruleset=ruleset)
    if form.is_valid():
        try:
            services.agreement_update(
                acting_user=request.user,  # type: ignore[arg-type]
                agreement=agreement,
                data=form.cleaned_data,
                revision=form.cleaned_data.get("revision"),
            )
        except AgreementError as exc:
            _show_error(form, exc)
            if exc.field is None:
                # A crossing edit: saving again (after checking) is based on the current state.
                data = request.POST.copy()
                data["revision"] = str(agreement.version.revision)
                form.data = data
        else:
            messages.success(request, _("The agreement has been saved."))
            return redirect("agreements:list", contract_pk=contract.pk)
    return _agreement_form_page(
        request, contract, form, agreement=agreement, ruleset=ruleset, status=400
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_add(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(request.user, contract_pk)
    _require_editor(request)
    ruleset = _ruleset(contract)
    form = AgreementForm(request.POST or None, ruleset=ruleset)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_add(
                acting_user=request.user,  # type: ignore[arg-type]
                version=_current_proposal(contract),
                data=form.cleaned_data,
            )
        except AgreementError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("The agreement has been added."))
            return redirect("agreements:list", contract_pk=contract.pk)
    return _agreement_form_page(
        request,
        contract,
        form,
        agreement=None,
        ruleset=ruleset,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def agreement_remove(request: HttpRequest, contract_pk: int, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get_for_user(request.user, contract_pk=contract_pk, pk=pk)
    _require_editor(request)
    contract = agreement.version.contract
    return _simple_action(
        request,
        contract,
        lambda: services.agreement_remove(
            acting_user=request.user,  # type: ignore[arg-type]
            agreement=agreement,
        ),
        _("The agreement has been removed."),
    )
