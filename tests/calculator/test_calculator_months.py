"""Months read "12,0" (one decimal, Dutch comma); "telt hoogstens mee t/m" only when the block's
maximum duration actually ends the counted period early."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.calculator.conftest import management

pytestmark = pytest.mark.usefixtures("rulesets")

CAP_TEXT = "Telt hoogstens mee t/m"


def post(client: Client, start: str, end: str) -> str:
    # NHN (indicative): WW < 1 jaar counts at most 12 months. Contract 2026-01-01..2028-12-31.
    data = {
        "ruleset": "nhn-werksaam",
        "value_eur": "1.000.000",
        "sroi_percentage": "5",
        "start": "2026-01-01",
        "end": "2028-12-31",
        "pso_level": "",
        **management("placements", 1),
        "placements-0-block": "WW_LT1",
        "placements-0-hours_per_week": "36",
        "placements-0-start": start,
        "placements-0-end": end,
        "placements-0-count": "1",
        **management("amounts", 0),
        **management("activities", 0),
    }
    response = client.post("/rekenhulp/", data)
    assert response.status_code == 200
    return response.content.decode()


def months_cell(html: str) -> str:
    row = re.search(r'<tr class="utrecht-table__row" data-line="0">(.*?)</tr>', html, re.DOTALL)
    assert row is not None
    cell = r'<td class="utrecht-table__cell sroi-numeric"[^>]*>(.*?)</td>'
    cells = re.findall(cell, row[1], re.DOTALL)
    return cells[0].strip()


def test_twelve_months_read_twelve_comma_zero(client: Client) -> None:
    html = post(client, "2026-01-01", "2026-12-31")

    assert months_cell(html) == "12,0"


def test_months_have_one_decimal(client: Client) -> None:
    # 15 Mar..30 Jun 2026 = 17/31 + 3 = 3.5484 months -> "3,5"
    html = post(client, "2026-03-15", "2026-06-30")

    assert months_cell(html) == "3,5"


def test_a_line_ending_on_the_caps_last_day_says_nothing_about_the_cap(client: Client) -> None:
    html = post(client, "2026-01-01", "2026-12-31")

    assert CAP_TEXT not in html


def test_a_line_cut_by_the_cap_says_until_when_it_counts(client: Client) -> None:
    # 2026-03-10 + 12 months - 1 day = 2027-03-09, before the line's own end 2027-12-31.
    html = post(client, "2026-03-10", "2027-12-31")

    assert f"{CAP_TEXT} 09-03-2027" in " ".join(html.split())
