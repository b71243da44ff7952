"""``calculate`` pauses Python's cycle collector while it values the lines, and only then."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from sroi.rules.engine import CalculationError, Line, calculate
from tests.engine.builders import placement, request, utrecht_2024


@pytest.fixture
def collector_enabled() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    (gc.enable if was_enabled else gc.disable)()


@pytest.mark.usefixtures("collector_enabled")
def test_the_collector_runs_again_after_a_valuation_and_after_a_refused_request() -> None:
    gc.enable()
    calculate(request(placement("PW", "36")), utrecht_2024())
    assert gc.isenabled()
    with pytest.raises(CalculationError):
        calculate(request(Line("ONBEKEND")), utrecht_2024())
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_enabled")
def test_a_collector_switched_off_by_the_caller_stays_off() -> None:
    gc.disable()
    valuation = calculate(request(placement("PW", "36")), utrecht_2024())
    assert not gc.isenabled()
    assert valuation.total_eur > 0
