"""The council reports' pages (``/coordinator/raadsrapportages/``): the list with the request
form, a report's status (refreshing itself while it is being built) and the stored files.

Access (docs/access.md): coordinators every buyer, buyer users only their own buyer (another
buyer's report: 404), contractors 403, anonymous users to the login page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sroi.portfolio import council
from sroi.portfolio.constants import CouncilReportStatus
from sroi.portfolio.council_figures import CouncilFiguresError, figures_from_json
from sroi.portfolio.council_render import council_filename, people_text
from sroi.portfolio.forms_council import CouncilReportForm
from sroi.portfolio.models import CouncilReport
from sroi.portfolio.selectors import can_use_portfolio

LIST_LIMIT = 100
# Seconds between two refreshes of a report's status while it is being built.
POLL_SECONDS = 3


def _require_portfolio(request: HttpRequest) -> None:
    if not can_use_portfolio(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def council_reports(request: HttpRequest) -> HttpResponse:
    _require_portfolio(request)
    buyers = council.council_buyers(request.user)
    status = 200
    if request.method == "POST":
        form = CouncilReportForm(request.POST, buyers=buyers)
        if form.is_valid():
            try:
                report = council.council_report_request(
                    user=request.user,
                    buyer=form.cleaned_data["koper"],
                    year=form.cleaned_data["jaar"],
                )
            except council.CouncilReportError as error:
                form.add_error(error.field or None, error.message)
            else:
                messages.success(
                    request,
                    _("The report has been requested. It is generated in the background."),
                )
                return redirect("portfolio:council_report", pk=report.pk)
        status = 400
    else:
        form = CouncilReportForm(buyers=buyers)
    reports = council.council_report_list_for_user(request.user)[:LIST_LIMIT]
    return render(
        request,
        "portfolio/council_report_list.html",
        {"form": form, "reports": reports, "has_buyers": buyers.exists()},
        status=status,
    )


def _summary(report: CouncilReport) -> dict[str, object] | None:
    if report.status != CouncilReportStatus.READY:
        return None
    try:
        snapshot = figures_from_json(
            CouncilReport.objects.values_list("figures", flat=True).get(pk=report.pk)
        )
    except CouncilFiguresError:
        return None
    return {"figures": snapshot, "people_total": people_text(snapshot.people_total)}


@login_required
@require_GET
def council_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's status; an htmx request (the polling) gets the status region only."""
    _require_portfolio(request)
    report = council.council_report_get_for_user(request.user, pk)
    context = {
        "report": report,
        "pending": report.status in council.PENDING,
        "poll_seconds": POLL_SECONDS,
        "summary": _summary(report),
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "portfolio/_council_status.html", context)
    return render(request, "portfolio/council_report_detail.html", context)


def _download(request: HttpRequest, pk: int, kind: str, content_type: str) -> HttpResponse:
    _require_portfolio(request)
    report = council.council_report_get_for_user(request.user, pk)
    content = council.council_report_file(report, kind)
    response = HttpResponse(content, content_type=content_type)
    filename = council_filename(report.buyer.name, report.year, kind)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def council_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "pdf", "application/pdf")


@login_required
@require_GET
def council_report_excel(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(
        request,
        pk,
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
