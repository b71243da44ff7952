"""Fixes from the browser walk of the portfolio's breakdowns (walk 2)."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sroi.accounts.models import User
from sroi.plans.constants import TargetGroup
from tests.monitoring.factories import RealisationFactory
from tests.portfolio.open_data import buyer_named, contract_of

pytestmark = pytest.mark.usefixtures("shipped_rulesets")


def test_the_breakdowns_link_of_a_kind_of_effort_lists_the_contracts_it_counts(
    client: Client, coordinator: User
) -> None:
    # Walked: "Per soort invulling" showed "Sociaal inkopen" (purchases reported without an
    # agreement of that kind count under it) and its link showed "Geen contracten gevonden":
    # the filter looked at accepted agreements only.
    buyer = buyer_named()
    with_purchase = contract_of(buyer, name="Inkoop zonder afspraak")
    contract_of(buyer, name="Zonder inkoop")
    RealisationFactory(
        contract=with_purchase, purchase=True, approved=True, value_eur=Decimal("4250.00")
    )
    client.force_login(coordinator)
    html = client.get(reverse("portfolio:portfolio")).content.decode()
    link = re.search(
        r'<a [^>]*href="([^"]*soort=social_procurement[^"]*)"[^>]*>\s*Sociaal inkopen', html
    )
    assert link is not None
    filtered = client.get(reverse("portfolio:portfolio") + unescape(link.group(1)))
    assert filtered.status_code == 200
    page = filtered.content.decode()
    assert "Geen contracten gevonden" not in page
    assert "Inkoop zonder afspraak" in page
    assert "Zonder inkoop" not in page


def test_the_kind_of_effort_filter_still_leaves_out_contracts_without_it(
    client: Client, coordinator: User
) -> None:
    buyer = buyer_named()
    placed = contract_of(buyer, name="Alleen plaatsingen")
    RealisationFactory(contract=placed, approved=True, value_eur=Decimal("1000.00"))
    client.force_login(coordinator)
    html = client.get(reverse("portfolio:portfolio"), {"soort": "social_procurement"}).content
    assert "Alleen plaatsingen" not in html.decode()
    jobs = client.get(reverse("portfolio:portfolio"), {"soort": "jobs"}).content.decode()
    assert "Alleen plaatsingen" in jobs


def test_the_council_report_uses_the_apps_words_for_kinds_of_effort_and_rule_sets(
    coordinator: User,
) -> None:
    # Walked: the PDF said "Soorten inzet" over a column "Soort invulling", and "regelset"
    # where every page of the app says "rekenmodel" (the menu "Rekenmodellen").
    from django.template.loader import render_to_string
    from django.utils import translation

    from sroi.portfolio.council_figures import council_figures
    from sroi.portfolio.council_render import council_pdf_context, render_council_xlsx
    from tests.portfolio.council_data import contract_of as council_contract_of
    from tests.portfolio.council_data import place

    buyer = buyer_named()
    place(council_contract_of(buyer), target_group=TargetGroup.PW_LT2, people=2)
    snapshot = council_figures(buyer, 2026)
    with translation.override("nl"):
        html = render_to_string("portfolio/council_report_pdf.html", council_pdf_context(snapshot))
    assert "Soorten invulling" in html
    assert "Gebruikte rekenmodellen" in html
    assert "inzet" not in html
    assert "regelset" not in html.lower()
    book = load_workbook(io.BytesIO(render_council_xlsx(snapshot)))
    assert "Soorten invulling" in book.sheetnames
    assert not [name for name in book.sheetnames if "egelset" in name or "inzet" in name]


def test_the_target_group_filter_names_the_groups_as_the_breakdown_does(
    client: Client, coordinator: User
) -> None:
    # Walked: the select said "zonder arbeidsbeperking < 2 jaar uitkering", the table under it
    # "Participatiewet: zonder arbeidsbeperking < 2 jaar uitkering".
    contract_of(buyer_named())
    client.force_login(coordinator)
    html = client.get(reverse("portfolio:portfolio"), {"doelgroep": "pw_lt2"}).content.decode()
    select = html.split('name="doelgroep"', 1)[1].split("</select>", 1)[0]
    assert '<optgroup label="Participatiewet">' in select
    assert re.search(
        r'<option value="pw_lt2" selected>\s*Participatiewet: zonder arbeidsbeperking &lt; 2',
        select,
    )
    assert '<option value="" >Alle doelgroepen' in select or ">Alle doelgroepen<" in select
    bad = client.get(reverse("portfolio:portfolio"), {"doelgroep": "onbekend"}).content.decode()
    assert "Kies een doelgroep uit de lijst." in bad
