"""Every table on a page sits in a ``.sroi-table-wrapper``: on a narrow screen it scrolls there,
and ``sroi.js`` makes that box keyboard focusable and names it (role="region", from the
caption or the heading above). A table in another container (the Utrecht table container, say)
overflows without either, which the colleagues, buyer and invitation pages did."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "sroi"
# Not pages in a browser: PDFs (WeasyPrint) and allauth's unused element template.
NOT_PAGES = {"plan_pdf.html", "agreements_pdf.html", "council_report_pdf.html", "table.html"}


def test_every_page_table_is_in_a_table_wrapper() -> None:
    unwrapped = []
    for template in SRC.glob("*/templates/**/*.html"):
        if template.name in NOT_PAGES:
            continue
        text = template.read_text(encoding="utf-8")
        tables = len(re.findall(r"<table\b", text))
        wrappers = text.count('class="sroi-table-wrapper"')
        if tables > wrappers:
            unwrapped.append(f"{template.relative_to(SRC)}: {tables} tables, {wrappers} wrappers")
    assert unwrapped == []
