"""select_version: the version of a rule set valid on the reference date, or an error."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from sroi.rules.engine import CalculationError, RuleSet, select_version
from tests.engine.builders import haaglanden, utrecht_2024


def utrecht_versions() -> tuple[RuleSet, ...]:
    current = utrecht_2024()  # valid from 2024-01-01, open-ended
    old = replace(
        current, version="2015-1", valid_from=date(2015, 1, 1), valid_to=date(2023, 12, 31)
    )
    return (haaglanden(), old, current)


@pytest.mark.parametrize(
    ("day", "version"),
    [
        (date(2015, 1, 1), "2015-1"),
        (date(2023, 12, 31), "2015-1"),
        (date(2024, 1, 1), "2024-1"),
        (date(2099, 6, 1), "2024-1"),
    ],
)
def test_the_version_valid_on_the_day_is_chosen(day: date, version: str) -> None:
    chosen = select_version(utrecht_versions(), "utrecht", day)
    assert (chosen.id, chosen.version) == ("utrecht", version)


def test_an_unknown_rule_set_is_an_error() -> None:
    with pytest.raises(CalculationError) as caught:
        select_version(utrecht_versions(), "amsterdam", date(2026, 1, 1))
    (problem,) = caught.value.problems
    assert (problem.line, problem.field, problem.code) == (None, "ruleset", "unknown_ruleset")
    assert problem.message_nl == "Onbekende regelset 'amsterdam'."


def test_no_version_on_the_day_is_an_error() -> None:
    with pytest.raises(CalculationError) as caught:
        select_version(utrecht_versions(), "utrecht", date(2014, 12, 31))
    (problem,) = caught.value.problems
    assert (problem.field, problem.code) == ("ruleset", "no_valid_version")
    assert problem.message == "Rule set 'utrecht' has no version valid on 2014-12-31."
    assert problem.message_nl == "Regelset 'utrecht' heeft geen versie die geldt op 31-12-2014."


def test_overlapping_versions_are_refused_rather_than_guessed() -> None:
    overlap = replace(utrecht_2024(), version="2026-1", valid_from=date(2026, 1, 1))
    with pytest.raises(CalculationError) as caught:
        select_version((*utrecht_versions(), overlap), "utrecht", date(2026, 6, 1))
    (problem,) = caught.value.problems
    assert problem.code == "ambiguous_version"
    assert problem.message == (
        "Rule set 'utrecht' has more than one version valid on 2026-06-01: 2024-1, 2026-1."
    )


def test_an_empty_collection_knows_no_rule_set() -> None:
    with pytest.raises(CalculationError):
        select_version((), "utrecht", date(2026, 1, 1))
