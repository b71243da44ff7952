"""The final assessment page (``/contracten/<pk>/eindbeoordeling/``) and its PDFs.

Everyone who sees the contract (``sroi.plans.selectors.contract_get_for_user``: 404
otherwise) reads the page and downloads the stored PDFs: it holds figures only, no candidate
data, so buyer users of the contract's buyer read it too. Only a coordinator records an
assessment (403 for anyone else), once the contract's end date (or a recovery deadline) has
come.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sroi.monitoring import access, assessment
from sroi.monitoring.forms_close import FinalAssessmentForm
from sroi.monitoring.models import FinalAssessment
from sroi.monitoring.services import MonitoringError
from sroi.plans.models import Contract


def _page(
    request: HttpRequest,
    contract: Contract,
    *,
    form: FinalAssessmentForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    assessments = assessment.assessments_of(contract)
    can_record = access.is_coordinator(request.user) and assessment.assessment_open(
        contract, assessments, today
    )
    # The stored figures (kept current by every change and the daily ``revalue_contracts``; a
    # GET writes nothing). Recording revalues under the contract's lock and refuses when the
    # realised value differs from what this page showed.
    figures = assessment.assessment_figures(contract)
    number = len(assessments) + 1
    if form is None and can_record:
        form = FinalAssessmentForm(initial={"number": number, "realised": figures.realised_eur})
    return render(
        request,
        "monitoring/final_assessment.html",
        {
            "contract": contract,
            "assessments": assessments,
            "figures": figures,
            "settlement_if_not_fulfilled": figures.settlement_eur("not_fulfilled"),
            "can_record": can_record,
            "due_on": assessment.assessment_due_on(contract, assessments),
            "number": number,
            "second": number > 1,
            "form": form,
            "error": error,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def final_assessment(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = access.contract_for_reading(request.user, contract_pk)
    if request.method == "GET":
        return _page(request, contract)
    access.require_coordinator(request.user)
    form = FinalAssessmentForm(request.POST)
    if not form.is_valid():
        return _page(request, contract, form=form, status=400)
    data = form.cleaned_data
    try:
        recorded = assessment.final_assessment_record(
            acting_user=request.user,
            contract=contract,
            outcome=data["outcome"],
            note=data["note"],
            recovery_deadline=data["recovery_deadline"],
            number=data["number"],
            realised_eur=data["realised"],
        )
    except MonitoringError as exc:
        if exc.field in form.fields:
            form.add_error(exc.field, exc.message)
            return _page(request, contract, form=form, status=400)
        return _page(request, contract, form=form, error=exc.message, status=409)
    if recorded.closes_contract:
        messages.success(
            request,
            _("The final assessment has been recorded and mailed; the contract is now closed."),
        )
    else:
        messages.success(
            request,
            _("The final assessment has been recorded and mailed; the recovery period runs."),
        )
    return redirect("monitoring:final_assessment", contract_pk=contract.pk)


@login_required
def final_assessment_pdf(request: HttpRequest, contract_pk: int, number: int) -> HttpResponse:
    contract = access.contract_for_reading(request.user, contract_pk)
    recorded = (
        FinalAssessment.objects.filter(contract=contract, number=number)
        .defer("pdf")
        .select_related("contract__organisation", "contract__buyer")
        .first()
    )
    if recorded is None:
        raise Http404
    pdf = assessment.assessment_pdf(recorded)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = assessment.assessment_pdf_filename(recorded)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
