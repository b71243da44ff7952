"""In a real browser: a line typed on a new plan keeps its id across autosaves.

The first autosave creates the line and answers its id; the page puts it in the line's hidden
``line_id``, so the next autosave updates that line instead of deleting and recreating it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sroi.accounts.models import User
from sroi.plans.models import PlanLine
from sroi.rules.services import ruleset_import_shipped


@pytest.fixture
def _data(transactional_db: None) -> None:
    ruleset_import_shipped()


def _is_autosave(response: Any) -> bool:
    request = response.request
    return bool(request.method == "POST" and "autosave" in (request.post_data or ""))


def test_autosave_keeps_the_id_of_a_new_line(
    page: Page,
    visit: Callable[..., Any],
    log_in: Callable[..., None],
    contractor_a: User,
    _data: None,
) -> None:
    log_in(contractor_a)
    visit(page, "/plannen/nieuw/")
    with page.expect_response(_is_autosave, timeout=10_000) as first:
        page.select_option("#id_lines-0-target_group", "pw_lt2")
    assert first.value.json()["ok"] is True
    line = PlanLine.objects.get()
    hidden = page.locator("input[name='lines-0-line_id']")
    expect(hidden).to_have_value(str(line.pk))

    with page.expect_response(_is_autosave, timeout=10_000) as second:
        page.fill("#id_lines-0-hours_per_week", "32")
        page.locator("#id_lines-0-hours_per_week").blur()
    assert second.value.json()["ok"] is True
    assert list(PlanLine.objects.values_list("pk", "hours_per_week")) == [(line.pk, 32)]
