"""The coordinator's inbox and review page in a real browser.

The coordinator opens the inbox, filters on the contractor, opens a submitted plan (version 2)
whose review page shows what changed against version 1, comments on two sections and asks
for changes. The contractor sees each comment at the section it concerns, on the plan page
and in the plan form. axe (WCAG 2.1 AA) checks every page.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sroi.accounts.models import User
from sroi.plans import services, services_review
from sroi.plans.constants import PlanStatus
from sroi.plans.models import Plan, PlanComment
from sroi.rules.services import ruleset_import_shipped
from tests.plans.factories import PlanFactory

LINES_COMMENT = "Waarom gaat het aantal uren per week omlaag naar 24?"
PSO_COMMENT = "Stuur het PSO-certificaat mee als bijlage."


@pytest.fixture
def version_two(transactional_db: None, contractor_a: User, contractor_b: User) -> Plan:
    """Contractor A's plan: version 1 at 36 h/week sent back, version 2 at 24 h/week
    submitted. Contractor B has a submitted plan of its own (filtered out)."""
    ruleset_import_shipped()
    plan = PlanFactory(
        contract__organisation=contractor_a.organisation,
        contract__name="Groenonderhoud Hoorn",
        changes_requested=True,
    )
    line = plan.lines.get()
    services.plan_save_draft(
        acting_user=contractor_a,
        plan=plan,
        lines=[
            {
                "id": line.pk,
                "target_group": line.target_group,
                "count": 1,
                "hours_per_week": Decimal("24"),
                "start_date": line.start_date,
                "end_date": line.end_date,
            }
        ],
    )
    services.plan_submit(acting_user=contractor_a, plan=plan)
    PlanFactory(contract__organisation=contractor_b.organisation, submitted=True)
    plan.refresh_from_db()
    assert (plan.status, plan.current_version) == (PlanStatus.SUBMITTED, 2)
    return plan


def test_coordinator_filters_reviews_and_comments_per_section(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[..., None],
    new_page: Callable[..., Page],
    coordinator: User,
    contractor_a: User,
    version_two: Plan,
) -> None:
    plan = version_two
    other = Plan.objects.exclude(pk=plan.pk).get()
    log_in(coordinator)

    # --- The inbox, filtered on contractor A. ----------------------------------------------
    visit(page, "/coordinator/")
    expect(page.locator(f"tr[data-plan='{other.pk}']")).to_be_visible()
    expect(page.locator("[data-status='submitted']")).to_contain_text("Ingediend (2)")
    page.locator("#id_organisation").select_option(label="Bouwbedrijf A B.V.")
    with page.expect_event("load"):
        page.get_by_role("button", name="Filteren").click()
    assert_accessible(page)
    assert f"organisation={contractor_a.organisation_id}" in page.url
    expect(page.locator(f"tr[data-plan='{other.pk}']")).to_have_count(0)
    row = page.locator(f"tr[data-plan='{plan.pk}']")
    expect(row).to_contain_text("versie 2")

    # --- The review page: version 2 beside version 1, the change in words. ------------------
    with page.expect_event("load"):
        row.get_by_role("link", name="Groenonderhoud Hoorn", exact=True).click()
    page.wait_for_url(f"**/coordinator/plannen/{plan.pk}/beoordelen/")
    assert_accessible(page)
    expect(page.get_by_text("vergeleken met versie 1")).to_be_visible()
    changed_line = page.locator("#review-lines tr[data-change='changed']")
    expect(changed_line).to_contain_text("gewijzigd")
    expect(changed_line).to_contain_text("Uren per week: 36")
    expect(changed_line).to_contain_text("Uren per week: 24")

    # --- A comment on two sections. ------------------------------------------------------
    for code, text in (("lines", LINES_COMMENT), ("pso", PSO_COMMENT)):
        page.locator(f"#id_{code}-body").fill(text)
        with page.expect_event("load"):
            page.locator(f"#review-{code} form.sroi-comments__form button").click()
        assert_accessible(page)
        expect(page.locator(f"#review-{code} li[data-draft]")).to_contain_text(text)
    expect(page.get_by_text("2 opmerkingen worden meegestuurd")).to_be_visible()

    # --- Ask for changes (the comments are enough, no note needed). ------------------------
    with page.expect_event("load"):
        page.get_by_role("button", name="Wijziging vragen").click()
    page.wait_for_url(f"**/plannen/{plan.pk}/")
    assert_accessible(page)
    expect(page.locator(".sroi-badge[data-status]")).to_have_text("Wijziging gevraagd")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CHANGES_REQUESTED
    assert PlanComment.objects.filter(plan=plan, sent_with__isnull=False).count() == 2

    # --- The contractor sees each comment at its section. ---------------------------------
    contractor_page = new_page(user=contractor_a)
    visit(contractor_page, f"/plannen/{plan.pk}/")
    expect(contractor_page.locator("[data-section-comments='lines']")).to_contain_text(
        LINES_COMMENT
    )
    expect(contractor_page.locator("[data-section-comments='pso']")).to_contain_text(PSO_COMMENT)
    visit(contractor_page, f"/plannen/{plan.pk}/bewerken/")
    expect(contractor_page.locator("#candidates [data-section-comments='lines']")).to_contain_text(
        LINES_COMMENT
    )
    expect(contractor_page.locator("#section-pso [data-section-comments='pso']")).to_contain_text(
        PSO_COMMENT
    )
    expect(contractor_page.locator("[data-section-comments]")).to_have_count(2)


def test_four_eyes_approval_in_the_browser(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[..., None],
    coordinator: User,
    version_two: Plan,
    settings: Any,
) -> None:
    """The first coordinator's approval waits; the review page says they cannot confirm it."""
    settings.SROI_FOUR_EYES = True
    services_review.plan_approve(acting_user=coordinator, plan=version_two)
    log_in(coordinator)
    visit(page, f"/coordinator/plannen/{version_two.pk}/beoordelen/")
    expect(page.get_by_text("U hebt de eerste goedkeuring zelf gegeven")).to_be_visible()
    expect(page.get_by_role("button", name="Goedkeuring bevestigen")).to_have_count(0)
