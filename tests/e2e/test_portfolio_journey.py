"""The coordinator's portfolio in a real browser: open it from the menu, filter on a buyer and
a traffic light, sort by a column, see the URL keep both, export the filtered contracts as
Excel, open the council reports, and drill down to a contract; a bad value answered at its
field; axe (WCAG 2.1 AA) on every page. (The council report's own journey, from request to
download, is tests/e2e/test_council_report.py.)

Four contracts of record with stored figures (tests/portfolio/portfolio_data.py): two of
Gemeente Hoorn (behind, on track), one of Gemeente Hoorn at risk and one of Gemeente
Enkhuizen behind.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from sroi.accounts.models import User
from sroi.plans.constants import ContractLight
from sroi.plans.models import Contract
from sroi.rules.services import ruleset_import_shipped
from tests.plans.factories import BuyerFactory
from tests.portfolio.portfolio_data import portfolio_contract


@pytest.fixture
def contracts(transactional_db: None, contractor_a: User) -> dict[str, Contract]:
    ruleset_import_shipped()
    hoorn = BuyerFactory(name="Gemeente Hoorn")
    enkhuizen = BuyerFactory(name="Gemeente Enkhuizen")
    organisation = contractor_a.organisation
    return {
        "small": portfolio_contract(
            organisation, hoorn, 1, light=ContractLight.BEHIND, realised_eur=Decimal("100.00")
        ),
        "large": portfolio_contract(
            organisation, hoorn, 2, light=ContractLight.BEHIND, realised_eur=Decimal("9000.00")
        ),
        "on_track": portfolio_contract(organisation, hoorn, 3, light=ContractLight.ON_TRACK),
        "elsewhere": portfolio_contract(organisation, enkhuizen, 4, light=ContractLight.BEHIND),
    }


def _rows(page: Page) -> list[str]:
    return [
        row.get_attribute("data-contract") or ""
        for row in page.locator("table[data-table='contracts'] tbody tr").all()
    ]


def test_coordinator_filters_sorts_and_drills_down(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[..., None],
    coordinator: User,
    contracts: dict[str, Contract],
) -> None:
    log_in(coordinator)

    # --- From the menu to the portfolio: every contract, the charts and their tables. -------
    visit(page, "/contracten/")
    with page.expect_event("load"):
        page.get_by_role("link", name="Portefeuille", exact=True).click()
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Portefeuille")
    assert len(_rows(page)) == 4
    expect(page.locator("svg[data-chart='lights']")).to_be_visible()
    expect(page.locator("table[data-table='lights'] tr[data-light='behind']")).to_contain_text("3")

    # --- Filter on a buyer and a light. -----------------------------------------------------
    page.locator("#id_koper").select_option(label="Gemeente Hoorn")
    page.locator("#id_stoplicht").select_option(value="behind")
    with page.expect_event("load"):
        page.get_by_role("button", name="Filteren").click()
    assert_accessible(page)
    assert sorted(_rows(page)) == sorted(str(contracts[k].pk) for k in ("small", "large"))
    expect(page.locator("#id_koper")).to_have_value(str(contracts["small"].buyer_id))

    # --- Sort by realised, then the other way round: the URL keeps the filter. -------------
    header = page.locator("th[data-column='realised']")
    with page.expect_event("load"):
        header.get_by_role("link").click()
    assert_accessible(page)
    expect(page.locator("th[data-column='realised']")).to_have_attribute("aria-sort", "ascending")
    assert _rows(page) == [str(contracts["small"].pk), str(contracts["large"].pk)]
    with page.expect_event("load"):
        page.locator("th[data-column='realised']").get_by_role("link").click()
    assert_accessible(page)
    expect(page.locator("th[data-column='realised']")).to_have_attribute("aria-sort", "descending")
    assert _rows(page) == [str(contracts["large"].pk), str(contracts["small"].pk)]
    query = parse_qs(urlparse(page.url).query)
    assert query == {
        "koper": [str(contracts["small"].buyer_id)],
        "stoplicht": ["behind"],
        "sorteer": ["-realised"],
    }

    # --- Export the filtered contracts as Excel: the file holds exactly those rows. --------
    with page.expect_download() as download:
        page.get_by_role("link", name="Contracten als Excel (.xlsx)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()), read_only=True)
    names = [row[1] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted(contracts[k].name for k in ("small", "large"))

    # --- The council reports are one link away. -------------------------------------------
    with page.expect_event("load"):
        page.locator("[data-council-link] a").click()
    assert_accessible(page)
    page.wait_for_url("**/coordinator/raadsrapportages/")
    page.go_back()
    page.wait_for_url("**/coordinator/portefeuille/?*")
    assert_accessible(page)

    # --- A bad value: the message at its field, the list still there. ----------------------
    visit(page, page.url + "&jaar=99999")
    expect(page.locator("#id_jaar_error")).to_contain_text("Vul een jaar in tot en met 2100.")
    assert len(_rows(page)) == 2

    # --- Drill down to the contract. ------------------------------------------------------
    large = contracts["large"]
    with page.expect_event("load"):
        page.locator(f"tr[data-contract='{large.pk}']").get_by_role("link", name=large.name).click()
    page.wait_for_url(f"**/contracten/{large.pk}/")
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(large.name)
