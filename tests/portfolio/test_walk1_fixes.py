"""Fixes from the browser walk of the portfolio and the open figures (walk 1)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from tests.portfolio.open_data import buyer_named, contract_of, place, publish

pytestmark = pytest.mark.usefixtures("shipped_rulesets")


def test_the_public_charts_svg_scrolls_in_its_own_box_so_a_phone_page_does_not_overflow(
    client: Client, db: None
) -> None:
    # The SVG keeps a minimum width (its text stays readable): outside a scroll box it made
    # the whole public page 632 px wide on a 375 px phone.
    buyer = buyer_named()
    place(contract_of(buyer), 6)
    publish(buyer)
    html = client.get(reverse("open:page", args=["gemeente-hoorn"])).content.decode()
    box = re.search(
        r'<div class="sroi-chart__scroll"\s+tabindex="0"\s+role="group"\s+'
        r'aria-labelledby="open-chart-title">\s*<svg',
        html,
    )
    assert box is not None
    assert html.index("</svg>") < html.index("</div>", box.end())


def test_the_portfolio_calls_the_light_stoplicht_in_the_filter_the_column_and_the_sort(
    client: Client, coordinator: User
) -> None:
    # The section is "Stoplichten"; "Status" elsewhere in the app is a plan's or contract's
    # state, so the filter, the column and the sort options say "Stoplicht" too.
    contract_of(buyer_named())
    client.force_login(coordinator)
    html = client.get(reverse("portfolio:portfolio")).content.decode()
    assert re.search(r'<label[^>]*for="id_stoplicht"[^>]*>\s*Stoplicht', html)
    assert "Alle stoplichten" in html
    assert "Stoplicht, oplopend" in html
    assert re.search(r'href="\?[^"]*sorteer=light[^"]*"[^>]*>\s*Stoplicht', html)
    assert "Alle statussen" not in html
    assert ">Status<" not in html


def test_a_bad_light_in_the_url_says_choose_a_traffic_light(
    client: Client, coordinator: User
) -> None:
    client.force_login(coordinator)
    response = client.get(reverse("portfolio:portfolio"), {"stoplicht": "rood"})
    assert response.status_code == 200
    assert "Kies een stoplicht uit de lijst." in response.content.decode()


def test_the_kind_of_effort_is_soort_invulling_in_the_heading_as_in_the_filter_and_table(
    client: Client, coordinator: User
) -> None:
    # The rest of the app (plans, agreements, the filter) says "soort invulling".
    contract_of(buyer_named())
    client.force_login(coordinator)
    html = client.get(reverse("portfolio:portfolio")).content.decode()
    assert "Per soort invulling" in html
    assert "soort inzet" not in html.lower()
