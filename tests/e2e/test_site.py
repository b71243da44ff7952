"""The site frame in a real browser: landing page, error page, language switch, skip link.

Every page visited is checked with axe (WCAG 2.1 AA); the `page` fixture fails the test if
one is not, or if the browser reports a CSP violation or a JavaScript error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from sroi.accounts.models import User

MAX_TABS = 40


def tab_to(page: Page, predicate_js: str) -> None:
    """Press Tab until the focused element satisfies ``predicate_js`` (a JS function of it)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"({predicate_js})(document.activeElement)"):
            return
    raise AssertionError(f"not reachable with Tab within {MAX_TABS} presses: {predicate_js}")


def test_home_page_says_what_the_service_does_and_links_the_calculator_and_sign_in(
    page: Page, visit: Callable[..., Any]
) -> None:
    visit(page, "/")

    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page).to_have_title("Social Return · SROI")
    expect(page.get_by_role("heading", level=1)).to_have_text("Social Return (SROI)")
    expect(page.get_by_role("heading", name="Voor opdrachtnemers")).to_be_visible()
    expect(page.get_by_role("heading", name="Voor SROI-coördinatoren")).to_be_visible()
    expect(page.get_by_role("link", name="Open de rekenhulp")).to_have_attribute(
        "href", "/rekenhulp/"
    )
    navigation = page.get_by_role("navigation", name="Hoofdmenu")
    expect(navigation.get_by_role("link", name="Rekenhulp")).to_be_visible()
    expect(navigation.get_by_role("link", name="Inloggen")).to_be_visible()
    expect(navigation.get_by_role("link", name="Plannen")).to_have_count(0)


def test_signed_in_user_sees_plans_and_sign_out_in_the_navigation(
    page: Page, visit: Callable[..., Any], log_in: Callable[..., None], contractor_a: User
) -> None:
    log_in(contractor_a)

    visit(page, "/")

    navigation = page.get_by_role("navigation", name="Hoofdmenu")
    expect(navigation.get_by_role("link", name="Plannen")).to_be_visible()
    expect(navigation.get_by_role("button", name="Uitloggen")).to_be_visible()
    expect(navigation.get_by_role("link", name="Inloggen")).to_have_count(0)
    expect(navigation).to_contain_text(f"Ingelogd als {contractor_a.full_name}")


def test_unknown_address_shows_the_dutch_not_found_page(
    page: Page, visit: Callable[..., Any]
) -> None:
    visit(page, "/bestaat-niet/", status=404)

    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    expect(page.get_by_role("link", name="Terug naar de startpagina")).to_have_attribute(
        "href", "/"
    )


def test_language_switches_to_english_and_back_with_the_keyboard_only(
    page: Page, visit: Callable[..., Any], assert_accessible: Callable[[Page], None]
) -> None:
    visit(page, "/")

    tab_to(page, "el => el.matches('button[name=language][value=en]')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation", name="Main navigation")).to_contain_text("Calculator")
    expect(page.get_by_role("link", name="Open the calculator")).to_be_visible()
    assert_accessible(page)

    tab_to(page, "el => el.matches('button[name=language][value=nl]')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/")

    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("link", name="Open de rekenhulp")).to_be_visible()
    assert_accessible(page)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(
    page: Page, visit: Callable[..., Any]
) -> None:
    visit(page, "/")
    skip_link = page.get_by_role("link", name="Naar de hoofdinhoud")
    expect(skip_link).not_to_be_in_viewport()

    page.keyboard.press("Tab")

    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab continues inside the main content, not in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
