"""core/_field.html, core/_error_summary.html and js/sroi.js in a real browser, on a
demonstration form (tests/e2e/urls.py): errors at the field and in a summary that gets focus,
summary links that move focus to the field, nothing typed lost; and htmx under the CSP.
axe on every page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.urls("tests.e2e.urls")


def test_invalid_form_shows_a_focused_summary_linking_to_each_field(
    page: Page, visit: Callable[..., Any], assert_accessible: Callable[[Page], None]
) -> None:
    visit(page, "/test-formulier/")
    page.get_by_label("Opdrachtwaarde").fill("-5")
    page.get_by_label("Toelichting").fill("Deze tekst blijft staan.")

    with page.expect_event("load"):  # a new document, not a URL set by script
        page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert_accessible(page)

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Er ging iets mis")
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Opdrachtwaarde: Zorg ervoor dat deze waarde minstens 0 is.",
            "Soort invulling: Dit veld is vereist.",
            "Regio: Dit veld is vereist.",
            "Naar waarheid ingevuld: Dit veld is vereist.",
        ]
    )
    # What the user typed is still there, and the field says what is wrong.
    value = page.get_by_label("Opdrachtwaarde")
    expect(value).to_have_value("-5")
    expect(value).to_have_attribute("aria-invalid", "true")
    expect(value).to_have_accessible_description(
        "In euro, zonder btw. Fout: Zorg ervoor dat deze waarde minstens 0 is."
    )
    expect(page.get_by_label("Toelichting")).to_have_value("Deze tekst blijft staan.")


def test_summary_links_move_focus_to_the_field_by_keyboard(
    page: Page, visit: Callable[..., Any], assert_accessible: Callable[[Page], None]
) -> None:
    visit(page, "/test-formulier/")
    with page.expect_event("load"):  # a new document, not a URL set by script
        page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert_accessible(page)

    # Focus is on the summary: Tab reaches its first link, Enter goes to the field.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Opdrachtwaarde: Dit veld is vereist.")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Opdrachtwaarde")).to_be_focused()

    # A radio group's link focuses its first option.
    page.get_by_role("link", name="Soort invulling: Dit veld is vereist.").click()
    expect(page.get_by_label("Baan")).to_be_focused()


def test_corrected_form_saves_without_a_summary(
    page: Page, visit: Callable[..., Any], assert_accessible: Callable[[Page], None]
) -> None:
    visit(page, "/test-formulier/")
    page.get_by_label("Opdrachtwaarde").fill("50000")
    page.get_by_label("Leerwerkplek").check()
    page.get_by_label("Regio").select_option("nhn")
    page.get_by_label("Naar waarheid ingevuld").check()

    with page.expect_event("load"):  # a new document, not a URL set by script
        page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert_accessible(page)

    expect(page.get_by_role("status")).to_have_text("Opgeslagen.")
    expect(page.get_by_role("alert")).to_have_count(0)


def test_htmx_swaps_content_under_the_csp_with_the_csrf_header(
    page: Page, visit: Callable[..., Any]
) -> None:
    # The `page` fixture fails the test on any CSP violation or JavaScript error.
    visit(page, "/test-htmx/")

    page.get_by_role("button", name="Ophalen").click()

    expect(page.locator("#result")).to_have_text("Opgehaald met htmx.")
    expect(page.locator("#busy")).to_have_css("opacity", "0")
