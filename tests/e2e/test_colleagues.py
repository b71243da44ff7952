"""Colleagues and buyer users in a real browser: a contractor's administrator invites a
colleague who accepts and sees the organisation's plans; a buyer's contract manager signs in
and reads a submitted plan of that buyer, never another buyer's. axe on every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from sroi.accounts.constants import Role
from sroi.accounts.models import User
from sroi.plans import services
from sroi.plans.models import Plan
from sroi.rules.services import ruleset_import_shipped
from tests.e2e.test_accounts import link_in_last_mail
from tests.factories import DEMO_PASSWORD
from tests.plans.factories import PlanFactory, buyer_user_of

PASSWORD = "Zeer-geheim-wachtwoord-2026"
COLLEAGUE = "nina@bouw-a.example.org"


@pytest.fixture
def plans(
    transactional_db: None, contractor_a: User, contractor_b: User, coordinator: User
) -> dict[str, Plan]:
    ruleset_import_shipped()
    hoorn = services.buyer_create(acting_user=coordinator, name="Gemeente Hoorn")
    opmeer = services.buyer_create(acting_user=coordinator, name="Gemeente Opmeer")
    return {
        "hoorn": PlanFactory(
            contract__organisation=contractor_a.organisation,
            contract__buyer=hoorn,
            contract__name="Onderhoud wegen Hoorn",
            submitted=True,
        ),
        "hoorn_draft": PlanFactory(
            contract__organisation=contractor_a.organisation,
            contract__buyer=hoorn,
            contract__name="Concept fietspad Hoorn",
        ),
        "opmeer": PlanFactory(
            contract__organisation=contractor_b.organisation,
            contract__buyer=opmeer,
            contract__name="Schoonmaak Opmeer",
            submitted=True,
        ),
    }


def test_admin_invites_a_colleague_who_sees_the_organisations_plans(
    page: Page,
    new_page: Callable[..., Page],
    visit: Callable[..., Any],
    assert_accessible: Callable[..., None],
    log_in: Callable[..., None],
    contractor_a: User,
    plans: dict[str, Plan],
) -> None:
    contractor_a.organisation_admin = True
    contractor_a.save()
    log_in(contractor_a)
    visit(page, "/organisatie/")
    with page.expect_event("load"):
        page.get_by_role("link", name="Collega's uitnodigen").click()
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Collega's bij Bouwbedrijf A B.V.")

    # A bad address: the message at the field, the input kept.
    page.get_by_label("E-mailadres van uw collega").fill("nina@")
    with page.expect_event("load"):
        page.get_by_role("button", name="Uitnodiging versturen").click()
    assert_accessible(page)
    expect(page.locator(".sroi-error-summary")).to_contain_text("Vul een geldig e-mailadres in")
    expect(page.get_by_label("E-mailadres van uw collega")).to_have_value("nina@")

    page.get_by_label("E-mailadres van uw collega").fill(COLLEAGUE)
    with page.expect_event("load"):
        page.get_by_role("button", name="Uitnodiging versturen").click()
    assert_accessible(page)
    expect(page.get_by_role("region", name="Openstaande uitnodigingen")).to_contain_text(COLLEAGUE)

    path = link_in_last_mail(COLLEAGUE, r"https?://[^/\s]+(/organisatie/uitnodiging/[^/\s]+/)")
    colleague = new_page()
    visit(colleague, path)
    expect(colleague.locator("main")).to_contain_text("Bouwbedrijf A B.V.")
    colleague.get_by_label("Uw naam").fill("Nina Nieuw")
    colleague.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    colleague.get_by_label("Wachtwoord (bevestigen)").fill(PASSWORD)
    with colleague.expect_event("load"):
        colleague.get_by_role("button", name="Account aanmaken").click()
    assert_accessible(colleague)
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Mijn organisatie")

    # Sign out and sign in again with the new password.
    with colleague.expect_event("load"):
        colleague.get_by_role("button", name="Uitloggen").click()
    assert_accessible(colleague)
    visit(colleague, "/accounts/login/")
    colleague.get_by_label("E-mailadres").fill(COLLEAGUE)
    colleague.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    with colleague.expect_event("load"):
        colleague.get_by_role("button", name="Aanmelden").click()
    assert_accessible(colleague)
    visit(colleague, "/plannen/")
    main = colleague.locator("main")
    expect(main).to_contain_text("Onderhoud wegen Hoorn")
    expect(main).to_contain_text("Concept fietspad Hoorn")
    expect(main).not_to_contain_text("Schoonmaak Opmeer")

    # The colleague is no administrator: the colleagues page says so.
    visit(colleague, "/organisatie/collegas/", status=403)
    expect(colleague.get_by_role("heading", level=1)).to_have_text(
        "Alleen een beheerder van uw organisatie kan collega's uitnodigen"
    )
    new_user = User.objects.get(email=COLLEAGUE)
    assert (new_user.role, new_user.organisation_id) == (
        Role.CONTRACTOR,
        contractor_a.organisation_id,
    )


def test_buyer_user_reads_its_buyers_submitted_plan_only(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[..., None],
    plans: dict[str, Plan],
) -> None:
    hoorn = plans["hoorn"].contract.buyer
    assert hoorn is not None
    reader = buyer_user_of(hoorn, email="inkoop@hoorn.example.org", full_name="Ina Inkoop")
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)

    visit(page, "/accounts/login/")
    page.get_by_label("E-mailadres").fill(reader.email)
    page.get_by_label("Wachtwoord", exact=True).fill(DEMO_PASSWORD)
    with page.expect_event("load"):
        page.get_by_role("button", name="Aanmelden").click()
    assert_accessible(page)

    visit(page, "/")
    expect(page.get_by_role("heading", name="Uw contracten")).to_be_visible()
    with page.expect_event("load"):
        page.get_by_role("link", name="Naar de plannen van uw contracten").click()
    assert_accessible(page)
    main = page.locator("main")
    expect(main).to_contain_text("Onderhoud wegen Hoorn")
    expect(main).not_to_contain_text("Concept fietspad Hoorn")
    expect(main).not_to_contain_text("Schoonmaak Opmeer")
    expect(page.get_by_role("link", name="Nieuw plan van aanpak")).to_have_count(0)

    with page.expect_event("load"):
        page.get_by_role("link", name="Onderhoud wegen Hoorn").click()
    assert_accessible(page)
    expect(page).to_have_url(re.compile(rf"/plannen/{plans['hoorn'].pk}/$"))
    expect(page.get_by_role("button", name="Indienen bij de coördinator")).to_have_count(0)
    expect(page.get_by_role("button", name="Goedkeuren")).to_have_count(0)
    expect(main.locator("form")).to_have_count(0)
    with page.expect_event("load"):
        page.get_by_role("link", name="Versie 1", exact=True).click()
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("versie 1")

    visit(page, f"/plannen/{plans['opmeer'].pk}/", status=404)
    visit(page, f"/plannen/{plans['hoorn_draft'].pk}/", status=404)
    visit(page, f"/plannen/{plans['hoorn'].pk}/bewerken/", status=403)
    visit(page, "/organisatie/")
    expect(main).to_contain_text("Gemeente Hoorn is een opdrachtgever")
