"""The coordinator's review of a submitted plan van aanpak, in a real browser, end to end.

Contractor A has submitted a plan (version 1). The coordinator finds it in the list with the
status filter (keyboard only), downloads the PDF of version 1 and asks for changes with a note
(keyboard only). Contractor A sees the request and the note, changes the hours of the line and
submits again (version 2). The coordinator sees both versions, each frozen as submitted, and
approves. Contractor B can open neither the plan nor its PDF. Every page visited, the error
pages included, is checked with axe (WCAG 2.1 AA).

Values worked by hand (NHN indicative rule set, Participatiewet < 2 jaar = EUR 25,000 per
full-time year of 36 h/week): contract EUR 1,000,000 x 5 % -> obligation EUR 50,000.00.
Version 1: one candidate 18 h/week, 2026-01-01..2026-12-31 (12 months)
  -> 25,000 x 18/36 x 12/12 x 1 = EUR 12,500.00.
Version 2: the same line at 36 h/week -> 25,000 x 36/36 x 12/12 x 1 = EUR 25,000.00.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sroi.accounts.models import User
from sroi.plans import services
from sroi.plans.constants import EffortKind, PlanStatus, TargetGroup
from sroi.plans.models import Plan
from sroi.rules.services import ruleset_import_shipped

CONTRACT_NAME = "Groenonderhoud Alkmaar 2026"
NOTE = "Graag het aantal uren per week aanvullen"
ACTIONS = ".sroi-plan-form__actions"


def _contract_data(name: str, buyer: Any) -> dict[str, Any]:
    return {
        "name": name,
        "buyer": buyer,
        "value_eur": Decimal("1000000.00"),
        "start_date": date(2026, 1, 1),
        "end_date": date(2027, 12, 31),
        "sroi_percentage": Decimal("5.00"),
    }


def _plan(user: User, contract_name: str, buyer: Any) -> Plan:
    """A complete draft plan of ``user``'s organisation: one candidate at 18 h/week."""
    contract = services.contract_create(
        acting_user=user,
        organisation=user.organisation,  # type: ignore[arg-type]
        data=_contract_data(contract_name, buyer),
    )
    return services.plan_create(
        acting_user=user,
        contract=contract,
        data={
            "effort_kinds": [EffortKind.JOBS.value],
            "target_groups": [TargetGroup.PW_LT2.value],
            "work_description": "Maaien, snoeien en onderhoud van plantsoenen.",
        },
        lines=[
            {
                "target_group": TargetGroup.PW_LT2.value,
                "count": 1,
                "hours_per_week": Decimal("18"),
                "start_date": date(2026, 1, 1),
                "end_date": date(2026, 12, 31),
            }
        ],
    )


@pytest.fixture
def submitted_plan(
    transactional_db: None, contractor_a: User, contractor_b: User, coordinator: User
) -> Plan:
    """Contractor A's plan, submitted (version 1); contractor B has a draft of its own."""
    ruleset_import_shipped()
    buyer = services.buyer_create(acting_user=coordinator, name="Gemeente Alkmaar")
    plan = _plan(contractor_a, CONTRACT_NAME, buyer)
    services.plan_submit(acting_user=contractor_a, plan=plan)
    # Not submitted: the status filter must leave it out of the coordinator's list.
    _plan(contractor_b, "Schoonmaak stadhuis Alkmaar", buyer)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.current_version == 1
    return plan


def test_coordinator_reviews_a_plan_through_two_versions(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[..., None],
    new_page: Callable[..., Page],
    coordinator: User,
    contractor_a: User,
    contractor_b: User,
    submitted_plan: Plan,
) -> None:
    plan = submitted_plan
    detail_url = f"/plannen/{plan.pk}/"
    pdf_url = f"/plannen/{plan.pk}/versies/1/pdf/"
    other = Plan.objects.exclude(pk=plan.pk).get()

    # --- The coordinator finds the plan with the status filter, by keyboard only. -----------
    log_in(coordinator)
    visit(page, "/plannen/")
    expect(page.locator(f"tr[data-plan='{other.pk}']")).to_be_visible()  # unfiltered: both
    status = page.locator("#id_status")
    status.focus()
    page.keyboard.type("Ingediend")  # a closed <select> selects the option typed
    expect(status).to_have_value(PlanStatus.SUBMITTED)
    page.keyboard.press("Tab")
    expect(page.locator("#id_q")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Filteren")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/plannen/\?status=submitted"))
    assert_accessible(page)
    expect(page.locator("#id_status")).to_have_value(PlanStatus.SUBMITTED)
    row = page.locator(f"tr[data-plan='{plan.pk}']")
    expect(row).to_contain_text("Ingediend")
    expect(row).to_contain_text("Bouwbedrijf A B.V.")
    expect(page.locator(f"tr[data-plan='{other.pk}']")).to_have_count(0)
    expect(page.locator("tbody tr")).to_have_count(1)

    # --- It opens the plan: submitted, version 1, with its PDF. ----------------------------
    with page.expect_event("load"):  # a new document, not a URL set by script
        row.get_by_role("link", name=CONTRACT_NAME, exact=True).click()
    page.wait_for_url(f"**{detail_url}")
    assert_accessible(page)
    expect(page.locator(".sroi-badge[data-status]")).to_have_text("Ingediend")
    expect(page.get_by_text("Laatst ingediend: versie 1.")).to_be_visible()
    with page.expect_download() as download_info:
        page.locator(f"a[href='{pdf_url}']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    assert download.path().read_bytes().startswith(b"%PDF-")

    # --- On the review page it asks for changes, by keyboard only: first without a note or a
    # comment (refused), then with a note. ---------------------------------------------------
    with page.expect_event("load"):
        page.get_by_role("link", name="Plan beoordelen").click()
    page.wait_for_url(f"**/coordinator/plannen/{plan.pk}/beoordelen/")
    assert_accessible(page)
    page.locator("#id_note").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Goedkeuren")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Wijziging vragen")).to_be_focused()
    with page.expect_navigation(url=f"**/plannen/{plan.pk}/wijzigingen-vragen/") as refused:
        page.keyboard.press("Enter")
    assert refused.value is not None and refused.value.status == 400
    assert_accessible(page)
    summary = page.locator(".sroi-error-summary")
    expect(summary).to_be_focused()
    summary_link = summary.locator("a[href='#id_note']")
    expect(summary_link).to_contain_text("Schrijf op wat de opdrachtnemer moet wijzigen.")
    expect(page.locator("#id_note_error")).to_be_visible()
    expect(page.locator("#id_note")).to_have_attribute("aria-invalid", "true")
    page.keyboard.press("Tab")
    expect(summary_link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_note")).to_be_focused()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED  # nothing changed
    page.keyboard.type(NOTE)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Goedkeuren")).to_be_focused()
    page.keyboard.press("Tab")
    request_changes = page.get_by_role("button", name="Wijziging vragen")
    expect(request_changes).to_be_focused()
    # The form posts and redirects back to the same address: wait for that new page's load.
    with page.expect_navigation(url=f"**{detail_url}"):
        page.keyboard.press("Enter")
    assert_accessible(page)
    expect(page.locator(".sroi-badge[data-status]")).to_have_text("Wijziging gevraagd")
    expect(page.locator("#decide-heading")).to_have_count(0)  # nothing left to decide
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CHANGES_REQUESTED

    # --- Contractor A sees the request and the note, changes the hours, submits again. -----
    contractor_page = new_page(user=contractor_a)
    visit(contractor_page, detail_url)
    expect(contractor_page.locator(".sroi-badge[data-status]")).to_have_text("Wijziging gevraagd")
    expect(contractor_page.locator("li[data-event='request_changes']")).to_contain_text(NOTE)
    with contractor_page.expect_event("load"):  # a new document, not a URL set by script
        contractor_page.get_by_role("link", name="Plan wijzigen").click()
    contractor_page.wait_for_url(f"**/plannen/{plan.pk}/bewerken/")
    assert_accessible(contractor_page)
    total = contractor_page.locator('#plan-valuation [data-figure="total"]')
    expect(total).to_have_text("EUR 12.500,00")
    contractor_page.fill("#id_lines-0-hours_per_week", "36")
    expect(total).to_have_text("EUR 25.000,00")  # the live valuation follows
    with contractor_page.expect_event("load"):  # a new document, not a URL set by script
        contractor_page.locator(f"{ACTIONS} button[value='submit']").click()
    contractor_page.wait_for_url(f"**{detail_url}")
    assert_accessible(contractor_page)
    expect(contractor_page.locator(".sroi-badge[data-status]")).to_have_text("Ingediend")
    expect(contractor_page.get_by_text("Laatst ingediend: versie 2.")).to_be_visible()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.current_version == 2

    # --- The coordinator sees both versions; each is frozen as it was submitted. -----------
    visit(page, detail_url)
    expect(page.locator(".sroi-badge[data-status]")).to_have_text("Ingediend")
    versions = page.locator("tr[data-version]")
    expect(versions).to_have_count(2)
    expect(page.locator("tr[data-version='1']")).to_contain_text("Versie 1")
    expect(page.locator("tr[data-version='2']")).to_contain_text("Versie 2")

    with page.expect_event("load"):  # a new document, not a URL set by script
        page.locator("tr[data-version='1']").get_by_role(
            "link", name="Versie 1", exact=True
        ).click()
    page.wait_for_url(f"**/plannen/{plan.pk}/versies/1/")
    assert_accessible(page)
    expect(page.get_by_text("Dit is niet de nieuwste versie (dat is versie 2).")).to_be_visible()
    expect(page.locator('[data-figure="line-value"]')).to_have_text(["EUR 12.500,00"])
    expect(page.locator('[data-figure="total"]')).to_have_text("EUR 12.500,00")
    expect(page.locator('[data-figure="obligation_net"]')).to_have_text("EUR 50.000,00")

    visit(page, f"/plannen/{plan.pk}/versies/2/")
    expect(page.get_by_text("Dit is niet de nieuwste versie")).to_have_count(0)
    expect(page.locator('[data-figure="line-value"]')).to_have_text(["EUR 25.000,00"])
    expect(page.locator('[data-figure="total"]')).to_have_text("EUR 25.000,00")

    # --- It approves the plan, on the review page. ------------------------------------------
    visit(page, f"/coordinator/plannen/{plan.pk}/beoordelen/")
    # A confirmation step: the plan covers half the obligation, so an explicit yes is needed.
    with page.expect_navigation(url=f"**/plannen/{plan.pk}/goedkeuren/"):
        page.get_by_role("button", name="Goedkeuren").click()
    assert_accessible(page)
    expect(page.locator("[data-warning='shortfall']")).to_contain_text("50,0 %")
    page.get_by_label("Ik keur dit plan goed, hoewel").check()
    with page.expect_navigation(url=f"**{detail_url}"):
        page.get_by_role("button", name="Ja, keur het plan goed").click()
    assert_accessible(page)
    expect(page.locator(".sroi-badge[data-status]")).to_have_text("Goedgekeurd")
    expect(page.locator("#decide-heading")).to_have_count(0)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.versions.count() == 2

    # --- Contractor B sees none of it: not in its list, no page, no PDF, no version. -------
    outsider = new_page(user=contractor_b)
    visit(outsider, "/plannen/")
    expect(outsider.locator(f"tr[data-plan='{other.pk}']")).to_be_visible()
    expect(outsider.locator(f"tr[data-plan='{plan.pk}']")).to_have_count(0)
    visit(outsider, detail_url, status=404)
    visit(outsider, pdf_url, status=404)
    visit(outsider, f"/plannen/{plan.pk}/versies/2/pdf/", status=404)
    visit(outsider, f"/plannen/{plan.pk}/versies/1/", status=404)
