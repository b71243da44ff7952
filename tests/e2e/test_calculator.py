"""The public calculator in a browser, by keyboard only (Tab, typing, Space, Enter).

A person fills in the worked example of rekenregels.md (Utrecht 2024-1): the result panel
updates as they type, lines are added with "Regel toevoegen", and every page visited passes
axe (WCAG 2.1 AA).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sroi.rules.services import ruleset_import_shipped

MAX_TABS = 120


@pytest.fixture
def rulesets(transactional_db: None) -> None:
    ruleset_import_shipped()


def focused_id(page: Page) -> str:
    return str(page.evaluate("() => document.activeElement ? document.activeElement.id : ''"))


def tab_to(page: Page, element_id: str) -> None:
    """Press Tab until the element with ``element_id`` has the focus."""
    for _ in range(MAX_TABS):
        if focused_id(page) == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} never got the focus by Tab (last: #{focused_id(page)})")


def tab_to_button(page: Page, value: str) -> None:
    """Press Tab until the submit button with ``value`` has the focus."""
    for _ in range(MAX_TABS):
        if page.evaluate("() => document.activeElement && document.activeElement.value") == value:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"button {value} never got the focus by Tab")


def type_into(page: Page, element_id: str, text: str) -> None:
    tab_to(page, element_id)
    page.keyboard.type(text)


DATE_ORDERS = (("day", "month", "year"), ("month", "day", "year"), ("year", "month", "day"))


def type_date(page: Page, element_id: str, iso: str) -> None:
    """Type a date into <input type="date"> segment by segment.

    The field orders its segments by the browser's own language, which a test cannot set:
    try the orders in use (dd-mm-jjjj first); after a wrong one, clear every segment with
    Backspace and Shift+Tab, as a person would, and Tab back in.
    """
    year, month, day = iso.split("-")
    parts = {"day": day, "month": month, "year": year}
    for order in DATE_ORDERS:
        tab_to(page, element_id)
        for segment in order:
            page.keyboard.type(parts[segment])
        if page.input_value(f"#{element_id}") == iso:
            return
        for _ in range(4):
            if focused_id(page) != element_id:
                break
            page.keyboard.press("Backspace")
            page.keyboard.press("Shift+Tab")
    raise AssertionError(f"could not type {iso} into #{element_id}")


def choose(page: Page, element_id: str, text: str, value: str) -> None:
    """Pick an option of a <select> by typing the start of its label, as a person would.

    The browser's type-to-select forgets what was typed after about a second without a key,
    so on a busy machine "Utrecht" can arrive as "Utrec" + "ht" and select "Haaglanden" (seen
    in the soak run). A person then types the name again; so does this helper, up to five
    times, each time after a pause that clears the browser's memory of the keys.
    """
    select = page.locator(f"#{element_id}")
    for _attempt in range(5):
        tab_to(page, element_id)
        page.keyboard.type(text)
        try:
            expect(select).to_have_value(value, timeout=5_000)
            return
        except AssertionError:
            page.wait_for_timeout(1_500)
    expect(select).to_have_value(value)


def figure(page: Page, name: str) -> Any:
    return page.locator(f'#calculator-result [data-figure="{name}"]')


@pytest.mark.usefixtures("rulesets")
def test_fill_in_the_worked_example_by_keyboard_and_see_the_outcome_live(
    page: Page, visit: Callable[..., Any], assert_accessible: Callable[..., None]
) -> None:
    visit(page, "/rekenhulp/")
    expect(page.locator("#id_ruleset")).to_have_value("nhn-werksaam")
    expect(page.locator("#ruleset-info")).to_contain_text("Indicatief")

    # Another rule set: the whole calculator follows (Utrecht's target groups).
    choose(page, "id_ruleset", "Utrecht", "utrecht")
    expect(page.locator('input[name="shown_ruleset"]')).to_have_value("utrecht@2024-1")
    assert_accessible(page)

    type_into(page, "id_value_eur", "1.000.000")
    type_into(page, "id_sroi_percentage", "5")
    type_date(page, "id_start", "2026-01-01")
    type_date(page, "id_end", "2027-12-31")

    # Live: 1.000.000 x 5 % = 50.000,00, before any line.
    expect(figure(page, "obligation")).to_have_text("EUR 50.000,00")
    expect(figure(page, "total")).to_have_text("EUR 0,00")

    # Line 1: Participatiewet, 36 h, all of 2026, 50+ bonus (Space ticks the box).
    choose(page, "id_placements-0-block", "Participatiewet", "PW")
    type_into(page, "id_placements-0-hours_per_week", "36")
    type_date(page, "id_placements-0-start", "2026-01-01")
    type_date(page, "id_placements-0-end", "2026-12-31")
    tab_to(page, "id_placements-0-bonuses_0")
    page.keyboard.press("Space")
    expect(page.locator("#id_placements-0-bonuses_0")).to_be_checked()
    # (40.000 + 10.000) x 36/36 x 12/12 = 50.000,00: exactly the obligation, 100,0 %.
    expect(figure(page, "total")).to_have_text("EUR 50.000,00")
    expect(figure(page, "fulfilment")).to_have_text("100,0 %")
    assert_accessible(page)

    # "Regel toevoegen" without any script of ours: a submit that re-renders the page.
    tab_to_button(page, "add:placements")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    assert focused_id(page) == "id_placements-1-block"  # the new line has the focus
    expect(page.locator("#id_placements-0-hours_per_week")).to_have_value("36")

    # Line 2: WW, 18 h, 15 March - 30 June 2026.
    choose(page, "id_placements-1-block", "WW", "WW")
    type_into(page, "id_placements-1-hours_per_week", "18")
    type_date(page, "id_placements-1-start", "2026-03-15")
    type_date(page, "id_placements-1-end", "2026-06-30")
    # 20.000 x 18/36 x (17/31 + 3) / 12 = 2.956,99
    expect(page.locator("#calculator-result")).to_contain_text("EUR 2.956,99")
    expect(page.locator("#calculator-result")).to_contain_text("3,5484")

    # Social procurement: 4.000 x factor 1.
    tab_to_button(page, "add:amounts")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    choose(page, "id_amounts-0-block", "Inkopen", "SOCIAAL_INKOPEN")
    type_into(page, "id_amounts-0-amount_eur", "4.000")

    # Total 50.000 + 2.956,99 + 4.000 = 56.956,99; 113,9 % of 50.000; nothing remains.
    expect(figure(page, "total")).to_have_text("EUR 56.956,99")
    expect(figure(page, "fulfilment")).to_have_text("113,9 %")
    expect(figure(page, "remaining")).to_have_text("EUR 0,00")
    assert_accessible(page)

    # Enter in a field is "Bereken": the same outcome on a full page.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    expect(figure(page, "total")).to_have_text("EUR 56.956,99")
    expect(page.locator("#id_amounts-0-amount_eur")).to_have_value("4.000")


@pytest.mark.usefixtures("rulesets")
def test_a_wrong_amount_is_explained_at_the_field_and_in_the_summary(
    page: Page, visit: Callable[..., Any], assert_accessible: Callable[..., None]
) -> None:
    visit(page, "/rekenhulp/")
    type_into(page, "id_value_eur", "een ton")
    # Live, the panel says what is missing without moving the focus.
    expect(page.locator("#calculator-result")).to_contain_text("Vul een bedrag in")
    assert focused_id(page) == "id_value_eur"

    tab_to_button(page, "calculate")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    summary = page.locator(".sroi-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Opdrachtwaarde: Vul een bedrag in, bijvoorbeeld 50.000,00")
    expect(page.locator("#id_value_eur_error")).to_contain_text("Vul een bedrag in")
    expect(page.locator("#id_value_eur")).to_have_value("een ton")
    expect(page.locator("#id_value_eur")).to_have_attribute("aria-invalid", "true")
    assert re.search(
        "id_value_eur_error", page.get_attribute("#id_value_eur", "aria-describedby") or ""
    )
