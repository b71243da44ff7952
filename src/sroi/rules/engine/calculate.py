"""Placeholder: the engine helper implements calculate() and select_version()."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sroi.rules.engine.errors import CalculationError, Problem
from sroi.rules.engine.types import CalculationRequest, Language, RuleSet, Valuation


def select_version(rulesets: Iterable[RuleSet], ruleset_id: str, reference_date: date) -> RuleSet:
    raise CalculationError([Problem(None, "ruleset", "not_implemented", "todo", "todo")])


def calculate(
    request: CalculationRequest, ruleset: RuleSet, *, language: Language = Language.NL
) -> Valuation:
    raise CalculationError([Problem(None, "ruleset", "not_implemented", "todo", "todo")])
