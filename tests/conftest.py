"""Fixed personas so every view test has its wrong-organisation case."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sroi.accounts.models import User
from tests.factories import UserFactory


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """On SQLite the test database is a file, never Django's shared in-memory database.

    With an in-memory database pytest-django hands the test's own connection to the live
    server, so the browser tests' request threads share one connection with each other and
    with the test: an autosave crossing a navigation broke it (`no such savepoint`) and every
    later test failed with TransactionManagementError. A file gives every thread its own
    connection; writers queue (BEGIN IMMEDIATE, a generous busy timeout) instead of failing
    with "database is locked". See docs/adr/0006-browser-tests-own-connections.md.
    """
    from django.conf import settings

    for database in settings.DATABASES.values():
        if database["ENGINE"] != "django.db.backends.sqlite3":
            continue
        test = database.setdefault("TEST", {})
        if not test.get("NAME"):
            # One directory per run: parallel runs in one checkout never share a file.
            test["NAME"] = str(Path(tmp_path_factory.mktemp("database")) / "test.sqlite3")
        database["OPTIONS"] = {
            **database.get("OPTIONS", {}),
            "transaction_mode": "IMMEDIATE",
            "timeout": 60,
            # The test database is thrown away: no fsync; readers never wait for a writer.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF",
        }


@pytest.fixture
def contractor_a(db: None) -> User:
    return UserFactory(email="a@bouw-a.example.org", organisation__name="Bouwbedrijf A B.V.")


@pytest.fixture
def contractor_b(db: None) -> User:
    return UserFactory(email="b@schoon-b.example.org", organisation__name="Schoonmaak B B.V.")


@pytest.fixture
def coordinator(db: None) -> User:
    return UserFactory(email="coordinator@werksaam.example.org", coordinator=True)


@pytest.fixture
def administrator(db: None) -> User:
    return UserFactory(email="admin@werksaam.example.org", administrator=True)


@pytest.fixture
def shipped_rulesets(db: None) -> None:
    """The shipped rule sets, imported as published versions (what `make run` does)."""
    from sroi.rules.services import ruleset_import_shipped

    ruleset_import_shipped()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Rate-limit counters (allauth) and throttles live in the cache: no test inherits another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _dutch() -> Iterator[None]:
    """Every test starts in the default language (Dutch), whatever an earlier request chose.

    A request activates its language in the thread and leaves it active; services called
    directly by a later test would otherwise speak the earlier test's language.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
