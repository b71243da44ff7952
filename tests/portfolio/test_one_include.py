"""One include each for what the portfolio page shares: the sortable header of the contract
list (``plans/_sortable_header.html``) and the breakdown tables (``_breakdown_table.html``)."""

from __future__ import annotations

import re

import pytest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.plans.constants import ContractLight
from sroi.plans.models import Buyer
from sroi.rules.services import ruleset_import_shipped
from tests.plans.factories import BuyerFactory
from tests.portfolio.portfolio_data import portfolio_contract


@pytest.fixture
def hoorn(db: None) -> Buyer:
    ruleset_import_shipped()
    return BuyerFactory(name="Gemeente Hoorn")


def _header_cells(html: str) -> list[str]:
    """The header cells of the sorted table (the one whose header has aria-sort)."""
    heads = [h for h in re.findall(r"<thead[^>]*>(.*?)</thead>", html, re.S) if "aria-sort" in h]
    assert len(heads) == 1
    return re.findall(r"<th scope=\"col\".*?</th>", heads[0], re.S)


def _shape(cell: str) -> str:
    """A header cell without its text and values: the markup the include writes."""
    cell = re.sub(r'="[^"]*"', '=""', cell)
    cell = re.sub(r">[^<]*<", "><", cell)
    return " ".join(cell.split())


def test_the_contract_list_and_the_portfolio_share_one_sortable_header(
    client: Client, coordinator: User, hoorn: Buyer, contractor_a: User
) -> None:
    portfolio_contract(contractor_a.organisation, hoorn, 1, light=ContractLight.ON_TRACK)
    client.force_login(coordinator)
    portfolio = client.get(reverse("portfolio:portfolio"), {"sorteer": "-name"}).text
    contracts = client.get(reverse("contracts:contract_list"), {"sorteer": "-name"}).text
    ours, theirs = _header_cells(portfolio), _header_cells(contracts)
    assert ours and theirs
    # The sorted column (with aria-sort) and the others: the same two shapes on both pages.
    assert {_shape(cell) for cell in ours} == {_shape(cell) for cell in theirs}
    assert len({_shape(cell) for cell in ours}) == 2
    for cell in ours + theirs:
        assert "data-column=" in cell and "<a " in cell


def test_the_breakdown_tables_are_one_include(
    client: Client, coordinator: User, hoorn: Buyer, contractor_a: User
) -> None:
    for name in ("portfolio/_effort_table.html", "portfolio/_group_table.html"):
        with pytest.raises(TemplateDoesNotExist):
            get_template(name)
    portfolio_contract(contractor_a.organisation, hoorn, 1, light=ContractLight.ON_TRACK)
    client.force_login(coordinator)
    html = client.get(reverse("portfolio:portfolio")).text
    for table_id, with_totals in (("buyers", True), ("years", True)):
        table = re.search(rf'data-table="{table_id}".*?</table>', html, re.S)
        assert table is not None
        assert ("<tfoot" in table.group(0)) is with_totals
        assert 'data-figure="forecast"' in table.group(0)
        assert 'data-figure="people"' not in table.group(0)
