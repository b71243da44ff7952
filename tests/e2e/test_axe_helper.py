"""The accessibility check itself: it must fail on a page with violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.e2e.axe import assert_accessible


def test_assert_accessible_names_each_violation_and_where_it_is(page: Page) -> None:
    page.set_content(
        '<!DOCTYPE html><html lang="nl"><head><title>Fout</title></head>'
        '<body><main><img src="data:," id="logo"><a href="/x"></a></main></body></html>'
    )

    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)

    message = str(failure.value)
    assert "image-alt" in message
    assert "#logo" in message
    assert "link-name" in message
