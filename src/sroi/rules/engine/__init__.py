"""The bouwblokken engine: pure Python, standard library only, no clock, no I/O.

Everything arrives as arguments: ``calculate(request, ruleset) -> Valuation``.
See ``docs/rekenregels.md`` for the rules in prose.
"""

from sroi.rules.engine.calculate import (
    calculate,
    obligation_eur,
    obligation_net_eur,
    select_version,
)
from sroi.rules.engine.errors import CalculationError, Problem
from sroi.rules.engine.types import (
    Basis,
    Block,
    Bonus,
    BonusBasis,
    CalculationRequest,
    CandidatePeriod,
    Category,
    Contract,
    ExplanationTrace,
    Language,
    Line,
    LineResult,
    PsoLevel,
    Reason,
    RuleSet,
    RuleSetStatus,
    Steps,
    Valuation,
    WarningCode,
)

__all__ = [
    "Basis",
    "Block",
    "Bonus",
    "BonusBasis",
    "CalculationError",
    "CalculationRequest",
    "CandidatePeriod",
    "Category",
    "Contract",
    "ExplanationTrace",
    "Language",
    "Line",
    "LineResult",
    "Problem",
    "PsoLevel",
    "Reason",
    "RuleSet",
    "RuleSetStatus",
    "Steps",
    "Valuation",
    "WarningCode",
    "calculate",
    "obligation_eur",
    "obligation_net_eur",
    "select_version",
]
