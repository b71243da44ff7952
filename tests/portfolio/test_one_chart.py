"""The project's one SVG bar chart (``sroi.portfolio.svg_charts`` drawn by
``portfolio/_bar_chart.html``) on the portfolio page, the public open-figures page and the
council report's PDF: a picture (role img) with a title and a description naming the table
with the same figures, every value as text, and an SVG WeasyPrint draws."""

from __future__ import annotations

import logging
import re

import pytest
from django.test import Client
from django.urls import reverse

from sroi.plans.constants import TargetGroup
from sroi.plans.models import Buyer
from sroi.portfolio import council_render, open_formats
from sroi.portfolio.council_figures import council_figures
from sroi.portfolio.council_render import council_pdf_context, render_council_pdf
from tests.plans.factories import BuyerFactory
from tests.portfolio import council_data, open_data

pytestmark = pytest.mark.usefixtures("shipped_rulesets")


def _chart(html: str, chart_id: str) -> str:
    match = re.search(rf'<svg[^>]*data-chart="{chart_id}"[^>]*>.*?</svg>', html, re.DOTALL)
    assert match is not None, chart_id
    return match.group(0)


def _accessible(svg: str, chart_id: str) -> None:
    assert 'role="img"' in svg
    assert f'aria-labelledby="{chart_id}-chart-title {chart_id}-chart-desc"' in svg
    assert f'<title id="{chart_id}-chart-title">' in svg
    assert f'<desc id="{chart_id}-chart-desc">' in svg


def test_there_is_one_chart_implementation() -> None:
    assert not hasattr(open_formats, "chart_bars")
    assert not hasattr(council_render, "bar_chart_svg")


def test_the_open_page_draws_the_one_chart(client: Client, db: None) -> None:
    buyer = open_data.buyer_named()
    open_data.contract_of(buyer, obligation="50000.00", agreed="30000.00", realised="10000.00")
    open_data.publish(buyer)
    html = client.get(reverse("open:page", args=["gemeente-hoorn"])).content.decode()
    svg = _chart(html, "open")
    _accessible(svg, "open")
    assert "tabel" in svg  # the description names the table with the same figures
    assert len(re.findall(r'<rect [^>]*data-series="amount"', svg)) == 3
    for text in ("EUR 50.000,00", "EUR 30.000,00", "EUR 10.000,00"):
        assert text in svg


def test_the_council_pdf_draws_the_one_chart(db: None, caplog: pytest.LogCaptureFixture) -> None:
    buyer: Buyer = BuyerFactory(name="Gemeente Hoorn")
    contract = council_data.contract_of(buyer)
    council_data.place(contract, target_group=TargetGroup.WW_GT1, people=7)
    snapshot = council_figures(buyer, contract.start_date.year)

    context = council_pdf_context(snapshot)
    for key in ("money", "lights", "people"):
        svg = _chart(str(context[f"{key}_chart"]), f"council-{key}")
        _accessible(svg, f"council-{key}")
        assert 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert ">7</text>" in str(context["people_chart"])
    assert "EUR 50.000,00" in str(context["money_chart"])

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = render_council_pdf(snapshot)
    assert pdf.startswith(b"%PDF")
    assert not [record.getMessage() for record in caplog.records if "weasyprint" in record.name]
