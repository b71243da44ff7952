"""Accounts in a real browser: sign up with the company, verify by the mailed link, log in;
a coordinator's invitation accepted by the invitee. axe (WCAG 2.1 AA) on every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from sroi.accounts.constants import Role
from sroi.accounts.models import User
from sroi.core.models import OutboxMessage
from tests.factories import DEMO_PASSWORD

PASSWORD = "Zeer-geheim-wachtwoord-2026"
EMAIL = "petra@groen-bouw.example.org"


def fill_company(page: Page, *, kvk: str) -> None:
    page.get_by_label("Bedrijfsnaam").fill("Groen Bouw B.V.")
    page.get_by_label("KvK-nummer").fill(kvk)
    page.get_by_label("Straat").fill("Dijkweg")
    page.get_by_label("Huisnummer").fill("12a")
    page.get_by_label("Postcode").fill("1619ab")
    page.get_by_label("Plaats").fill("Andijk")
    page.get_by_label("Naam contactpersoon").fill("Jan de Vries")
    page.get_by_label("Functie contactpersoon").fill("HR-adviseur")
    page.get_by_label("E-mailadres contactpersoon").fill("sroi@groen-bouw.example.org")
    page.get_by_label("Telefoonnummer contactpersoon").fill("0229 123 456")


def link_in_last_mail(to: str, pattern: str) -> str:
    message = OutboxMessage.objects.filter(to=[to]).order_by("-id").first()
    assert message is not None, f"no mail to {to}"
    match = re.search(pattern, message.body)
    assert match, message.body
    return match.group(1)


def test_sign_up_verify_by_mail_and_log_in(
    page: Page, visit: Callable[..., Any], assert_accessible: Callable[..., None]
) -> None:
    visit(page, "/accounts/signup/")
    expect(page.get_by_role("group", name="Bedrijf")).to_be_visible()

    page.get_by_label("Uw naam").fill("Petra Jansen")
    page.get_by_label("E-mailadres", exact=True).fill(EMAIL)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Wachtwoord (bevestigen)").fill(PASSWORD)
    fill_company(page, kvk="1234567")
    page.get_by_role("button", name="Registreren").click()

    # A wrong KvK number: summary at the top linking to the field, input kept.
    assert_accessible(page)
    summary = page.locator(".sroi-error-summary")
    expect(summary).to_contain_text("Een KvK-nummer bestaat uit precies 8 cijfers.")
    expect(page.get_by_label("Bedrijfsnaam")).to_have_value("Groen Bouw B.V.")
    summary.get_by_role("link", name=re.compile("KvK-nummer")).click()
    expect(page.get_by_label("KvK-nummer")).to_be_focused()

    page.get_by_label("KvK-nummer").fill("1234 5678")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Wachtwoord (bevestigen)").fill(PASSWORD)
    page.get_by_role("button", name="Registreren").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    assert_accessible(page)
    user = User.objects.get(email=EMAIL)
    assert user.organisation is not None
    assert user.organisation.kvk_number == "12345678"

    # Logging in before verifying is not possible.
    visit(page, "/accounts/login/")
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    assert_accessible(page)

    confirm_path = link_in_last_mail(EMAIL, r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)")
    visit(page, confirm_path)
    page.get_by_role("button", name="Bevestigen").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    assert_accessible(page)

    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_contain_text("Petra Jansen")
    assert_accessible(page)

    visit(page, "/organisatie/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn organisatie")
    expect(page.get_by_text("Groen Bouw B.V.").first).to_be_visible()
    page.get_by_role("link", name="Tweestapsverificatie").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/$"))
    assert_accessible(page)


def test_coordinator_invites_and_invitee_creates_account(
    page: Page,
    new_page: Callable[..., Page],
    visit: Callable[..., Any],
    assert_accessible: Callable[..., None],
    log_in: Callable[..., None],
    coordinator: User,
    contractor_a: User,
) -> None:
    log_in(coordinator)
    visit(page, "/organisatie/uitnodigingen/")
    page.get_by_label("E-mailadres").fill("nina@bouw-a.example.org")
    page.get_by_label("Rol").select_option(Role.CONTRACTOR.value)
    page.get_by_label("Organisatie").select_option(label="Bouwbedrijf A B.V.")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("table")).to_contain_text("nina@bouw-a.example.org")
    assert_accessible(page)

    path = link_in_last_mail(
        "nina@bouw-a.example.org", r"https?://[^/\s]+(/organisatie/uitnodiging/[^/\s]+/)"
    )
    invitee = new_page()
    visit(invitee, path)
    invitee.get_by_label("Uw naam").fill("Nina Nieuw")
    invitee.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    invitee.get_by_label("Wachtwoord (bevestigen)").fill(PASSWORD)
    invitee.get_by_role("button", name="Account aanmaken").click()
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Mijn organisatie")
    expect(invitee.locator("main")).to_contain_text("Bouwbedrijf A B.V.")
    assert_accessible(invitee)

    # The link works once.
    visit(invitee, path, status=410)
    expect(invitee.locator("main")).to_contain_text("Deze uitnodiging is al gebruikt.")


def test_account_pages_are_dutch_and_accessible(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[..., None],
    log_in: Callable[..., None],
    contractor_a: User,
) -> None:
    visit(page, "/accounts/password/reset/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw wachtwoord")
    visit(page, "/organisatie/uitnodiging/onbekend/", status=404)
    expect(page.locator("main")).to_contain_text("Deze uitnodigingslink kennen we niet.")

    # allauth only lets a user with a verified address add a second factor.
    EmailAddress.objects.create(
        user=contractor_a, email=contractor_a.email, verified=True, primary=True
    )
    log_in(contractor_a)
    visit(page, "/organisatie/wijzigen/")
    page.get_by_label("Postcode").fill("1234 SS")
    page.get_by_role("button", name="Opslaan").click()
    assert_accessible(page)
    expect(page.locator(".sroi-error-summary")).to_contain_text(
        "Postcodes met de letters SA, SD of SS"
    )
    expect(page.get_by_label("Postcode")).to_have_value("1234 SS")

    visit(page, "/accounts/email/")
    visit(page, "/accounts/password/change/")
    visit(page, "/accounts/2fa/")
    page.get_by_role("link", name="Activeer", exact=True).click()
    # A security change asks for the password again first.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    assert_accessible(page)
    page.get_by_label("Wachtwoord", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Bevestigen").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Activeer authenticator-app")
    assert_accessible(page)
