"""The live server the browser tests talk to: its request threads have database connections
of their own: an autosave crossing a navigation once broke a shared in-memory connection, and
with it every later browser test."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.request import urlopen

import pytest
from django.db import connection

pytestmark = pytest.mark.urls("tests.e2e.live_server_urls")


def _served_by(url: str) -> dict[str, Any]:
    with urlopen(url, timeout=30) as response:  # noqa: S310 (the live server, http)
        result: dict[str, Any] = json.loads(response.read())
    return result


def test_live_server_requests_do_not_share_the_tests_database_connection(
    live_server: Any,
) -> None:
    url = f"{live_server.url}/test-database-connection/"
    # Two requests at once, as an autosave and a navigation are.
    with ThreadPoolExecutor(max_workers=2) as pool:
        served = list(pool.map(_served_by, [url, url]))

    assert all(answer["id"] != id(connection) for answer in served)
    assert all(answer["name"] == connection.settings_dict["NAME"] for answer in served)
    assert ":memory:" not in connection.settings_dict["NAME"]
    assert "mode=memory" not in connection.settings_dict["NAME"]
