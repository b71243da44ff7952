"""The coordinator's verification page and the progress page of a contract.

- ``/contracten/<pk>/controle/``: coordinators only (others who see the contract: 403; who
  does not see it: 404). The realisations awaiting verification per report, each with the
  engine's value and explanation, its evidence, approve or reject with a reason, and "approve
  all checked".
- ``/contracten/<pk>/voortgang/``: everyone who sees the contract (the contractor, the
  coordinator, the buyer's users): aggregates only, never a candidate reference.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sroi.core.formatting import format_decimal_nl, format_eur
from sroi.core.validators import no_bsn
from sroi.monitoring import access
from sroi.monitoring import progress as progress_module
from sroi.monitoring import selectors_verify as selectors
from sroi.monitoring import services_verify as services
from sroi.monitoring.constants import DECISION_REASON_MAX_LENGTH, RealisationKind
from sroi.monitoring.models import Realisation
from sroi.monitoring.services import MonitoringError
from sroi.plans.models import Contract

ID_MAX = 2**63 - 1  # the largest id a BigAutoField holds


class DecisionForm(forms.Form):
    """One row's decision: the revision the page showed and, to reject, the reason."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.CharField(
        label=gettext_lazy("Reason for a rejection"),
        required=False,
        max_length=DECISION_REASON_MAX_LENGTH,
        validators=[no_bsn],
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Required to reject. The contractor reads it; no candidate data."),
    )


def _row_prefix(pk: int) -> str:
    return f"row-{pk}"


def _day(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value is not None else "—"


def _row_texts(r: Realisation) -> dict[str, str]:
    """A row's texts, composed here once (a page of rows renders faster without a template
    translation per cell)."""
    if r.kind == RealisationKind.PLACEMENT:
        detail = "; ".join(
            [
                r.candidate.reference if r.candidate and r.candidate.reference else "—",
                f"{_day(r.start_date)} \u2013 {_day(r.end_date) if r.end_date else _('running')}",
                _("%(hours)s hours per week")
                % {"hours": format_decimal_nl(r.hours_per_week, 1) if r.hours_per_week else "—"},
            ]
        )
    elif r.kind == RealisationKind.PURCHASE:
        detail = (
            f"{r.supplier_name} ({r.supplier_kvk}), {r.invoice_number}, {_day(r.date)}: "
            f"{format_eur(r.amount_eur)}"
        )
    else:
        description = r.description if len(r.description) <= 80 else r.description[:79] + "…"
        detail = f"{description}, {_day(r.date)}"
    title = f"{capfirst(r.get_kind_display())} {r.pk}"
    if r.version > 1:
        title += " (" + _("version %(number)s") % {"number": r.version} + ")"
    return {
        "title": title,
        "detail": detail,
        "value": format_eur(r.value_eur) if r.value_eur is not None else _("not valued"),
        "select": _("Select realisation %(number)s") % {"number": r.pk},
    }


def _contract(request: HttpRequest, contract_pk: int) -> Contract:
    return access.contract_for_verification(request.user, contract_pk)


def _verify_page(
    request: HttpRequest,
    contract: Contract,
    *,
    bound: DecisionForm | None = None,
    bound_pk: int | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    page = selectors.awaiting_page(contract, request.GET.get("pagina"))
    rows = list(page.object_list)
    explanations = selectors.explanations(contract, rows, today=timezone.localdate())
    items = [
        {
            "realisation": r,
            "explanation": explanations.get(r.pk, ()),
            "text": _row_texts(r),
            # Served by the evidence view (``monitoring:evidence_download``), which checks access.
            "evidence": [
                (
                    e.original_name,
                    reverse(
                        "monitoring:evidence_download",
                        kwargs={"contract_pk": contract.pk, "evidence_pk": e.pk},
                    ),
                )
                for e in r.evidence.all()
            ],
            # Only a row whose decision failed renders its bound form (the typed reason and
            # the message at the field); the others are plain markup (a page of rows).
            "form": bound if bound is not None and r.pk == bound_pk else None,
        }
        for r in rows
    ]
    return render(
        request,
        "monitoring/verify_list.html",
        {
            "contract": contract,
            "page": page,
            "items": items,
            "bound": bound,
            "error": error,
            "total": page.paginator.count,
            "nil_reports": selectors.nil_reports_awaiting_count(contract),
            "reason_max": DECISION_REASON_MAX_LENGTH,
            "reason_label": _("Reason for a rejection"),
            "reason_help": _("Required to reject. The contractor reads it; no candidate data."),
        },
        status=status,
    )


@login_required
def verify_list(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = _contract(request, contract_pk)
    return _verify_page(request, contract)


def _realisation(contract: Contract, pk: int) -> Realisation:
    return access.realisation_of(contract, pk)


def _back(request: HttpRequest, contract: Contract) -> HttpResponse:
    page = request.POST.get("pagina", "")
    url = reverse("monitoring:verify", args=[contract.pk])
    if page.isdigit():
        url += f"?pagina={page}"
    return redirect(url)


@login_required
@require_POST
def realisation_decide(request: HttpRequest, contract_pk: int, pk: int) -> HttpResponse:
    """One row's form: the button pressed (``decision``) approves or rejects."""
    contract = _contract(request, contract_pk)
    realisation = _realisation(contract, pk)
    user: Any = request.user
    form = DecisionForm(request.POST, prefix=_row_prefix(pk))
    if form.is_valid():
        try:
            if request.POST.get("decision") == "reject":
                services.realisation_reject(
                    acting_user=user,
                    realisation=realisation,
                    reason=form.cleaned_data["reason"],
                    revision=form.cleaned_data["revision"],
                )
                done = _("The realisation has been rejected.")
            else:
                services.realisation_approve(
                    acting_user=user,
                    realisation=realisation,
                    revision=form.cleaned_data["revision"],
                )
                done = _("The realisation has been approved.")
        except MonitoringError as exc:
            if exc.field == "reason":
                form.add_error("reason", exc.message)
                return _verify_page(request, contract, bound=form, bound_pk=pk, status=400)
            return _verify_page(request, contract, error=exc.message, status=409)
        messages.success(request, done)
        return _back(request, contract)
    return _verify_page(request, contract, bound=form, bound_pk=pk, status=400)


@login_required
@require_POST
def realisations_approve_checked(request: HttpRequest, contract_pk: int) -> HttpResponse:
    """ "Approve all checked": the checked rows, each with the revision its row showed."""
    contract = _contract(request, contract_pk)
    revisions: dict[int, int | None] = {}
    for value in request.POST.getlist("checked"):
        # "²".isdigit() is True but int("²") fails; a number beyond a bigint is no row's id.
        if not (value.isascii() and value.isdigit()) or int(value) > ID_MAX:
            continue
        revision = request.POST.get(f"revision-{value}", "")
        # The page always sends the row's revision: an unreadable one counts as stale.
        revisions[int(value)] = int(revision) if revision.isascii() and revision.isdigit() else -1
    try:
        approved = services.realisations_approve_many(
            acting_user=request.user, contract=contract, revisions=revisions
        )
    except MonitoringError as exc:
        return _verify_page(request, contract, error=exc.message, status=409)
    messages.success(
        request,
        _("%(count)s realisations have been approved.") % {"count": len(approved)},
    )
    return _back(request, contract)


@login_required
def progress_page(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = access.contract_for_reading(request.user, contract_pk)
    return render(
        request,
        "monitoring/progress.html",
        {"contract": contract, "progress": progress_module.contract_progress(contract)},
    )
