"""The rule-set pages in a browser: a coordinator publishes new NHN values by keyboard only,
and a public visitor reads the list and a table. axe (WCAG 2.1 AA) on every page visited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sroi.accounts.models import User
from sroi.rules.constants import RuleSetState
from sroi.rules.models import RuleSetVersion
from sroi.rules.selectors import ruleset_version_valid_on
from sroi.rules.services import ruleset_import_shipped

MAX_TABS = 300


@pytest.fixture
def rulesets(transactional_db: None) -> None:
    ruleset_import_shipped()


def focused(page: Page, expression: str) -> Any:
    return page.evaluate(
        f"() => {{ const el = document.activeElement; return el ? {expression} : null; }}"
    )


def tab_until(page: Page, expression: str, what: str) -> None:
    """Press Tab until ``expression`` (JavaScript, about ``el``) holds for the focused element."""
    for _ in range(MAX_TABS):
        if focused(page, expression):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{what} never got the focus by Tab")


def tab_to(page: Page, element_id: str) -> None:
    tab_until(page, f"el.id === {element_id!r}", f"#{element_id}")


def tab_to_link(page: Page, href: str) -> None:
    tab_until(page, f"el.getAttribute('href') === {href!r}", f"the link to {href}")


def tab_to_form_submit(page: Page) -> None:
    """The submit button of the page's main form (the one with ``novalidate``)."""
    tab_until(
        page,
        "el.type === 'submit' && el.closest('form[novalidate]') !== null",
        "the form's submit button",
    )


def press_enter_and_wait(page: Page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


DATE_ORDERS = (("day", "month", "year"), ("month", "day", "year"), ("year", "month", "day"))


def type_date(page: Page, element_id: str, iso: str) -> None:
    """Type a date into <input type="date"> segment by segment (the browser's order)."""
    year, month, day = iso.split("-")
    parts = {"day": day, "month": month, "year": year}
    for order in DATE_ORDERS:
        tab_to(page, element_id)
        for segment in order:
            page.keyboard.type(parts[segment])
        if page.input_value(f"#{element_id}") == iso:
            return
        for _ in range(4):
            if focused(page, "el.id") != element_id:
                break
            page.keyboard.press("Backspace")
            page.keyboard.press("Shift+Tab")
    raise AssertionError(f"could not type {iso} into #{element_id}")


@pytest.mark.usefixtures("rulesets")
def test_coordinator_publishes_a_new_nhn_version_by_keyboard(
    page: Page,
    coordinator: User,
    log_in: Callable[..., None],
    visit: Callable[..., Any],
    assert_accessible: Callable[..., None],
) -> None:
    log_in(coordinator)
    visit(page, "/rekenmodellen/nhn-werksaam/indicative-1/")
    expect(page.locator('[data-block="PW_LT2"]')).to_contain_text("EUR 25.000,00")

    # "Nieuwe versie": a concept copied from indicative-1.
    tab_to_link(page, "/rekenmodellen/nhn-werksaam/indicative-1/nieuwe-versie/")
    press_enter_and_wait(page)
    assert_accessible(page)
    tab_to(page, "id_version")
    page.keyboard.type("2027-1")
    type_date(page, "id_valid_from", "2027-01-01")
    tab_to_form_submit(page)
    press_enter_and_wait(page)
    assert_accessible(page)
    assert page.url.endswith("/rekenmodellen/nhn-werksaam/2027-1/bewerken/")

    # The official value: PW_LT2 25.000 -> 27.500, and the status "sourced" (arrow keys in
    # the radio group move from "indicative" to the option above it).
    expect(page.locator("#id_blocks-0-value")).to_have_value("25.000")
    tab_to(page, "id_status_1")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#id_status_0")).to_be_checked()
    tab_to(page, "id_blocks-0-value")
    page.keyboard.press("Control+A")
    page.keyboard.type("27.500")
    tab_to_form_submit(page)
    press_enter_and_wait(page)
    assert_accessible(page)
    assert page.url.endswith("/rekenmodellen/nhn-werksaam/2027-1/")
    expect(page.locator('[data-block="PW_LT2"]')).to_contain_text("EUR 27.500,00")

    # Publish: the page names indicative-1 (no end date) and offers to end it on 31-12-2026.
    tab_to_link(page, "/rekenmodellen/nhn-werksaam/2027-1/publiceren/")
    press_enter_and_wait(page)
    assert_accessible(page)
    expect(page.locator("[data-other]")).to_contain_text("indicative-1")
    expect(page.locator("#end-other")).to_contain_text("31 december 2026")
    tab_to(page, "end-other")
    press_enter_and_wait(page)
    assert_accessible(page)
    expect(page.locator("[data-other]")).to_have_count(0)
    tab_to(page, "publish")
    press_enter_and_wait(page)
    assert_accessible(page)
    assert page.url.endswith("/rekenmodellen/nhn-werksaam/2027-1/")
    # Read-only now: no edit button.
    expect(page.locator('a[href$="/2027-1/bewerken/"]')).to_have_count(0)

    new = RuleSetVersion.objects.get(code="nhn-werksaam", version="2027-1")
    assert new.state == RuleSetState.PUBLISHED
    assert new.document["blocks"][0]["value"] == "27500"
    assert ruleset_version_valid_on(code="nhn-werksaam", day=date(2027, 2, 1)).pk == new.pk
    old = ruleset_version_valid_on(code="nhn-werksaam", day=date(2026, 6, 1))
    assert (old.version, old.valid_to) == ("indicative-1", date(2026, 12, 31))


@pytest.mark.usefixtures("rulesets")
def test_public_visitor_reads_the_list_and_a_table(
    page: Page, visit: Callable[..., Any], assert_accessible: Callable[..., None]
) -> None:
    visit(page, "/rekenmodellen/")
    nhn = page.locator('[data-code="nhn-werksaam"]')
    expect(nhn).to_contain_text("Indicatief: waarden niet officieel vastgesteld")
    expect(page.locator('[data-code="oost-nederland"]')).to_contain_text("Onvolledig")

    tab_to_link(page, "/rekenmodellen/nhn-werksaam/indicative-1/")
    press_enter_and_wait(page)
    assert_accessible(page)
    expect(page.locator('[data-block="PW_LT2"]')).to_contain_text("EUR 25.000,00")
    expect(page.locator('a[href$="/indicative-1/json/"]')).to_be_visible()
    expect(page.locator('a[href$="/nieuwe-versie/"]')).to_have_count(0)
