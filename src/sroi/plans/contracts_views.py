"""Contracts of record (``/contracten/``): list, detail with timeline, registration, extension.

Access: signed in (anonymous users go to the login). The list and the detail show what
``selectors.contract_list_for_user`` allows: a coordinator every contract, a contractor its
organisation's (another's: 404), a buyer user its buyer's (none yet). Registering and
recording an extension are for coordinators (others: 403); the services check again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sroi.plans import contracts_selectors, contracts_services, page_sections, selectors
from sroi.plans.contract_state import contract_value_with_extensions
from sroi.plans.contracts_forms import ContractFilterForm, ContractRegisterForm, ExtensionForm
from sroi.plans.forms import buyers_for
from sroi.plans.timeline import timeline_items

CONTRACTS_PER_PAGE = 50
SORT_PARAM = "sorteer"

COLUMNS: tuple[tuple[str, Any, bool], ...] = (
    ("name", gettext_lazy("Contract"), False),
    ("buyer", gettext_lazy("Buyer"), False),
    ("reference", gettext_lazy("Reference"), False),
    ("contractor", gettext_lazy("Contractor"), False),
    ("status", gettext_lazy("Status"), False),
    ("end", gettext_lazy("End date"), False),
    ("obligation", gettext_lazy("Obligation"), True),
    ("planned", gettext_lazy("Planned"), True),
    ("agreed", gettext_lazy("Agreed"), True),
)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool
    url: str
    aria_sort: str  # "ascending", "descending" or "" (not sorted by this column)


def _require_coordinator(request: HttpRequest) -> None:
    if not getattr(request.user, "is_coordinator", False):
        raise PermissionDenied


def _service_errors(form: Form, exc: ValidationError) -> None:
    """A service's field messages onto the form (unknown fields: at the top)."""
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _columns(request: HttpRequest, sort: str) -> list[Column]:
    query = request.GET.copy()
    query.pop("page", None)
    columns = []
    for key, label, numeric in COLUMNS:
        current = sort.removeprefix("-") == key
        descending = sort.startswith("-")
        query[SORT_PARAM] = f"-{key}" if current and not descending else key
        aria = ("descending" if descending else "ascending") if current else ""
        columns.append(Column(key, str(label), numeric, "?" + query.urlencode(), aria))
    return columns


@login_required
def contract_list(request: HttpRequest) -> HttpResponse:
    form = ContractFilterForm(
        request.GET or None, buyers=contracts_selectors.buyers_for_filter(request.user)
    )
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        buyer = form.cleaned_data.get("buyer")
        filters = {
            "status": form.cleaned_data.get("status") or "",
            "buyer_id": buyer.pk if buyer is not None else None,
            "search": form.cleaned_data.get("q") or "",
        }
    sort = contracts_selectors.clean_sort(request.GET.get(SORT_PARAM, ""))
    contracts = contracts_selectors.contract_table_for_user(request.user, sort=sort, **filters)
    totals = contracts_selectors.contract_totals(contracts)
    paginator = Paginator(contracts, CONTRACTS_PER_PAGE)
    paginator.count = totals.count  # counted with the totals: no second COUNT query
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "plans/contract_list.html",
        {
            "form": form,
            "page": page,
            "contracts": page.object_list,
            "totals": totals,
            "columns": _columns(request, sort),
            "query": query.urlencode(),
            "filtered": bool(filters and any(filters.values())),
            "is_coordinator": request.user.is_coordinator,  # type: ignore[union-attr]
        },
    )


@login_required
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(request.user, pk)
    user: Any = request.user
    return render(
        request,
        "plans/contract_detail.html",
        {
            "contract": contract,
            "plans": contracts_selectors.contract_plans(contract),
            "extensions": contracts_selectors.contract_extensions(contract),
            "value_with_extensions": contract_value_with_extensions(contract),
            "timeline": timeline_items(
                contracts_selectors.contract_timeline(contract),
                show_drafts=bool(user.is_coordinator),
            ),
            "can_extend": user.is_coordinator,
            "can_review": user.is_coordinator,
            "page_sections": page_sections.sections_for(
                page_sections.CONTRACT_PAGE, user, contract
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_register(request: HttpRequest) -> HttpResponse:
    _require_coordinator(request)
    form = ContractRegisterForm(request.POST or None, buyers=buyers_for(None))
    if request.method == "POST" and form.is_valid():
        try:
            contract = contracts_services.contract_register(
                acting_user=request.user,  # type: ignore[arg-type]
                data=form.contract_data(),
                organisation=form.cleaned_data.get("organisation"),
                new_organisation=form.new_organisation(),
                invite_email=form.invite_email_value(),
            )
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            if contract.invitation_id is not None:
                messages.success(
                    request,
                    _("The contract has been registered and the invitation has been sent."),
                )
            else:
                messages.success(request, _("The contract has been registered."))
            return redirect("contracts:contract_detail", pk=contract.pk)
    return render(
        request,
        "plans/contract_register.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_extension_create(request: HttpRequest, pk: int) -> HttpResponse:
    _require_coordinator(request)
    contract = selectors.contract_get_for_user(request.user, pk)
    form = ExtensionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            contracts_services.contract_extension_create(
                acting_user=request.user,  # type: ignore[arg-type]
                contract=contract,
                **form.cleaned_data,
            )
        except contracts_services.ContractError as exc:
            messages.error(request, exc.message)
            status = 409
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("The extension has been recorded."))
            return redirect("contracts:contract_detail", pk=contract.pk)
    if form.errors:
        status = 400
    return render(
        request,
        "plans/contract_extension_form.html",
        {"form": form, "contract": contract},
        status=status,
    )
