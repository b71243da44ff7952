"""The coordinator workspace in a real browser, from registration to accepted agreements.

Four eyes on (``SROI_FOUR_EYES``; the live server runs in this process, so the ``settings``
fixture reaches it). The coordinator registers a contract (EUR 1,000,000.00 at 5 %: an
obligation of EUR 50,000.00) and invites the contractor; the contractor (an existing user of
that organisation) fills in the plan (2 x Participatiewet at 36 h/week for a year: 2 x
25,000 = EUR 50,000.00) and submits it; the coordinator comments on two sections and asks
for changes; the contractor sees the comments at those sections, changes the line to 3
candidates at 24 h/week (3 x 25,000 x 24/36 = EUR 50,000.00) and submits version 2; the
coordinator sees the change against version 1 and gives the first approval, a second
coordinator confirms it; the coordinator draws up the agreements from the plan page, sends
them and plans the default assessment moments; the contractor accepts by typing its name.
Both sides, and the buyer's contract manager, see the accepted version on the contract page,
whose timeline holds the whole story. axe (WCAG 2.1 AA) checks every page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion, AssessmentMoment
from sroi.plans.constants import PlanStatus
from sroi.plans.models import Buyer, Contract, Plan, PlanComment
from sroi.rules.services import ruleset_import_shipped
from tests.factories import UserFactory
from tests.plans.factories import BuyerFactory, buyer_user_of

NAME = "Onderhoud bruggen Hoorn 2026"
LINES_COMMENT = "Kunt u de kandidaten over meer mensen verdelen, met minder uren per week?"
PSO_COMMENT = "Heeft u een PSO-certificaat? Vermeld dan de trede."
ACTIONS = ".sroi-plan-form__actions"


@pytest.fixture
def world(transactional_db: None, settings: Any) -> Buyer:
    settings.SROI_FOUR_EYES = True
    ruleset_import_shipped()
    return BuyerFactory(name="Gemeente Hoorn")


@pytest.fixture
def second_coordinator(transactional_db: None) -> User:
    return UserFactory(
        email="tweede@werksaam.example.org", full_name="Koen Kramer", coordinator=True
    )


def _load(page: Page, assert_accessible: Callable[[Page], None], click: Callable[[], Any]) -> None:
    """A click that loads a page, then axe."""
    with page.expect_event("load"):
        click()
    assert_accessible(page)


def _nav(page: Page) -> Any:
    return page.get_by_role("navigation", name="Hoofdmenu")


def test_contract_from_registration_to_accepted_agreements(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[..., None],
    new_page: Callable[..., Page],
    coordinator: User,
    second_coordinator: User,
    contractor_a: User,
    world: Buyer,
) -> None:
    # --- 1. The coordinator registers the contract and invites the contractor. -------------
    log_in(coordinator)
    visit(page, "/coordinator/")
    for item in ("Inbox", "Contracten", "Plannen", "Mijn agenda"):
        expect(_nav(page).get_by_role("link", name=item, exact=True)).to_be_visible()
    _load(page, assert_accessible, _nav(page).get_by_role("link", name="Contracten").click)
    _load(
        page,
        assert_accessible,
        page.get_by_role("link", name="Contract vastleggen").click,
    )
    page.get_by_label("Contractnaam").fill(NAME)
    page.locator("#id_buyer").select_option(label="Gemeente Hoorn")
    page.locator("#id_reference").fill("HRN-2026-041")
    page.locator("#id_value_eur").fill("1.000.000,00")
    page.locator("#id_start_date").fill("2026-01-01")
    page.locator("#id_end_date").fill("2027-12-31")
    page.locator("#id_sroi_percentage").fill("5")
    page.locator("#id_organisation").select_option(label="Bouwbedrijf A B.V.")
    page.locator("#id_invite").check()
    page.locator("#id_invite_email").fill("inkoop@bouw-a.example.org")
    _load(page, assert_accessible, page.get_by_role("button", name="Contract vastleggen").click)
    contract = Contract.objects.get(name=NAME)
    plan = Plan.objects.get(contract=contract)
    contract_url = f"/contracten/{contract.pk}/"
    page.wait_for_url(f"**{contract_url}")
    expect(page.locator("[data-figure='obligation']")).to_have_text("EUR 50.000,00")
    expect(page.locator("#contract-agreements")).to_contain_text(
        "Voor dit contract zijn nog geen afspraken opgesteld."
    )
    expect(page.locator("#contract-moments")).to_contain_text(
        "Er zijn nog geen beoordelingsmomenten gepland."
    )

    # --- 2. The contractor finds the contract, fills in the plan and submits it. -----------
    contractor = new_page(contractor_a)
    visit(contractor, "/contracten/")
    for item in ("Contracten", "Plannen", "Mijn agenda"):
        expect(_nav(contractor).get_by_role("link", name=item, exact=True)).to_be_visible()
    expect(_nav(contractor).get_by_role("link", name="Inbox")).to_have_count(0)
    _load(contractor, assert_accessible, contractor.get_by_role("link", name=NAME).click)
    _load(
        contractor,
        assert_accessible,
        contractor.get_by_role("link", name="Open het plan van aanpak").click,
    )
    _load(contractor, assert_accessible, contractor.get_by_role("link", name="Plan wijzigen").click)
    expect(contractor.locator("#id_name")).to_be_disabled()
    contractor.check("input[name='effort_kinds'][value='jobs']")
    contractor.check("input[name='target_groups'][value='pw_lt2']")
    contractor.fill("#id_work_description", "Onderhoud en schilderwerk aan bruggen.")
    contractor.select_option("#id_lines-0-target_group", "pw_lt2")
    contractor.fill("#id_lines-0-count", "2")
    contractor.fill("#id_lines-0-hours_per_week", "36")
    contractor.fill("#id_lines-0-start_date", "2026-01-01")
    contractor.fill("#id_lines-0-duration_months", "12")
    expect(contractor.locator('#plan-valuation [data-figure="total"]')).to_have_text(
        "EUR 50.000,00"
    )
    _load(
        contractor, assert_accessible, contractor.locator(f"{ACTIONS} button[value='submit']").click
    )
    contractor.wait_for_url(f"**/plannen/{plan.pk}/")
    expect(contractor.locator(".sroi-badge[data-status]").first).to_have_text("Ingediend")

    # --- 3. The coordinator reviews: comments on two sections, asks for changes. -----------
    visit(page, "/coordinator/")
    row = page.locator(f"tr[data-plan='{plan.pk}']")
    expect(row.get_by_role("link", name=f"Contract {NAME}")).to_have_attribute("href", contract_url)
    _load(page, assert_accessible, row.get_by_role("link", name=NAME, exact=True).click)
    page.wait_for_url(f"**/coordinator/plannen/{plan.pk}/beoordelen/")
    for code, text in (("lines", LINES_COMMENT), ("pso", PSO_COMMENT)):
        page.locator(f"#id_{code}-body").fill(text)
        _load(
            page,
            assert_accessible,
            page.locator(f"#review-{code} form.sroi-comments__form button").click,
        )
        expect(page.locator(f"#review-{code} li[data-draft]")).to_contain_text(text)
    _load(page, assert_accessible, page.get_by_role("button", name="Wijziging vragen").click)
    page.wait_for_url(f"**/plannen/{plan.pk}/")
    expect(page.locator(".sroi-badge[data-status]").first).to_have_text("Wijziging gevraagd")

    # --- 4. The contractor sees the comments at their sections, changes and resubmits. ------
    visit(contractor, f"/plannen/{plan.pk}/")
    expect(contractor.locator("[data-section-comments='lines']")).to_contain_text(LINES_COMMENT)
    expect(contractor.locator("[data-section-comments='pso']")).to_contain_text(PSO_COMMENT)
    _load(contractor, assert_accessible, contractor.get_by_role("link", name="Plan wijzigen").click)
    expect(contractor.locator("#candidates [data-section-comments='lines']")).to_contain_text(
        LINES_COMMENT
    )
    contractor.fill("#id_lines-0-count", "3")
    contractor.fill("#id_lines-0-hours_per_week", "24")
    expect(contractor.locator('#plan-valuation [data-figure="total"]')).to_have_text(
        "EUR 50.000,00"
    )
    _load(
        contractor, assert_accessible, contractor.locator(f"{ACTIONS} button[value='submit']").click
    )
    contractor.wait_for_url(f"**/plannen/{plan.pk}/")
    plan.refresh_from_db()
    assert (plan.status, plan.current_version) == (PlanStatus.SUBMITTED, 2)

    # --- 5. The coordinator sees the change against version 1 and approves (first). --------
    visit(page, "/coordinator/")
    _load(
        page,
        assert_accessible,
        page.locator(f"tr[data-plan='{plan.pk}']").get_by_role("link", name=NAME, exact=True).click,
    )
    expect(page.get_by_text("vergeleken met versie 1")).to_be_visible()
    changed = page.locator("#review-lines tr[data-change='changed']")
    expect(changed).to_contain_text("Uren per week: 36")
    expect(changed).to_contain_text("Uren per week: 24")
    _load(page, assert_accessible, page.get_by_role("button", name="Goedkeuren").click)
    _load(page, assert_accessible, page.get_by_role("button", name="Ja, keur het plan goed").click)
    page.wait_for_url(f"**/plannen/{plan.pk}/")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVAL_PENDING
    assert plan.first_approved_by == coordinator

    # --- 6. A second coordinator confirms the approval. ------------------------------------
    second = new_page(second_coordinator)
    visit(second, f"/coordinator/plannen/{plan.pk}/beoordelen/")
    _load(
        second, assert_accessible, second.get_by_role("button", name="Goedkeuring bevestigen").click
    )
    _load(
        second, assert_accessible, second.get_by_role("button", name="Ja, keur het plan goed").click
    )
    second.wait_for_url(f"**/plannen/{plan.pk}/")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED

    # --- 7. The coordinator draws up the agreements from the plan page and sends them. ------
    visit(page, f"/plannen/{plan.pk}/")
    expect(page.get_by_role("link", name="Naar het contract")).to_have_attribute(
        "href", contract_url
    )
    _load(
        page,
        assert_accessible,
        page.get_by_role("link", name="Prestatieafspraken opstellen").click,
    )
    _load(
        page,
        assert_accessible,
        page.get_by_role("button", name="Afspraken opstellen uit het goedgekeurde plan").click,
    )
    expect(page.get_by_role("heading", name="Voorstel (versie 1)")).to_be_visible()
    expect(page.locator("[data-obligation]")).to_have_text("EUR 50.000,00")
    expect(page.locator("[data-total]")).to_have_text("EUR 50.000,00")
    expect(page.locator("[data-shortfall]")).to_have_count(0)  # covered: no difference to record
    _load(
        page,
        assert_accessible,
        page.get_by_role("button", name="Voorstel naar de opdrachtnemer versturen").click,
    )
    expect(page.get_by_text("Het voorstel is naar de opdrachtnemer verstuurd.")).to_be_visible()

    # ... and plans the default assessment moments, from the contract page.
    _load(page, assert_accessible, page.get_by_role("link", name=f"Contract: {NAME}").click)
    page.wait_for_url(f"**{contract_url}")
    expect(page.locator("#contract-agreements")).to_contain_text("Voorstel (versie 1)")
    _load(
        page,
        assert_accessible,
        page.get_by_role("link", name="Beoordelingsmomenten plannen of houden").click,
    )
    _load(page, assert_accessible, page.get_by_role("button", name="Standaardschema plannen").click)
    expect(page.locator("tr[data-moment]")).to_have_count(4)

    # --- 8. The contractor accepts the agreements by typing its name. ----------------------
    visit(contractor, contract_url)
    expect(contractor.locator("#contract-moments li[data-moment]")).to_have_count(3)
    _load(
        contractor,
        assert_accessible,
        contractor.get_by_role("link", name="Naar de prestatieafspraken").click,
    )
    contractor.get_by_label("Uw naam").fill("Anna Visser")
    _load(
        contractor,
        assert_accessible,
        contractor.get_by_role("button", name="Afspraken accepteren").click,
    )
    expect(contractor.get_by_role("heading", name="Geldende afspraken (versie 1)")).to_be_visible()
    version = AgreementVersion.objects.get(contract=contract)
    assert (version.status, version.accepted_name) == ("accepted", "Anna Visser")
    assert AssessmentMoment.objects.filter(contract=contract).count() == 4

    # --- 9. Both sides (and the buyer) see the accepted version and one history. -----------
    buyer_page = new_page(buyer_user_of(world))
    for reader in (contractor, page, buyer_page):
        visit(reader, contract_url)
        agreements = reader.locator("#contract-agreements")
        expect(agreements).to_contain_text("Geldende afspraken (versie 1)")
        expect(agreements).to_contain_text("Geaccepteerd door Anna Visser")
        expect(reader.locator("[data-figure='agreements-obligation']")).to_have_text(
            "EUR 50.000,00"
        )
        expect(reader.locator("#contract-moments")).to_contain_text("0 van 4 momenten gehouden.")
    for item in ("Contracten", "Plannen", "Mijn agenda"):
        expect(_nav(buyer_page).get_by_role("link", name=item, exact=True)).to_be_visible()
    expect(buyer_page.get_by_role("link", name="Verlenging vastleggen")).to_have_count(0)
    expect(buyer_page.get_by_role("link", name="Plan beoordelen")).to_have_count(0)

    timeline = page.locator("#timeline")
    for label in (
        "Contract vastgelegd door de coördinator",
        "Opdrachtnemer uitgenodigd om het plan in te vullen",
        "Plan ingediend",
        "Opmerking bij de beoordeling toegevoegd",
        "Wijziging gevraagd",
        "Plan goedgekeurd, wacht op een tweede coördinator",
        "Plan goedgekeurd",
        "Prestatieafspraken opgesteld",
        "Prestatieafspraken naar de opdrachtnemer gestuurd",
        "Prestatieafspraken geaccepteerd door de opdrachtnemer",
        "Beoordelingsmomenten gepland",
    ):
        expect(timeline).to_contain_text(label)
    expect(timeline.locator("li", has_text="Plan ingediend")).to_have_count(2)
    expect(
        timeline.locator("li", has_text="Opmerking bij de beoordeling toegevoegd")
    ).to_have_count(2)
    # The coordinators' draft comments are theirs: the contractor's timeline leaves them out.
    contractor_timeline = contractor.locator("#timeline")
    expect(contractor_timeline).to_contain_text(
        "Prestatieafspraken geaccepteerd door de opdrachtnemer"
    )
    expect(contractor_timeline).not_to_contain_text("Opmerking bij de beoordeling toegevoegd")
    assert PlanComment.objects.filter(plan=plan, sent_with__isnull=False).count() == 2
