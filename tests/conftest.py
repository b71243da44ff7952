"""Fixed personas so every view test has its wrong-organisation case."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sroi.accounts.models import User
from tests.factories import UserFactory


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
