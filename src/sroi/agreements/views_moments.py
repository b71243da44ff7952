"""Pages of the beoordelingsmomenten of a contract: the schedule (everyone who sees the
contract) and the coordinator's changes: default schedule, add, move, remove, hold, postpone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sroi.agreements import moments as services
from sroi.agreements import selectors
from sroi.agreements.forms import HoldForm, MomentDateForm, PostponeForm
from sroi.agreements.models import AssessmentMoment
from sroi.agreements.moments import MomentError
from sroi.plans.models import Contract


def _require_editor(request: HttpRequest) -> None:
    if not selectors.user_edits_agreements(request.user):
        raise PermissionDenied


def _show_error(form: forms.Form, error: MomentError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _list_page(
    request: HttpRequest,
    contract: Contract,
    *,
    add_form: MomentDateForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "agreements/moment_list.html",
        {
            "contract": contract,
            "moments": selectors.moment_list(contract),
            "editor": selectors.user_edits_agreements(request.user),
            "add_form": add_form or MomentDateForm(),
            "error": error,
        },
        status=status,
    )


def _detail_page(
    request: HttpRequest,
    moment: AssessmentMoment,
    *,
    move_form: MomentDateForm | None = None,
    hold_form: HoldForm | None = None,
    postpone_form: PostponeForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    move_form = move_form or MomentDateForm(
        prefix="move", initial={"planned_date": moment.planned_date}
    )
    postpone_form = postpone_form or PostponeForm(prefix="postpone")
    return render(
        request,
        "agreements/moment_detail.html",
        {
            "contract": moment.contract,
            "moment": moment,
            "open": selectors.moment_is_open(moment),
            "editor": selectors.user_edits_agreements(request.user),
            "move_form": move_form,
            "hold_form": hold_form or HoldForm(prefix="hold"),
            "postpone_form": postpone_form,
            "error_forms": [postpone_form, move_form],
            "error": error,
        },
        status=status,
    )


@login_required
def moment_list(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(request.user, contract_pk)
    return _list_page(request, contract)


@login_required
@require_POST
def schedule_default(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(request.user, contract_pk)
    _require_editor(request)
    try:
        created = services.moments_schedule_default(
            acting_user=request.user,  # type: ignore[arg-type]
            contract=contract,
        )
    except MomentError as exc:
        return _list_page(request, contract, error=exc.message, status=400)
    messages.success(
        request,
        _("%(count)s assessment moments have been planned.") % {"count": len(created)},
    )
    return redirect("agreements:moments", contract_pk=contract.pk)


@login_required
@require_POST
def moment_add(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(request.user, contract_pk)
    _require_editor(request)
    form = MomentDateForm(request.POST)
    if form.is_valid():
        try:
            services.moment_add(
                acting_user=request.user,  # type: ignore[arg-type]
                contract=contract,
                planned_date=form.cleaned_data["planned_date"],
            )
        except MomentError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("The assessment moment has been planned."))
            return redirect("agreements:moments", contract_pk=contract.pk)
    return _list_page(request, contract, add_form=form, status=400)


@login_required
def moment_detail(request: HttpRequest, contract_pk: int, pk: int) -> HttpResponse:
    moment = selectors.moment_get_for_user(request.user, contract_pk=contract_pk, pk=pk)
    return _detail_page(request, moment)


def _moment_action(
    request: HttpRequest,
    contract_pk: int,
    pk: int,
    *,
    form_class: type[forms.Form],
    prefix: str,
    action: Callable[[AssessmentMoment, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    moment = selectors.moment_get_for_user(request.user, contract_pk=contract_pk, pk=pk)
    _require_editor(request)
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            action(moment, form.cleaned_data)
        except MomentError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("agreements:moments", contract_pk=contract_pk)
    return _detail_page(request, moment, status=400, **{f"{prefix}_form": form})  # type: ignore[arg-type]


@login_required
@require_POST
def moment_move(request: HttpRequest, contract_pk: int, pk: int) -> HttpResponse:
    user: Any = request.user
    return _moment_action(
        request,
        contract_pk,
        pk,
        form_class=MomentDateForm,
        prefix="move",
        action=lambda moment, data: services.moment_move(
            acting_user=user, moment=moment, planned_date=data["planned_date"]
        ),
        done=_("The assessment moment has been moved."),
    )


@login_required
@require_POST
def moment_hold(request: HttpRequest, contract_pk: int, pk: int) -> HttpResponse:
    user: Any = request.user
    return _moment_action(
        request,
        contract_pk,
        pk,
        form_class=HoldForm,
        prefix="hold",
        action=lambda moment, data: services.moment_hold(
            acting_user=user, moment=moment, outcome=data["outcome"], note=data["note"]
        ),
        done=_("The outcome of the assessment has been recorded."),
    )


@login_required
@require_POST
def moment_postpone(request: HttpRequest, contract_pk: int, pk: int) -> HttpResponse:
    user: Any = request.user
    return _moment_action(
        request,
        contract_pk,
        pk,
        form_class=PostponeForm,
        prefix="postpone",
        action=lambda moment, data: services.moment_postpone(
            acting_user=user, moment=moment, new_date=data["new_date"], note=data["note"]
        ),
        done=_("The assessment moment has been postponed."),
    )


@login_required
@require_POST
def moment_remove(request: HttpRequest, contract_pk: int, pk: int) -> HttpResponse:
    moment = selectors.moment_get_for_user(request.user, contract_pk=contract_pk, pk=pk)
    _require_editor(request)
    try:
        services.moment_remove(acting_user=request.user, moment=moment)  # type: ignore[arg-type]
    except MomentError as exc:
        return _detail_page(request, moment, error=exc.message, status=400)
    messages.success(request, _("The assessment moment has been removed."))
    return redirect("agreements:moments", contract_pk=contract_pk)
