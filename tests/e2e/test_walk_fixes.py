"""What a walk through the coordinator workspace (issue 7) found, kept fixed.

- An empty required comment field on the review page is not drawn as an error before anyone
  typed (Utrecht styles :invalid in the error colour).
- A table too wide for a phone scrolls in a box that keyboard users can reach and that screen
  readers announce by the table's caption (role="region" with a name).
- The agreement and assessment-moment pages link back to their contract.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sroi.accounts.models import User
from sroi.plans.models import Plan
from sroi.rules.services import ruleset_import_shipped
from tests.plans.factories import PlanFactory


@pytest.fixture
def submitted(transactional_db: None, contractor_a: User) -> Plan:
    ruleset_import_shipped()
    return PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)


def test_an_untouched_required_comment_field_is_not_shown_as_an_error(
    page: Page,
    visit: Callable[..., Any],
    log_in: Callable[..., None],
    coordinator: User,
    submitted: Plan,
) -> None:
    log_in(coordinator)
    visit(page, f"/coordinator/plannen/{submitted.pk}/beoordelen/")
    field = page.locator("form.sroi-comments__form textarea").first
    field_colour = field.evaluate("e => getComputedStyle(e).borderColor")
    search_colour = page.locator("#id_assigned_to, select").first.evaluate(
        "e => getComputedStyle(e).borderColor"
    )
    assert field.evaluate("e => e.required && !e.validity.valid")
    assert field_colour == search_colour


def test_a_wide_table_on_a_phone_scrolls_in_a_named_focusable_region(
    page: Page,
    visit: Callable[..., Any],
    log_in: Callable[..., None],
    coordinator: User,
    submitted: Plan,
) -> None:
    log_in(coordinator)
    page.set_viewport_size({"width": 375, "height": 700})
    visit(page, "/contracten/")
    region = page.get_by_role("region", name="1 contract")
    expect(region).to_have_attribute("tabindex", "0")
    region.focus()
    expect(region).to_be_focused()
    page.keyboard.press("ArrowRight")
    # Keyboard scrolling may be animated: wait for it rather than read it at once.
    page.wait_for_function("e => e.scrollLeft > 0", arg=region.element_handle())
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_agreement_and_moment_pages_link_back_to_the_contract(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[..., None],
    coordinator: User,
    submitted: Plan,
) -> None:
    log_in(coordinator)
    contract = submitted.contract
    visit(page, f"/contracten/{contract.pk}/beoordelingsmomenten/")
    with page.expect_event("load"):
        page.get_by_role("link", name=f"Contract: {contract}", exact=True).click()
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(contract.name)
