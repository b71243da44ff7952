"""Pages of the evidence files and the spreadsheet import.

Access: ``access.contract_for_realisations`` (the contract visible to the user, and never
to a buyer user: 404); writes are the contractor's (the services check again, 403). An upload
larger than the page allows is refused from its ``Content-Length`` before the body is read,
so the CSRF check (which parses the body) runs after that (``csrf_exempt`` outside,
``csrf_protect`` inside: Django's pattern for upload limits, as in ``sroi.rules.views``).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sroi.monitoring import access, imports
from sroi.monitoring import evidence as evidence_service
from sroi.monitoring.constants import EVIDENCE_MAX_BYTES, IMPORT_ROWS_MAX, RealisationKind
from sroi.monitoring.models import Evidence, Realisation, evidence_storage
from sroi.monitoring.services import MonitoringError
from sroi.plans.models import Contract

FormT = TypeVar("FormT", bound=forms.Form)
# Room for the other fields of a multipart form (the CSRF token, the boundaries).
FORM_MARGIN_BYTES = 64 * 1024


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        error_messages={"required": gettext_lazy("Choose a file.")},
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy("The filled-in template: Excel (.xlsx) or CSV."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": gettext_lazy("Choose a file.")},
    )


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _body_too_large(request: HttpRequest, limit: int) -> bool:
    return request.method == "POST" and _declared_length(request) > limit + FORM_MARGIN_BYTES


def _refused(form: FormT, message: str) -> FormT:
    """An empty upload form with ``message`` at its file field (the body was not read)."""
    form.cleaned_data = {}
    form.add_error("file", message)
    return form


def _realisation(contract: Contract, realisation_pk: int) -> Realisation:
    return access.realisation_of(contract, realisation_pk)


def _is_contractor_of(user: Any, contract: Contract) -> bool:
    return access.is_contractor_of(user, contract)


# --- evidence ------------------------------------------------------------------------------


def _evidence_page(
    request: HttpRequest,
    contract: Contract,
    realisation: Realisation,
    form: EvidenceUploadForm | None = None,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "monitoring/evidence_list.html",
        {
            "contract": contract,
            "realisations_url": _realisations_url(contract),
            "realisation": realisation,
            "files": evidence_service.evidence_list(realisation),
            "form": form or EvidenceUploadForm(),
            "can_add": evidence_service.user_adds_evidence(request.user, realisation),
            "can_remove": _is_contractor_of(request.user, contract)
            and realisation.status == "draft",
            "is_placement": realisation.kind == RealisationKind.PLACEMENT,
            "error": error,
        },
        status=status,
    )


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def evidence_list(request: HttpRequest, contract_pk: int, realisation_pk: int) -> HttpResponse:
    """The files of a realisation and the upload (contractor, draft or awaiting verification)."""
    contract = access.contract_for_realisations(request.user, contract_pk)
    realisation = _realisation(contract, realisation_pk)
    if _body_too_large(request, EVIDENCE_MAX_BYTES):
        access.require_contractor_of(request.user, contract)
        form = _refused(EvidenceUploadForm(), evidence_service.too_large_error().message)
        return _evidence_page(request, contract, realisation, form, status=413)
    return _evidence_upload(request, contract, realisation)


@csrf_protect
def _evidence_upload(
    request: HttpRequest, contract: Contract, realisation: Realisation
) -> HttpResponse:
    if request.method == "GET":
        return _evidence_page(request, contract, realisation)
    access.require_contractor_of(request.user, contract)
    form = EvidenceUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _evidence_page(request, contract, realisation, form, status=400)
    try:
        added = evidence_service.evidence_add(
            acting_user=request.user, realisation=realisation, upload=form.cleaned_data["file"]
        )
    except MonitoringError as exc:
        form.add_error("file", exc.message)
        return _evidence_page(request, contract, realisation, form, status=400)
    messages.success(request, _("%(name)s has been added.") % {"name": added.original_name})
    return redirect(
        "monitoring:evidence_list", contract_pk=contract.pk, realisation_pk=realisation.pk
    )


@login_required
@require_POST
def evidence_remove(
    request: HttpRequest, contract_pk: int, realisation_pk: int, evidence_pk: int
) -> HttpResponse:
    contract = access.contract_for_realisations(request.user, contract_pk)
    realisation = _realisation(contract, realisation_pk)
    item = evidence_service.evidence_get(contract, evidence_pk)
    if item.realisation_id != realisation.pk:
        raise Http404
    access.require_contractor_of(request.user, contract)
    item.realisation = realisation
    try:
        evidence_service.evidence_remove(acting_user=request.user, evidence=item)
    except MonitoringError as exc:
        return _evidence_page(request, contract, realisation, error=exc.message, status=400)
    messages.success(request, _("%(name)s has been removed.") % {"name": item.original_name})
    return redirect(
        "monitoring:evidence_list", contract_pk=contract.pk, realisation_pk=realisation.pk
    )


@login_required
@require_GET
def evidence_download(
    request: HttpRequest, contract_pk: int, evidence_pk: int
) -> HttpResponse | FileResponse:
    """The stored file, as an attachment with its stored type (never sniffed, never cached)."""
    contract = access.contract_for_realisations(request.user, contract_pk)
    item: Evidence = evidence_service.evidence_get(contract, evidence_pk)
    handle = None
    if item.removed_at is None and item.file:
        try:
            handle = evidence_storage().open(str(item.file.name), "rb")
        except FileNotFoundError:
            handle = None
    if handle is None:
        return render(
            request,
            "monitoring/evidence_gone.html",
            {"contract": contract, "item": item, "realisations_url": _realisations_url(contract)},
            status=410,
        )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- import --------------------------------------------------------------------------------


# ``?soort=`` of the import page and its templates (placements without it).
IMPORT_KINDS: dict[str, str] = {
    "plaatsing": RealisationKind.PLACEMENT,
    "inkoop": RealisationKind.PURCHASE,
    "activiteit": RealisationKind.ACTIVITY,
}
IMPORT_SLUGS = {kind: slug for slug, kind in IMPORT_KINDS.items()}


def _import_kind(request: HttpRequest) -> str:
    """The kind to import (``?soort=inkoop``); an unknown one is a 404."""
    slug = request.GET.get("soort", "plaatsing")
    if slug not in IMPORT_KINDS:
        raise Http404
    return IMPORT_KINDS[slug]


def _import_page(
    request: HttpRequest,
    contract: Contract,
    form: ImportForm | None = None,
    *,
    result: imports.ImportResult | None = None,
    status: int = 200,
) -> HttpResponse:
    ruleset = imports.contract_ruleset(contract)
    kind = _import_kind(request)
    return render(
        request,
        "monitoring/import.html",
        {
            "contract": contract,
            "realisations_url": _realisations_url(contract),
            "form": form or ImportForm(),
            "result": result,
            "columns": imports.explanations(ruleset, kind),
            "rows_max": IMPORT_ROWS_MAX,
            "kind": kind,
            "slug": IMPORT_SLUGS[kind],
            "other_kinds": [(IMPORT_SLUGS[k], k) for k in imports.SPECS if k != kind],
        },
        status=status,
    )


def _require_contractor(request: HttpRequest, contract: Contract) -> None:
    access.require_contractor_of(request.user, contract)


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest, contract_pk: int) -> HttpResponse:
    """Import placements, purchases or activities (``?soort=``) from the template (the
    contractor of the contract only)."""
    contract = access.contract_for_realisations(request.user, contract_pk)
    _require_contractor(request, contract)
    _import_kind(request)
    if _body_too_large(request, imports.IMPORT_MAX_BYTES):
        form = _refused(ImportForm(), imports.too_large_error().message)
        return _import_page(request, contract, form, status=413)
    return _import(request, contract)


@csrf_protect
def _import(request: HttpRequest, contract: Contract) -> HttpResponse:
    if request.method == "GET":
        return _import_page(request, contract)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, contract, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        if upload.size is not None and upload.size > imports.IMPORT_MAX_BYTES:
            raise imports.too_large_error()
        result = imports.import_realisations(
            acting_user=request.user,
            contract=contract,
            data=upload.read(),
            kind=_import_kind(request),
        )
    except MonitoringError as exc:
        form.add_error("file", exc.message)
        return _import_page(request, contract, form, status=400)
    if result.problems:
        return _import_page(request, contract, form, result=result, status=422)
    messages.success(request, _imported_message(_import_kind(request), result.rows))
    return redirect(_realisations_url(contract))


def _imported_message(kind: str, count: int) -> str:
    if kind == RealisationKind.PURCHASE:
        text = ngettext(
            "%(count)s purchase has been imported as a draft.",
            "%(count)s purchases have been imported as drafts.",
            count,
        )
    elif kind == RealisationKind.ACTIVITY:
        text = ngettext(
            "%(count)s activity has been imported as a draft.",
            "%(count)s activities have been imported as drafts.",
            count,
        )
    else:
        text = ngettext(
            "%(count)s placement has been imported as a draft.",
            "%(count)s placements have been imported as drafts.",
            count,
        )
    return text % {"count": count}


def _realisations_url(contract: Contract) -> str:
    """The realisation list of the contract (``monitoring:realisations``)."""
    return reverse("monitoring:realisations", kwargs={"contract_pk": contract.pk})


@login_required
@require_GET
def import_template(request: HttpRequest, contract_pk: int, fmt: str) -> HttpResponse:
    contract = access.contract_for_realisations(request.user, contract_pk)
    _require_contractor(request, contract)
    kind = _import_kind(request)
    if fmt == "xlsx":
        response = HttpResponse(
            imports.template_xlsx(contract, kind),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            imports.template_csv(contract, kind), content_type="text/csv; charset=utf-8"
        )
    stem = imports.SPECS[kind].file_stem
    response["Content-Disposition"] = f'attachment; filename="{stem}-{contract.pk}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response
