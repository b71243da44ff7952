"""Reflow (WCAG 1.4.10): no page scrolls sideways at 320 CSS px; the calculator's value column
is fully visible at 1280 px; on a phone the calculator's result is one link away.

Every page visited is checked with axe as well (the ``visit`` fixture).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sroi.accounts.models import User
from sroi.plans.models import Plan
from sroi.rules.models import RuleSetVersion
from sroi.rules.services import ruleset_import_shipped
from tests.plans.factories import PlanFactory

PHONE = {"width": 320, "height": 640}
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"

# Elements wider than the viewport: what a failure message names.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    const parent = element.parentElement;
    const parentRight = parent ? parent.getBoundingClientRect().right : 0;
    // The outermost boxes that reach past the screen's edge.
    if (box.width > 0 && box.right > width + 1 && parentRight <= width + 1) {
      wide.push(element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') +
        (element.className && typeof element.className === 'string'
          ? '.' + element.className.trim().split(/\\s+/).join('.') : '') +
        ' right=' + Math.round(box.right));
    }
  }
  return wide.slice(0, 8);
}"""


@pytest.fixture
def plans(transactional_db: None, contractor_a: User) -> dict[str, Plan]:
    ruleset_import_shipped()
    organisation = contractor_a.organisation
    return {
        "draft": PlanFactory(contract__organisation=organisation),
        "submitted": PlanFactory(contract__organisation=organisation, submitted=True),
    }


def horizontal_scroll(page: Page, name: str) -> list[str]:
    """[] when the page does not scroll sideways at 320 px; else what is too wide (and a
    screenshot in tests/e2e/screenshots/ to look at)."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width <= PHONE["width"]:
        return []
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"reflow-{name}.png"), full_page=True)
    wide = page.evaluate(OVERFLOW_JS)
    return [f"{page.url}: scrollWidth {scroll_width} > 320; too wide: {wide}"]


def visit_all_at_320(page: Page, visit: Callable[..., Any], urls: list[str], name: str) -> None:
    page.set_viewport_size(PHONE)
    problems = []
    for number, url in enumerate(urls):
        visit(page, url)
        problems += horizontal_scroll(page, f"{name}-{number}")
    assert not problems, "\n".join(problems)


def test_public_pages_reflow_at_320_px(page: Page, visit: Callable[..., Any], plans: Any) -> None:
    urls = ["/", "/rekenhulp/", "/rekenmodellen/", "/accounts/login/", "/accounts/signup/"]
    urls.append("/accounts/password/reset/")
    urls += [f"/rekenmodellen/{v.code}/{v.version}/" for v in RuleSetVersion.objects.all()]
    visit_all_at_320(page, visit, urls, "public")


def test_contractor_pages_reflow_at_320_px(
    page: Page,
    visit: Callable[..., Any],
    log_in: Callable[..., None],
    contractor_a: User,
    plans: dict[str, Plan],
) -> None:
    log_in(contractor_a)
    draft, submitted = plans["draft"], plans["submitted"]
    urls = [
        "/plannen/",
        "/plannen/nieuw/",
        f"/plannen/{draft.pk}/",
        f"/plannen/{draft.pk}/bewerken/",
        f"/plannen/{draft.pk}/verwijderen/",
        f"/plannen/{submitted.pk}/",
        f"/plannen/{submitted.pk}/versies/1/",
        "/organisatie/",
        "/accounts/password/change/",
    ]
    visit_all_at_320(page, visit, urls, "contractor")


def test_coordinator_pages_reflow_at_320_px(
    page: Page,
    visit: Callable[..., Any],
    log_in: Callable[..., None],
    coordinator: User,
    plans: dict[str, Plan],
) -> None:
    log_in(coordinator)
    submitted = plans["submitted"]
    urls = ["/plannen/", f"/plannen/{submitted.pk}/", "/plannen/opdrachtgevers/"]
    visit_all_at_320(page, visit, urls, "coordinator")


def _calculate(page: Page) -> None:
    page.fill("#id_value_eur", "1.000.000")
    page.fill("#id_start", "2026-01-01")
    page.fill("#id_end", "2027-12-31")
    page.select_option("#id_placements-0-block", "PW_LT2")
    page.fill("#id_placements-0-hours_per_week", "36")
    page.fill("#id_placements-0-start", "2026-01-01")
    page.fill("#id_placements-0-end", "2026-12-31")


def test_calculator_value_column_is_fully_visible_at_1280_px(
    page: Page, visit: Callable[..., Any], assert_accessible: Callable[[Page], None], plans: Any
) -> None:
    visit(page, "/rekenhulp/")
    _calculate(page)
    cell = page.locator('#calculator-result [data-figure="line-value"]').first
    expect(cell).to_be_visible()
    assert_accessible(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "calculator-1280.png"))  # to look at

    box = cell.bounding_box()
    assert box is not None
    wrapper = page.locator("#calculator-result .sroi-table-wrapper").first
    assert wrapper.evaluate("w => w.scrollWidth <= w.clientWidth"), "the value table scrolls"
    frame = wrapper.bounding_box()
    assert frame is not None
    assert box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


# The walk of 2026-11-30: the region's longest labels, a period cut by the block's maximum and a
# line outside the contract made the table wider than the result panel at 1280 px ("EUR 35.55"
# and the rest of the value column out of sight).
LONG_LINES = {
    "ruleset": "nhn-werksaam",
    "contract": {"value_eur": "1000000", "start": "2026-01-01", "end": "2027-12-31"},
    "lines": [
        {"block": "WW_LT1", "hours_per_week": "36", "start": "2026-03-01", "end": "2027-06-30"},
        {
            "block": "PW_BEPERKING",
            "hours_per_week": "36",
            "start": "2028-01-01",
            "end": "2028-12-31",
        },
        {"block": "SOCIAAL_INKOPEN", "amount_eur": "10000"},
        {"block": "MAATSCHAPPELIJK", "hours": "40"},
        {"block": "CO_CREATIE", "agreed_value_eur": "1500"},
    ],
}


def test_the_value_column_of_long_lines_is_fully_visible_at_1280_px(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    plans: Any,
    tmp_path: Path,
) -> None:
    document = tmp_path / "berekening.json"
    document.write_text(json.dumps(LONG_LINES), encoding="utf-8")
    visit(page, "/rekenhulp/")
    page.locator("#id_upload-document").set_input_files(str(document))
    with page.expect_navigation():
        page.locator('button[name="action"][value="upload"]').click()
    cells = page.locator('#calculator-result [data-figure="line-value"]')
    expect(cells).to_have_count(5)
    expect(page.locator("#calculator-result")).to_contain_text("Telt hoogstens mee t/m")
    assert_accessible(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "calculator-1280-long-lines.png"), full_page=True)

    wrapper = page.locator("#calculator-result .sroi-table-wrapper").first
    assert wrapper.evaluate("w => w.scrollWidth <= w.clientWidth"), "the value table scrolls"
    frame = wrapper.bounding_box()
    assert frame is not None
    for index in range(5):
        box = cells.nth(index).bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= frame["x"] + frame["width"] + 1, index


def test_on_a_phone_the_calculator_result_is_one_link_away(
    page: Page, visit: Callable[..., Any], assert_accessible: Callable[[Page], None], plans: Any
) -> None:
    page.set_viewport_size({"width": 375, "height": 700})
    visit(page, "/rekenhulp/")
    _calculate(page)
    expect(page.locator('#calculator-result [data-figure="total"]')).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")

    link = page.get_by_role("link", name="Naar de uitkomst")
    expect(link).to_be_in_viewport()
    link.click()

    expect(page.locator("#calculator-outcome")).to_be_focused()
    expect(page.locator("#calculator-result #valuation-heading")).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0
    assert_accessible(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "calculator-phone-outcome.png"))


def test_on_a_phone_the_plan_value_is_one_link_away(
    page: Page,
    visit: Callable[..., Any],
    log_in: Callable[..., None],
    contractor_a: User,
    plans: dict[str, Plan],
) -> None:
    log_in(contractor_a)
    page.set_viewport_size({"width": 375, "height": 700})
    visit(page, f"/plannen/{plans['draft'].pk}/bewerken/")

    link = page.get_by_role("link", name="Naar de waarde van uw plan")
    expect(link).to_be_in_viewport()
    link.click()

    expect(page.locator("#plan-valuation-panel")).to_be_focused()
    expect(page.locator("#plan-valuation-title")).to_be_in_viewport()


# Each word of the outcome's labels and figures on one line: [] or the words split mid-word
# (a word whose text spans more than one line box) or a figure whose unit went to a line of
# its own ("121,9 / %").
SPLIT_WORDS_JS = """() => {
  const split = [];
  const parts = document.querySelectorAll(
    '#calculator-result .sroi-valuation__figure dt, #calculator-result .sroi-valuation__figure dd,'
    + ' #calculator-result [data-figure="fulfilment"]');
  for (const element of parts) {
    const text = element.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) continue;
    let offset = 0;
    for (const word of text.textContent.split(/(\\s+|(?<=-))/)) {
      if (word.trim()) {
        const range = document.createRange();
        range.setStart(text, offset);
        range.setEnd(text, offset + word.length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) split.push(word);
      }
      offset += word.length;
    }
    if (element.tagName !== 'DT') {
      const range = document.createRange();
      range.selectNodeContents(text);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
        .map(r => Math.round(r.top)));
      if (tops.size > 1) split.push(text.textContent.trim());
    }
  }
  return split;
}"""


def test_on_a_phone_the_outcome_labels_and_figures_are_not_split(
    page: Page, visit: Callable[..., Any], assert_accessible: Callable[[Page], None], plans: Any
) -> None:
    """At 375 px "Totale inspanningswaarde" was shown as "inspanningswa / arde", and
    "121,9 %" as "121,9 / %": a figure goes under its label instead."""
    page.set_viewport_size({"width": 375, "height": 700})
    visit(page, "/rekenhulp/")
    _calculate(page)
    page.fill("#id_sroi_percentage", "2")  # over 100 %: the widest percentage
    expect(page.locator('#calculator-result [data-figure="fulfilment"]')).to_contain_text("125,0")
    expect(page.locator('#calculator-result [data-figure="total"]')).to_be_visible()
    assert_accessible(page)

    assert page.evaluate(SPLIT_WORDS_JS) == []


# Status badges whose text is spread over more than one line ("Goedgekeu / rd").
SPLIT_BADGES_JS = """() => [...document.querySelectorAll('.sroi-badge')].filter(badge => {
  const range = document.createRange();
  range.selectNodeContents(badge);
  const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
    .map(r => Math.round(r.top)));
  return tops.size > 1 && !badge.textContent.trim().includes(' ');
}).map(badge => badge.textContent.trim())"""


def test_status_badges_in_the_coordinators_list_are_not_split_mid_word(
    page: Page,
    visit: Callable[..., Any],
    log_in: Callable[..., None],
    coordinator: User,
    plans: dict[str, Plan],
) -> None:
    """At 1280 px the list showed "Goedgekeu" above "rd" in the status column."""
    for _ in range(3):  # long contract names squeeze the status column
        PlanFactory(
            contract__organisation=plans["draft"].contract.organisation,
            contract__name="Onderhoud en vervanging van de openbare verlichting in de hele regio",
            approved=True,
        )
    log_in(coordinator)
    visit(page, "/plannen/")
    expect(page.locator(".sroi-badge", has_text="Goedgekeurd").first).to_be_visible()

    assert page.evaluate(SPLIT_BADGES_JS) == []
