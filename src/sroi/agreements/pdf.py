"""The accepted prestatieafspraken as a PDF: the document of record for both sides.

Rendered once, when the contractor accepts, from the version's rows (an accepted version never
changes), and stored (``AgreementVersionPdf``); downloads serve the stored bytes. WeasyPrint,
like the plan PDF (``sroi.plans.pdf``), through ``sroi.core.pdf``: no URL is ever fetched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from sroi.core.formatting import format_eur
from sroi.core.pdf import html_to_pdf

if TYPE_CHECKING:
    from sroi.agreements.models import AgreementVersion


def agreements_pdf_context(version: AgreementVersion) -> dict[str, Any]:
    from sroi.agreements.selectors import agreement_rows

    contract = version.contract
    rows = agreement_rows(version)
    return {
        "version": version,
        "contract": contract,
        "organisation": contract.organisation,
        "rows": rows,
        "total": format_eur(version.total_eur),
        "obligation": format_eur(version.obligation_eur),
        "difference": format_eur(version.difference_eur),
        "accepted_at": timezone.localtime(version.accepted_at) if version.accepted_at else None,
    }


def render_agreements_pdf(version: AgreementVersion, *, language: str = "nl") -> bytes:
    with translation.override(language):
        html = render_to_string(
            "agreements/agreements_pdf.html",
            {**agreements_pdf_context(version), "language_code": language},
        )
    return html_to_pdf(html)


def agreements_pdf_filename(version: AgreementVersion) -> str:
    """``prestatieafspraken-onderhoud-wegen-v2.pdf``."""
    slug = slugify(version.contract.name)[:80].strip("-")
    parts = (
        ["prestatieafspraken", slug, f"v{version.number}"]
        if slug
        else [
            "prestatieafspraken",
            f"v{version.number}",
        ]
    )
    return "-".join(parts) + ".pdf"
