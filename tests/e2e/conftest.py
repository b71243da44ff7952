"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Every test in tests/e2e is marked ``e2e`` automatically. Each test is on its own: a new
browser context, committed data on a file database (on SQLite too, see tests/conftest.py)
whose connections the live server's threads do not share, flushed after the test once the
live server has finished every request. Fixtures:

``page``
    A fresh page whose relative URLs go to the live server (``page.goto("/rekenhulp/")``).
    At teardown the test fails if a page it loaded was never checked with
    ``assert_accessible``, or if the browser reported a CSP violation, a JavaScript error or
    a static file that failed to load.
``visit``
    ``visit(page, "/path/", status=200) -> Response``: go there, check the status, run axe.
``assert_accessible``
    ``assert_accessible(page)``: axe-core, WCAG 2.1 A + AA; fails listing each violation.
    Call it after every navigation that is not a ``visit`` (a click, a form post).
``log_in``
    ``log_in(user)``: the browser context of ``page`` is signed in as ``user`` (a session
    cookie from ``Client.force_login``; the login form itself is not exercised).
    ``log_in(user, browser_context=ctx)`` for another context.
``new_page``
    ``new_page(user=None) -> Page``: a page in a new browser context (a second person),
    optionally signed in, with the same teardown checks as ``page``.

Plain functions for helpers: ``from tests.e2e.axe import assert_accessible, visit``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.test import Client
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, expect

from sroi.accounts.models import User
from tests.e2e.axe import ON_CHECKED_ATTRIBUTE, assert_accessible, visit

# Playwright's sync API runs an asyncio event loop in this thread; Django refuses ORM calls
# from a thread with a running loop unless told this is safe (it is: the loop is idle).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent

# How long the browser waits for a page, a click's navigation or an expectation: upper bounds,
# not speed checks (speed is measured in benchmarks/). Playwright's defaults (30 s for an
# action, 5 s for expect) failed correct journeys on a busy machine, where a submission that
# renders its PDF took longer than 30 s.
WAIT_FOR_ACTION_MS = 120_000
WAIT_FOR_EXPECTATION_MS = 60_000
expect.set_options(timeout=WAIT_FOR_EXPECTATION_MS)

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees every collected item, not only ours: mark just those under tests/e2e.
    for item in items:
        if Path(str(item.path)).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(live_server: Any) -> str:
    # Replaces pytest-playwright's own base_url fixture (which pytest 9 deprecates); relative
    # URLs in page.goto() go to the live server.
    return str(live_server.url)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any], base_url: str) -> dict[str, Any]:
    return {
        **browser_context_args,
        "base_url": base_url,
        "locale": "nl-NL",
        "timezone_id": "Europe/Amsterdam",
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture
def new_context(new_context: Callable[..., BrowserContext]) -> Callable[..., BrowserContext]:
    """pytest-playwright's contexts (``context`` too), each with the waits above."""

    def _new_context(**kwargs: Any) -> BrowserContext:
        browser_context = new_context(**kwargs)
        browser_context.set_default_timeout(WAIT_FOR_ACTION_MS)
        browser_context.set_default_navigation_timeout(WAIT_FOR_ACTION_MS)
        return browser_context

    return _new_context


class RequestsInFlight:
    """Counts the requests the live server is still handling (Django's request signals)."""

    def __init__(self) -> None:
        self._count = 0
        self._changed = threading.Condition()

    def started(self, **kwargs: Any) -> None:
        with self._changed:
            self._count += 1

    def finished(self, **kwargs: Any) -> None:
        with self._changed:
            self._count -= 1
            self._changed.notify_all()

    def wait_until_idle(self, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._count <= 0, timeout)


@pytest.fixture(scope="session")
def _requests_in_flight() -> Iterator[RequestsInFlight]:
    in_flight = RequestsInFlight()
    request_started.connect(in_flight.started, weak=False)
    request_finished.connect(in_flight.finished, weak=False)
    yield in_flight
    request_started.disconnect(in_flight.started)
    request_finished.disconnect(in_flight.finished)


@pytest.fixture(autouse=True)
def _live_server_idle_before_flush(
    transactional_db: None, _requests_in_flight: RequestsInFlight
) -> Iterator[None]:
    """Each browser test starts from an empty database, whatever the previous one left running.

    Torn down after the test's browser contexts are closed and before its data is flushed:
    a request still being handled (an autosave the test did not wait for) finishes first,
    so it cannot write into the next test's database or hold a lock during the flush.
    """
    yield
    if not _requests_in_flight.wait_until_idle(timeout=60):
        pytest.fail("the live server was still handling a request 60 s after the test")


class PageWatch:
    """Records what a page did, for the checks at teardown."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.loads: list[str] = []
        self.checked: set[int] = set()
        self.problems: list[str] = []
        page.on("load", self._on_load)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        setattr(page, ON_CHECKED_ATTRIBUTE, self._on_checked)

    def _on_load(self, page: Page) -> None:
        self.loads.append(page.url)

    def _on_checked(self) -> None:
        self.checked.add(len(self.loads))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        text = message.text
        location = (message.location or {}).get("url", "")
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.problems.append(f"CSP violation: {text}")
        elif "Failed to load resource" in text and "/static/" in location:
            self.problems.append(f"static file failed to load: {location}")

    def report(self) -> list[str]:
        unchecked = [
            url
            for number, url in enumerate(self.loads, start=1)
            if number not in self.checked and url.startswith("http")
        ]
        return [
            *self.problems,
            *(f"page loaded but never checked with assert_accessible: {url}" for url in unchecked),
        ]


def _fail_on(watches: list[PageWatch]) -> None:
    problems = [problem for watch in watches for problem in watch.report()]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    watch = PageWatch(page)
    yield page
    _fail_on([watch])


@pytest.fixture(name="assert_accessible")
def assert_accessible_fixture() -> Callable[..., None]:
    return assert_accessible


@pytest.fixture(name="visit")
def visit_fixture() -> Callable[..., Any]:
    return visit


@pytest.fixture
def log_in(context: BrowserContext, live_server: Any) -> Callable[..., None]:
    def _log_in(user: User, *, browser_context: BrowserContext | None = None) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        (browser_context or context).add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )

    return _log_in


@pytest.fixture
def new_page(
    new_context: Callable[..., BrowserContext], log_in: Callable[..., None]
) -> Iterator[Callable[..., Page]]:
    watches: list[PageWatch] = []

    def _new_page(user: User | None = None) -> Page:
        browser_context = new_context()
        if user is not None:
            log_in(user, browser_context=browser_context)
        page = browser_context.new_page()
        watches.append(PageWatch(page))
        return page

    yield _new_page
    _fail_on(watches)
