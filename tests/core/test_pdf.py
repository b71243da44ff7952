"""The one HTML-to-PDF helper of the documents of record (``sroi.core.pdf``): a PDF comes out
and no URL is ever fetched; the agreements PDF and the council report both use it."""

from __future__ import annotations

import logging

import pytest

from sroi.agreements import pdf as agreements_pdf
from sroi.core.pdf import html_to_pdf, refuse_url
from sroi.monitoring import assessment
from sroi.plans import pdf as plans_pdf
from sroi.portfolio import council_render


def test_a_pdf_comes_out_and_no_url_is_fetched(caplog: pytest.LogCaptureFixture) -> None:
    html = (
        '<html><head><link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head>'
        '<body><p>Raadsrapportage</p><img src="http://127.0.0.1:9/x.png" alt=""></body></html>'
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF")
    refused = [r.getMessage() for r in caplog.records if "does not fetch URLs" in r.getMessage()]
    assert len(refused) >= 2  # the stylesheet and the image, both refused


def test_the_fetcher_refuses_every_url() -> None:
    with pytest.raises(ValueError, match="does not fetch URLs"):
        refuse_url("file:///etc/passwd")


def test_the_documents_of_record_use_the_one_helper() -> None:
    for module in (agreements_pdf, council_render, plans_pdf, assessment):
        assert module.html_to_pdf is html_to_pdf
        assert not hasattr(module, "_refuse_url")
