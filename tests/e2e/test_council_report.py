"""The council report in a real browser: a coordinator requests the report of a buyer and
year, the page says it is waiting and refreshes its status by itself; the build runs (the
worker's service, called here); the page then shows the links, and the PDF downloads with its
filename. A wrong year first gets a Dutch message at the field. Every page is checked with axe
(WCAG 2.1 AA), also after the status region changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sroi.accounts.models import User
from sroi.plans.models import Buyer
from sroi.portfolio.council import council_reports_build_due
from sroi.portfolio.models import CouncilReport
from sroi.rules.services import ruleset_import_shipped
from tests.plans.factories import BuyerFactory
from tests.portfolio.council_data import contract_of


@pytest.fixture
def buyer(transactional_db: None) -> Buyer:
    ruleset_import_shipped()
    buyer: Buyer = BuyerFactory(name="Gemeente Hoorn")
    contract_of(buyer)
    return buyer


def test_coordinator_requests_a_council_report_and_gets_the_link(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[..., None],
    coordinator: User,
    buyer: Buyer,
) -> None:
    log_in(coordinator)
    visit(page, "/coordinator/raadsrapportages/")
    page.get_by_label("Opdrachtgever").select_option(label="Gemeente Hoorn")

    page.get_by_label("Jaar").fill("1999")
    with page.expect_event("load"):
        page.get_by_role("button", name="Rapport aanvragen").click()
    assert_accessible(page)
    expect(page.locator("#id_jaar_error")).to_contain_text("Vul een jaar in vanaf 2000.")

    page.get_by_label("Jaar").fill("2026")
    with page.expect_event("load"):
        page.get_by_role("button", name="Rapport aanvragen").click()
    assert_accessible(page)
    report = CouncilReport.objects.get()
    status = page.locator("#council-status")
    expect(status).to_have_attribute("data-status", "queued")
    expect(page.locator("#council-status-region")).to_have_attribute("aria-live", "polite")

    assert council_reports_build_due().ready == 1

    expect(status).to_have_attribute("data-status", "ready")  # the polling brought it
    assert_accessible(page)
    with page.expect_download() as download:
        page.locator("[data-download='pdf']").click()
    assert download.value.suggested_filename == "raadsrapportage-gemeente-hoorn-2026.pdf"

    visit(page, "/coordinator/raadsrapportages/")
    expect(page.locator(f"tr[data-report='{report.pk}']")).to_contain_text("Gemeente Hoorn")
