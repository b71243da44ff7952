"""The schema-driven fuzzer (schemathesis) against the served schema (``/api/schema/``),
in-process through the WSGI app: every operation, every check, positive and negative data,
signed in with a coordinator's API key and with contracts, agreements and a placement present.
Any violation of the schema or any 500 fails the test (and so ``make test``).

``positive_data_acceptance`` accepts a 400 on the operations whose inputs have rules beyond
JSON Schema: the calculation (a block or bonus must exist in the rule set, an end must follow
its start) and the filter (``koper`` must be a buyer the user sees, ``tot`` must follow
``van``). ``negative_data_rejection`` counts a 413 (a calc document over the limits) as a
rejection. Every other check runs with schemathesis' defaults.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from pytest_django.fixtures import Settings as SettingsWrapper
from schemathesis.config import SchemathesisConfig

from sroi.accounts.models import User
from tests.portfolio.api_world import World, key_for, world

__all__ = ["world"]

MAX_EXAMPLES = 20
REJECTED = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]
ACCEPTED_WITH_RULES = ["2xx", "400", "401", "403", "404", "429"]


@pytest.fixture
def _in_process(settings: SettingsWrapper) -> Iterator[None]:
    """Requests share the test's connection and transaction, as with Django's test client
    (which disconnects the same signal); the throttle does not limit the fuzzer."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"calc": "100000/minute", "portfolio_api": "100000/minute"},
    }
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"mode": "all", "max-examples": MAX_EXAMPLES},
        # A calc document over the limits is refused with 413 (declared), a rejection too.
        "checks": {"negative_data_rejection": {"expected-statuses": REJECTED}},
        "operations": [
            {
                "include-path-regex": "^/api/v1/(calc|contracts|aggregates)/$",
                "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED_WITH_RULES}},
            }
        ],
    }
)
# Loaded from the served schema when the module is collected (no database is needed for it).
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/?format=json", get_wsgi_application(), config=CONFIG
)


@pytest.fixture
def coordinator_key(world: World, coordinator: User, _in_process: None) -> str:
    return key_for(coordinator)


@pytest.mark.usefixtures("shipped_rulesets")
@schema.parametrize()
@settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_schema(case: Any, coordinator_key: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {coordinator_key}"})
