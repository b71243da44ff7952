"""A contractor's plan van aanpak in a real browser, from a new plan to the submitted PDF.

Sign in, create a plan, fill it in with the live valuation beside it, leave and come back to
the draft (nothing lost), trigger the error summary, complete, submit, download the PDF.
Every page is checked with axe (WCAG 2.1 AA); the ``page`` fixture also fails on CSP
violations and JavaScript errors (the autosave script and htmx run on these pages).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sroi.accounts.models import User
from sroi.plans.constants import PlanStatus
from sroi.plans.models import Plan
from sroi.rules.services import ruleset_import_shipped
from tests.plans.factories import BuyerFactory

ACTIONS = ".sroi-plan-form__actions"


@pytest.fixture
def _data(transactional_db: None) -> None:
    ruleset_import_shipped()
    BuyerFactory(name="Gemeente Hoorn")


def _obligation(page: Page) -> Any:
    return page.locator('#plan-valuation [data-figure="obligation"]')


def test_contractor_writes_and_submits_a_plan(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[..., None],
    contractor_a: User,
    _data: None,
) -> None:
    log_in(contractor_a)

    # A new plan from the contractor's home.
    visit(page, "/plannen/")
    with page.expect_event("load"):  # a new document, not a URL set by script
        page.locator("a[href='/plannen/nieuw/']").first.click()
    page.wait_for_url("**/plannen/nieuw/")
    assert_accessible(page)
    expect(page.locator("#plan-form")).to_be_visible()
    expect(page.locator(".sroi-plan-form__company")).to_contain_text(
        contractor_a.organisation.name  # type: ignore[union-attr]
    )

    # Contract data; the live valuation follows the typing (EUR 1.000.000 x 5 %).
    page.fill("#id_name", "Onderhoud wegen Hoorn 2026")
    page.select_option("#id_buyer", label="Gemeente Hoorn")
    page.fill("#id_value_eur", "1.000.000,00")
    page.fill("#id_start_date", "2026-01-01")
    page.fill("#id_end_date", "2027-12-31")
    page.fill("#id_sroi_percentage", "5")
    expect(_obligation(page)).to_have_text("EUR 50.000,00")
    expect(page.locator('#plan-valuation [data-warning="indicative_ruleset"]')).to_be_visible()
    expect(page.locator("#plan-valuation [data-coverage='short']")).to_be_visible()

    # One line: 2 x Participatiewet < 2 jaar (EUR 25.000 per full-time year), 36 h, 12 months
    # = 2 x 25.000 = EUR 50.000,00: the obligation is covered.
    page.select_option("#id_lines-0-target_group", "pw_lt2")
    page.fill("#id_lines-0-count", "2")
    page.fill("#id_lines-0-hours_per_week", "36")
    page.fill("#id_lines-0-start_date", "2026-01-01")
    page.fill("#id_lines-0-duration_months", "12")
    expect(page.locator('#plan-valuation [data-figure="total"]')).to_have_text("EUR 50.000,00")
    expect(page.locator("#plan-valuation [data-coverage='covered']")).to_be_visible()
    expect(page.locator("#plan-valuation-summary")).to_contain_text("EUR 50.000,00")
    assert_accessible(page)

    # Save the draft; it becomes a plan with its own address.
    with page.expect_event("load"):  # a new document, not a URL set by script
        page.locator(f"{ACTIONS} button[value='save']").click()
    page.wait_for_url("**/plannen/*/bewerken/")
    assert_accessible(page)
    plan = Plan.objects.get()
    edit_url = f"/plannen/{plan.pk}/bewerken/"

    # Leave and come back: everything is still there.
    visit(page, "/plannen/")
    visit(page, edit_url)
    expect(page.locator("#id_name")).to_have_value("Onderhoud wegen Hoorn 2026")
    expect(page.locator("#id_value_eur")).to_have_value("1.000.000,00")
    expect(page.locator("#id_lines-0-count")).to_have_value("2")
    expect(page.locator("#id_lines-0-duration_months")).to_have_value("12")
    expect(page.locator('#plan-valuation [data-figure="total"]')).to_have_text("EUR 50.000,00")

    # Submitting now fails: no kind of effort, no target group. The summary links the fields.
    with page.expect_event("load"):  # a new document, not a URL set by script
        page.locator(f"{ACTIONS} button[value='submit']").click()
    page.wait_for_load_state()
    assert_accessible(page)
    summary = page.locator(".sroi-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#id_effort_kinds']")).to_have_text(
        "Soort invulling: Kies ten minste één soort invulling."
    )
    expect(page.locator("#id_effort_kinds_error")).to_be_visible()
    summary.locator("a[href='#id_effort_kinds']").click()
    expect(page.locator("#id_effort_kinds_0")).to_be_focused()

    # Complete the plan and submit it.
    page.check("input[name='effort_kinds'][value='jobs']")
    page.check("input[name='target_groups'][value='pw_lt2']")
    page.fill("#id_work_description", "Grondwerk, bestrating en groenonderhoud.")
    with page.expect_event("load"):  # a new document, not a URL set by script
        page.locator(f"{ACTIONS} button[value='submit']").click()
    page.wait_for_url(f"**/plannen/{plan.pk}/")
    assert_accessible(page)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED

    # The submitted version as a PDF.
    link = page.locator(f"a[href='/plannen/{plan.pk}/versies/1/pdf/']").first
    with page.expect_download() as download_info:
        link.click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF-")


def test_autosave_keeps_a_new_plan_without_pressing_a_button(
    page: Page,
    visit: Callable[..., Any],
    log_in: Callable[..., None],
    contractor_a: User,
    _data: None,
) -> None:
    log_in(contractor_a)
    visit(page, "/plannen/nieuw/")
    page.fill("#id_name", "Automatisch bewaard")
    page.locator("#id_name").blur()  # a change event: autosave follows shortly
    status = page.locator("#plan-autosave-status")
    expect(status).to_contain_text(":")
    plan = Plan.objects.get()
    assert plan.contract.name == "Automatisch bewaard"
    # The page now belongs to the plan: its address and the form's target are the edit page.
    expect(page).to_have_url(re.compile(rf"/plannen/{plan.pk}/bewerken/$"))
    edit_path = f"/plannen/{plan.pk}/bewerken/"

    def _is_autosave(response: Any) -> bool:
        request = response.request
        return bool(
            request.method == "POST"
            and request.url.endswith(edit_path)
            and "autosave" in (request.post_data or "")
        )

    # Wait for the autosave itself (no fixed sleep): its POST to the edit page and the answer.
    with page.expect_response(_is_autosave) as autosave:
        page.fill("#id_name", "Automatisch bewaard, tweede keer")
        page.locator("#id_name").blur()
    assert autosave.value.status == 200
    assert autosave.value.json()["ok"] is True
    expect(status).to_contain_text(":")
    assert Plan.objects.count() == 1
    plan.contract.refresh_from_db()
    assert plan.contract.name == "Automatisch bewaard, tweede keer"
