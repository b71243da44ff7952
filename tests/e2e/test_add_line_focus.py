"""After "Regel toevoegen" the browser lands on the new line and focuses its first field."""

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
def plan_a(transactional_db: None, contractor_a: User) -> Plan:
    ruleset_import_shipped()
    return PlanFactory(contract__organisation=contractor_a.organisation)


@pytest.mark.parametrize(
    ("button", "anchor", "first_field"),
    [
        ("Regel voor een doelgroep toevoegen", "candidates-new", "#id_lines-1-target_group"),
        ("Regel voor inkoop of uren toevoegen", "efforts-new", "#id_lines-1-block_code"),
    ],
)
def test_add_line_focuses_the_first_field_of_the_new_line(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[..., None],
    contractor_a: User,
    plan_a: Plan,
    button: str,
    anchor: str,
    first_field: str,
) -> None:
    log_in(contractor_a)
    visit(page, f"/plannen/{plan_a.pk}/bewerken/")

    with page.expect_navigation(url=f"**#{anchor}"):
        page.get_by_role("button", name=button).click()
    assert_accessible(page)

    field = page.locator(first_field)
    expect(field).to_be_focused()
    expect(field).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0  # not the top of the page
