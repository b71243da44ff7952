"""The contractor's entry pages of a contract: its realisations (three tables, filtered and
paginated), new and edit pages per kind, removing a draft, submitting the current reporting
period, and the reporting periods (where a coordinator sets the interval).

Access: ``sroi.monitoring.access`` (``contract_for_realisations``: the contractor of the
contract and coordinators; a buyer user and everyone else get 404). Writes are the
contractor's (a coordinator's POST is 403), and the services check again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sroi.monitoring import access, services, services_reports
from sroi.monitoring import selectors_entry as selectors
from sroi.monitoring.constants import REPORT_DEADLINE_DAYS, RealisationKind, RealisationStatus
from sroi.monitoring.forms import FORMS_BY_KIND, RealisationForm
from sroi.monitoring.forms_entry import (
    NilReportForm,
    ReportAcknowledgeForm,
    ReportingIntervalForm,
    ReportSubmitForm,
    StatusFilterForm,
)
from sroi.monitoring.models import Realisation, Report
from sroi.monitoring.services import DATA_FIELDS, MonitoringError
from sroi.plans.models import Contract
from sroi.plans.valuation import contract_ruleset_version

# The kind in a "new" URL, in Dutch like the other URLs.
KIND_SLUGS: dict[str, str] = {
    "plaatsing": RealisationKind.PLACEMENT,
    "inkoop": RealisationKind.PURCHASE,
    "activiteit": RealisationKind.ACTIVITY,
}
SLUG_OF_KIND = {kind: slug for slug, kind in KIND_SLUGS.items()}
# Statuses the contractor changes (an approved or rejected one as a new version).
EDITABLE = frozenset(
    {RealisationStatus.DRAFT, RealisationStatus.APPROVED, RealisationStatus.REJECTED}
)


def _require_reporter(request: HttpRequest, contract: Contract) -> None:
    access.require_contractor_of(request.user, contract)


def _show_error(form: forms.Form, error: MonitoringError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _reporting_closed(contract: Contract) -> str:
    """Why realisations cannot be reported or changed now (the services' own message: a closed
    contract says so), or "" while reporting is open."""
    try:
        services.require_open_for_reporting(contract)
    except MonitoringError as exc:
        return exc.message
    return ""


def _revision(request: HttpRequest) -> int:
    """The revision the page showed; anything unreadable counts as stale."""
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return -1


# --- the list --------------------------------------------------------------------------------


def _list_page(
    request: HttpRequest,
    contract: Contract,
    *,
    submit_form: ReportSubmitForm | None = None,
    status_code: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    filter_form = StatusFilterForm(request.GET or None)
    status = filter_form.cleaned_data["status"] if filter_form.is_valid() else ""
    only_kind = request.GET.get("kind", "")
    if only_kind not in selectors.KINDS:
        only_kind = ""
    counts = selectors.status_counts(contract)
    tables = selectors.kind_tables(
        contract,
        counts,
        status=status,
        only_kind=only_kind,
        page_number=request.GET.get("page"),
    )
    # The row links, built from one reverse (a page holds up to 75 rows: no reverse per link).
    base = reverse("monitoring:realisations", kwargs={"contract_pk": contract.pk})
    for table in tables:
        for item in table.rows:
            item.edit_url = f"{base}{item.pk}/wijzigen/"  # type: ignore[attr-defined]
            item.delete_url = f"{base}{item.pk}/verwijderen/"  # type: ignore[attr-defined]
            # monitoring:evidence_list (tests/monitoring/test_journey_links.py checks the match)
            item.evidence_url = f"{base}{item.pk}/bewijs/"  # type: ignore[attr-defined]
    reporter = access.is_contractor_of(request.user, contract)
    block = selectors.submit_block(contract, today) if reporter else None
    if block is not None and submit_form is None:
        submit_form = ReportSubmitForm(
            initial={"period_start": block.period.start, "revision": block.revision}
        )
    query = urlencode([(k, v) for k, v in (("status", status), ("kind", only_kind)) if v])
    return render(
        request,
        "monitoring/realisation_list.html",
        {
            "contract": contract,
            "tables": tables,
            "counts": counts,
            "filter_form": filter_form if filter_form.is_bound else StatusFilterForm(),
            "status": status,
            "only_kind": only_kind,
            "query": query,
            "status_query": urlencode({"status": status}) if status else "",
            "reporter": reporter,
            "can_report": reporter and selectors.reporting_open(contract),
            "closed": services.contract_is_closed(contract),
            "editable": EDITABLE,
            "kind_slugs": SLUG_OF_KIND,
            "submission": block,
            "submit_form": submit_form,
        },
        status=status_code,
    )


@login_required
@require_GET
def realisation_list(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = access.contract_for_realisations(request.user, contract_pk)
    return _list_page(request, contract)


# --- new, edit, remove -------------------------------------------------------------------------


def _form(
    kind: str, contract: Contract, data: Any = None, initial: dict[str, Any] | None = None
) -> RealisationForm:
    version = contract_ruleset_version(contract)
    ruleset = version.to_engine() if version is not None else None
    return FORMS_BY_KIND[kind](data, initial=initial, ruleset=ruleset, today=timezone.localdate())


def _form_page(
    request: HttpRequest,
    contract: Contract,
    form: RealisationForm,
    *,
    realisation: Realisation | None = None,
    revision: int | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "monitoring/realisation_form.html",
        {
            "contract": contract,
            "form": form,
            "kind": form.kind,
            "kind_label": RealisationKind(form.kind).label,
            "realisation": realisation,
            "new_version": realisation is not None
            and realisation.status != RealisationStatus.DRAFT,
            "revision": revision,
        },
        status=status,
    )


def _initial(realisation: Realisation) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(realisation, name) for name in DATA_FIELDS}
    if realisation.candidate is not None:
        initial["candidate_reference"] = realisation.candidate.reference
        initial["birth_year"] = realisation.candidate.birth_year
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def realisation_new(request: HttpRequest, contract_pk: int, kind: str) -> HttpResponse:
    contract = access.contract_for_realisations(request.user, contract_pk)
    _require_reporter(request, contract)
    if kind not in KIND_SLUGS:
        raise Http404
    kind = KIND_SLUGS[kind]
    closed = _reporting_closed(contract)
    if closed:
        messages.error(request, closed)
        return redirect("monitoring:realisations", contract_pk=contract.pk)
    if request.method != "POST":
        return _form_page(request, contract, _form(kind, contract))
    form = _form(kind, contract, request.POST)
    if form.is_valid():
        try:
            services.realisation_create(
                acting_user=request.user, contract=contract, data=form.realisation_data()
            )
        except MonitoringError as exc:
            _show_error(form, exc)
        else:
            messages.success(
                request,
                _("The %(kind)s has been saved as a draft. Submit it with the period's report.")
                % {"kind": RealisationKind(kind).label},
            )
            return redirect("monitoring:realisations", contract_pk=contract.pk)
    return _form_page(request, contract, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def realisation_edit(request: HttpRequest, contract_pk: int, pk: int) -> HttpResponse:
    realisation = access.realisation_of(
        access.contract_for_realisations(request.user, contract_pk), pk
    )
    contract = realisation.contract
    _require_reporter(request, contract)
    closed = _reporting_closed(contract)
    if realisation.status not in EDITABLE or closed:
        messages.error(request, closed or _("This realisation cannot be changed now."))
        return redirect("monitoring:realisations", contract_pk=contract.pk)
    if request.method != "POST":
        form = _form(realisation.kind, contract, initial=_initial(realisation))
        return _form_page(
            request, contract, form, realisation=realisation, revision=realisation.revision
        )
    form = _form(realisation.kind, contract, request.POST)
    revision = _revision(request)
    if form.is_valid():
        try:
            result = services.realisation_update(
                acting_user=request.user,
                realisation=realisation,
                data=form.realisation_data(),
                revision=revision,
            )
        except MonitoringError as exc:
            _show_error(form, exc)
            if exc.field is None:
                # A crossing edit: saving again (after checking) is based on the current state.
                realisation.refresh_from_db(fields=["revision", "status"])
                revision = realisation.revision
        else:
            if result.pk != realisation.pk:
                messages.success(
                    request,
                    _(
                        "Version %(version)s has been saved as a draft; the coordinator verifies"
                        " it again. The earlier version stays on record."
                    )
                    % {"version": result.version},
                )
            else:
                messages.success(request, _("The draft has been saved."))
            return redirect("monitoring:realisations", contract_pk=contract.pk)
    return _form_page(
        request, contract, form, realisation=realisation, revision=revision, status=400
    )


@login_required
@require_http_methods(["GET", "POST"])
def realisation_delete(request: HttpRequest, contract_pk: int, pk: int) -> HttpResponse:
    realisation = access.realisation_of(
        access.contract_for_realisations(request.user, contract_pk), pk
    )
    contract = realisation.contract
    _require_reporter(request, contract)
    error = ""
    if request.method == "POST":
        try:
            services.realisation_delete(
                acting_user=request.user, realisation=realisation, revision=_revision(request)
            )
        except MonitoringError as exc:
            error = exc.message
            realisation.refresh_from_db(fields=["revision", "status"])
        else:
            messages.success(request, _("The draft has been removed."))
            return redirect("monitoring:realisations", contract_pk=contract.pk)
    elif realisation.status != RealisationStatus.DRAFT:
        messages.error(
            request, _("Only a draft can be removed; a reported realisation stays on record.")
        )
        return redirect("monitoring:realisations", contract_pk=contract.pk)
    return render(
        request,
        "monitoring/realisation_confirm_delete.html",
        {"contract": contract, "realisation": realisation, "error": error},
        status=400 if error else 200,
    )


# --- reports -----------------------------------------------------------------------------------


@login_required
@require_POST
def report_submit(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = access.contract_for_realisations(request.user, contract_pk)
    _require_reporter(request, contract)
    form = ReportSubmitForm(request.POST)
    if form.is_valid():
        try:
            report = services_reports.report_submit(
                acting_user=request.user,
                contract=contract,
                period_start=form.cleaned_data["period_start"],
                revision=form.cleaned_data["revision"],
            )
        except MonitoringError as exc:
            _show_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The report of %(start)s to %(end)s has been submitted; the coordinator"
                    " verifies it."
                )
                % _period_of(report),
            )
            return redirect("monitoring:reports", contract_pk=contract.pk)
    return _list_page(request, contract, submit_form=form, status_code=400)


def _period_of(report: Any) -> dict[str, str]:
    """A report's period for a message: ``%(start)s`` and ``%(end)s`` as dd-mm-jjjj."""
    return {
        "start": report.period_start.strftime("%d-%m-%Y"),
        "end": report.period_end.strftime("%d-%m-%Y"),
    }


def _reports_page(
    request: HttpRequest,
    contract: Contract,
    *,
    interval_form: ReportingIntervalForm | None = None,
    nil_form: NilReportForm | None = None,
    acknowledge_error: str = "",
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    coordinator = bool(request.user.is_coordinator)  # type: ignore[union-attr]
    if coordinator and interval_form is None:
        interval_form = ReportingIntervalForm(
            initial={"months": contract.reporting_interval_months}
        )
    rows = selectors.period_rows(contract, today)
    reporter = access.is_contractor_of(request.user, contract)
    can_report = reporter and selectors.reporting_open(contract)
    if can_report and nil_form is None:
        nil_periods = selectors.nil_report_periods(rows, today)
        if nil_periods:
            nil_form = NilReportForm(periods=nil_periods)
    return render(
        request,
        "monitoring/report_list.html",
        {
            "contract": contract,
            "rows": rows,
            "today": today,
            "reporter": reporter,
            "can_report": can_report,
            "nil_form": nil_form if can_report else None,
            "coordinator": coordinator,
            "acknowledge_error": acknowledge_error,
            "interval_form": interval_form,
            "deadline_days": REPORT_DEADLINE_DAYS,
        },
        status=status,
    )


@login_required
@require_POST
def report_submit_nothing(request: HttpRequest, contract_pk: int) -> HttpResponse:
    """ "Niets te melden in deze periode": a report with no realisations, confirmed."""
    contract = access.contract_for_realisations(request.user, contract_pk)
    _require_reporter(request, contract)
    today = timezone.localdate()
    form = NilReportForm(
        request.POST,
        periods=selectors.nil_report_periods(selectors.period_rows(contract, today), today),
    )
    if form.is_valid():
        try:
            report = services_reports.report_submit_nothing(
                acting_user=request.user,
                contract=contract,
                period_start=form.cleaned_data["period_start"],
                revision=form.cleaned_data["revision"],
                today=today,
            )
        except MonitoringError as exc:
            _show_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "You declared that there is nothing to report for %(start)s to %(end)s; the"
                    " coordinator verifies it."
                )
                % _period_of(report),
            )
            return redirect("monitoring:reports", contract_pk=contract.pk)
    return _reports_page(request, contract, nil_form=form, status=400)


@login_required
@require_POST
def report_acknowledge(request: HttpRequest, contract_pk: int) -> HttpResponse:
    """A coordinator verifies a report in which nothing awaits a decision (a nil report)."""
    contract = access.contract_for_realisations(request.user, contract_pk)
    access.require_coordinator(request.user)
    form = ReportAcknowledgeForm(request.POST)
    if not form.is_valid():
        return _reports_page(
            request, contract, acknowledge_error=_("Choose a report from the list."), status=400
        )
    report = Report.objects.filter(contract=contract, pk=form.cleaned_data["report"]).first()
    if report is None:
        raise Http404
    try:
        services_reports.report_acknowledge(
            acting_user=request.user, report=report, revision=form.cleaned_data["revision"]
        )
    except MonitoringError as exc:
        return _reports_page(request, contract, acknowledge_error=exc.message, status=400)
    messages.success(
        request,
        _("The report of %(start)s to %(end)s has been verified.") % _period_of(report),
    )
    return redirect("monitoring:reports", contract_pk=contract.pk)


@login_required
@require_GET
def report_list(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = access.contract_for_realisations(request.user, contract_pk)
    return _reports_page(request, contract)


@login_required
@require_POST
def reporting_interval(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = access.contract_for_realisations(request.user, contract_pk)
    access.require_coordinator(request.user)
    form = ReportingIntervalForm(request.POST)
    if form.is_valid():
        try:
            services_reports.reporting_interval_set(
                acting_user=request.user, contract=contract, months=form.cleaned_data["months"]
            )
        except MonitoringError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("The reporting period has been changed."))
            return redirect("monitoring:reports", contract_pk=contract.pk)
    return _reports_page(request, contract, interval_form=form, status=400)
