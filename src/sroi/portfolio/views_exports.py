"""Downloads of the portfolio (``/coordinator/portefeuille/export/<dataset>.<fmt>``).

Access: signed in (else the login page), then ``selectors.can_use_portfolio`` (coordinators
and buyer users; everyone else 403). The filter is the portfolio page's
(``forms.PortfolioFilterForm``, the same URL parameters); a bad value answers 400 with the
field messages in a short text page, never a file with a silently different filter. Each
download is written to the audit log (what and with which filter, never the rows).
"""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sroi.core.audit import audit_log
from sroi.portfolio import exports
from sroi.portfolio.forms import PortfolioFilterForm
from sroi.portfolio.selectors import can_use_portfolio, portfolio_buyers

# A workbook is streamed from its temporary file in pieces of this size.
FILE_BLOCK_BYTES = 256 * 1024


def _invalid_filter(form: PortfolioFilterForm) -> HttpResponse:
    lines = [_("This export cannot be made: the filter has an error."), ""]
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            lines.append(f"- {label}: {error}" if label else f"- {error}")
    lines += ["", _("Correct the filter on the portfolio page and download again.")]
    return HttpResponse(
        "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
    )


@login_required
@require_GET
def export(request: HttpRequest, dataset: str, fmt: str) -> HttpResponseBase:
    spec = exports.DATASETS.get(dataset)
    if spec is None or fmt not in exports.FORMATS:
        raise Http404
    if not can_use_portfolio(request.user):
        raise PermissionDenied
    form = PortfolioFilterForm(request.GET, buyers=portfolio_buyers(request.user))
    if not form.is_valid():
        return _invalid_filter(form)
    portfolio_filter = form.portfolio_filter()
    prepared = exports.export_prepare(spec, request.user, portfolio_filter)
    audit_log(
        actor=request.user,
        action="portfolio.export",
        data={
            "dataset": spec.slug,
            "format": fmt,
            "filter": {k: v for k, v in request.GET.items() if k in form.fields and v},
        },
    )
    response: FileResponse | StreamingHttpResponse
    if fmt == "xlsx":
        # Closed (and so removed) by the response when it has been sent.
        file = tempfile.TemporaryFile()  # noqa: SIM115
        exports.write_xlsx(prepared, file)
        file.seek(0)
        response = FileResponse(file, content_type=exports.XLSX_CONTENT_TYPE)
        response.block_size = FILE_BLOCK_BYTES
    else:
        response = StreamingHttpResponse(
            exports.csv_pieces(prepared), content_type=exports.CSV_CONTENT_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{prepared.filename(fmt)}"'
    response["Cache-Control"] = "private, no-store"
    return response
