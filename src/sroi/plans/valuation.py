"""The ONE place where the plans app values a plan: plan -> engine request -> ``calculate``.

The live panel of the plan form, the submission snapshot, the PDF and the contractor home all
come through here, so a plan is never valued in two ways.

Drafts may be incomplete. ``plan_valuation`` never raises for that: it returns a
``PlanValuation`` whose ``missing`` names the contract fields still needed, or whose
``problems`` carry the engine's problems mapped back to the plan's lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import prefetch_related_objects
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from sroi.plans.constants import DEFAULT_RULESET_CODE
from sroi.plans.lines import plan_line_is_empty
from sroi.plans.models import Contract, Plan, PlanLine
from sroi.rules import selectors as rule_selectors
from sroi.rules.engine import (
    CalculationError,
    CalculationRequest,
    Language,
    Line,
    Problem,
    PsoLevel,
    RuleSet,
    Valuation,
    calculate,
)
from sroi.rules.engine import Contract as EngineContract
from sroi.rules.models import RuleSetVersion

# Contract fields the engine needs before anything can be valued, with the Dutch message.
CONTRACT_FIELDS_NEEDED: dict[str, Any] = {  # lazy translations
    "value_eur": gettext_lazy("Enter the (estimated) contract value."),
    "start_date": gettext_lazy("Enter the start date of the contract."),
    "end_date": gettext_lazy("Enter the end date of the contract."),
}


@dataclass(frozen=True)
class LineProblem:
    """A problem on one plan line. ``line`` is the index in the lines given.

    ``message_nl`` is the engine's Dutch message (engine problems), or for the plans app's own
    problems the message in the active language (Dutch by default).
    """

    line: int | None
    field: str
    code: str
    message_nl: str


@dataclass(frozen=True)
class PlanValuation:
    """The outcome of valuing a plan (complete or not).

    - ``valuation``: the engine's result, or None when the plan cannot be valued yet.
    - ``ruleset`` / ``ruleset_version``: the contract's rule set (None before a start date).
    - ``missing``: contract field -> Dutch message, for fields the engine needs first.
    - ``problems``: engine problems, line indexes mapped back to the lines given.
    - ``skipped``: indexes of empty lines left out of the calculation (nothing typed).
    - ``ruleset_fixed``: whether ``ruleset_version`` is fixed on the contract; if not, it is
      the version valid on the start date, which a submission will fix.
    - ``line_indexes``: for each line of ``valuation`` (the engine's line index), the index
      of the plan line it values (lines without a block are not valued, so they differ).
    """

    valuation: Valuation | None
    ruleset: RuleSet | None
    ruleset_version: RuleSetVersion | None
    missing: dict[str, str] = field(default_factory=dict)
    problems: tuple[LineProblem, ...] = ()
    skipped: tuple[int, ...] = ()
    line_indexes: tuple[int, ...] = ()
    ruleset_fixed: bool = False  # the contract's version is fixed (at its first submission)

    @property
    def ok(self) -> bool:
        return self.valuation is not None

    @property
    def shortfall(self) -> tuple[Decimal, Decimal] | None:
        """(fulfilment %, remaining EUR) when the plan does not cover its whole obligation;
        None when it does or cannot be valued (approving then needs no explicit tick)."""
        valuation = self.valuation
        if valuation is None or valuation.fulfilment_pct is None or valuation.remaining_eur <= 0:
            return None
        return valuation.fulfilment_pct, valuation.remaining_eur


def contract_ruleset_version(contract: Contract) -> RuleSetVersion | None:
    """The contract's fixed rule-set version; for an unsaved or new contract the one valid on
    its start date (what ``contract_create`` would fix). None without start or valid version."""
    if contract.ruleset_version_id is not None:
        return contract.ruleset_version
    start = contract.start_date
    if start is None:
        return None
    # Asked again for the same contract object (one request: the form, the stored form's
    # fingerprint, the valuation): the answer found for this start date.
    found = contract.__dict__.get(_VALID_VERSION)
    if found is not None and found[0] == start:
        return found[1]  # type: ignore[no-any-return]
    # The published versions as this process keeps them (one small query when unchanged).
    version = rule_selectors.published_version_valid_on(
        rule_selectors.ruleset_versions_published(), code=DEFAULT_RULESET_CODE, day=start
    )
    contract.__dict__[_VALID_VERSION] = (start, version)
    return version


_VALID_VERSION = "_sroi_valid_ruleset_version"


def line_block(line: PlanLine, ruleset: RuleSet) -> str | None:
    """The block of a line: the one it names, else the one its target group maps to in the
    rule set (rule-set data: ``target_groups`` of the rule-set document)."""
    if line.block_code:
        return line.block_code
    if not line.target_group:
        return None
    return ruleset.target_group_block(line.target_group)


def _engine_line(line: PlanLine, block: str) -> Line:
    return Line(
        block=block,
        hours_per_week=line.hours_per_week,
        start=line.start_date,
        end=line.end_date,
        count=line.count if line.count is not None else 1,
        bonuses=tuple(str(code) for code in (line.bonuses or [])),
        hours=line.hours,
        amount_eur=line.amount_eur,
        agreed_value_eur=line.agreed_value_eur,
    )


def _pso(level: str) -> PsoLevel | None:
    return PsoLevel(level) if level else None


def valuation_for(
    *,
    contract: Contract,
    lines: Sequence[PlanLine],
    pso_level: str = "",
    language: Language = Language.NL,
    ruleset_cache: dict[int, RuleSet] | None = None,
) -> PlanValuation:
    """Value a contract with lines; the instances may be unsaved (the live panel's form data).

    ``ruleset_cache`` (rule-set version pk -> engine rule set) saves parsing the same rule set
    for every plan of a list.
    """
    version = contract_ruleset_version(contract)
    ruleset = _engine_ruleset(version, ruleset_cache)
    fixed = contract.ruleset_version_id is not None

    missing = {
        name: str(message)
        for name, message in CONTRACT_FIELDS_NEEDED.items()
        if getattr(contract, name) is None
    }
    if ruleset is None and "start_date" not in missing:
        missing["ruleset"] = _(
            "There is no published rule set valid on the start date of the contract."
        )
    # The contract's own figures, read once: ``missing`` names each one that is None, and the
    # explicit checks below keep it so also under ``python -O`` (no assert).
    value_eur, start, end = contract.value_eur, contract.start_date, contract.end_date
    if missing or ruleset is None or value_eur is None or start is None or end is None:
        return PlanValuation(None, ruleset, version, missing=missing, ruleset_fixed=fixed)

    problems: list[LineProblem] = []
    skipped: list[int] = []
    engine_lines: list[Line] = []
    index_map: list[int] = []  # engine line index -> index in ``lines``
    for index, line in enumerate(lines):
        if plan_line_is_empty(line):
            skipped.append(index)
            continue
        block = line_block(line, ruleset)
        if block is None:
            problems.append(
                LineProblem(
                    index,
                    "block_code",
                    "no_block",
                    _(
                        "Choose a building block: this target group has no block of its own"
                        " in the rule set of this contract."
                    )
                    if line.target_group
                    else _("Choose a target group or a building block."),
                )
            )
            continue
        engine_lines.append(_engine_line(line, block))
        index_map.append(index)

    request = CalculationRequest(
        contract=EngineContract(
            value_eur=Decimal(value_eur),
            start=start,
            end=end,
            sroi_percentage=(
                Decimal(contract.sroi_percentage) if contract.sroi_percentage is not None else None
            ),
        ),
        lines=tuple(engine_lines),
        pso_level=_pso(pso_level),
        reference_date=_reference_date(contract, ruleset),
    )
    try:
        valuation = calculate(request, ruleset, language=language)
    except CalculationError as exc:
        problems.extend(_map_problem(problem, index_map) for problem in exc.problems)
        return PlanValuation(
            None,
            ruleset,
            version,
            problems=tuple(problems),
            skipped=tuple(skipped),
            ruleset_fixed=fixed,
        )
    # Lines without a block are not valued (``problems``); the others' values are shown.
    return PlanValuation(
        valuation,
        ruleset,
        version,
        problems=tuple(problems),
        skipped=tuple(skipped),
        line_indexes=tuple(index_map),
        ruleset_fixed=fixed,
    )


def _engine_ruleset(
    version: RuleSetVersion | None, cache: dict[int, RuleSet] | None
) -> RuleSet | None:
    if version is None:
        return None
    if cache is None:
        return version.to_engine()
    if version.pk not in cache:
        cache[version.pk] = version.to_engine()
    return cache[version.pk]


def _reference_date(contract: Contract, ruleset: RuleSet) -> date | None:
    """The contract start, unless the fixed version no longer covers it (the start date was
    corrected after the rule set was fixed): then the version's own first day, so the engine
    values with the fixed version instead of refusing it."""
    start = contract.start_date
    if start is None or ruleset.is_valid_on(start):
        return None
    return ruleset.valid_from


def _map_problem(problem: Problem, index_map: Sequence[int]) -> LineProblem:
    line = index_map[problem.line] if problem.line is not None else None
    return LineProblem(line, problem.field, problem.code, problem.message_nl)


# Valuations of saved plans, kept per process under everything they are computed from
# (``_valuation_key``): a list of plans values each plan once, not on every request.
_VALUATIONS: dict[tuple[Any, ...], PlanValuation] = {}
_VALUATIONS_MAX = 1024


def _columns(instance: Any) -> tuple[Any, ...]:
    return tuple(_hashable(getattr(instance, f.attname)) for f in instance._meta.concrete_fields)


def _valuation_key(
    plan: Plan, version: RuleSetVersion | None, language: Language
) -> tuple[Any, ...]:
    """Every input of ``valuation_for`` for a saved plan: the plan's columns (its
    ``revision`` and ``updated_at`` change with every save of its lines:
    ``services.plan_save_draft`` is the only writer of lines of a saved plan), the contract's
    columns (also a change made without the services), the rule-set version (pk and change
    time: a publication or correction changes it) and the language (messages). The lines
    themselves are not needed, so a list of plans reads no lines when every plan is kept."""
    return (
        _columns(plan),
        _columns(plan.contract),
        (version.pk, version.updated_at) if version is not None else None,
        language,
        get_language(),
    )


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def plan_valuation(
    plan: Plan,
    *,
    language: Language = Language.NL,
    ruleset_cache: dict[int, RuleSet] | None = None,
    reuse: bool = False,
) -> PlanValuation:
    """Value a saved plan with its saved lines (prefetched lines are used as they are).

    ``reuse``: return the valuation this process computed before from exactly the same
    inputs (``_valuation_key``), if any (pages that show it; the result is immutable); the
    lines are read only when it is not kept."""
    key = None
    if reuse:
        key = _valuation_key(plan, contract_ruleset_version(plan.contract), language)
        kept = _VALUATIONS.get(key)
        if kept is not None:
            return kept
    valuation = valuation_for(
        contract=plan.contract,
        lines=list(plan.lines.all()),
        pso_level=plan.pso_level,
        language=language,
        ruleset_cache=ruleset_cache,
    )
    if key is not None:
        if len(_VALUATIONS) >= _VALUATIONS_MAX:
            _VALUATIONS.clear()
        _VALUATIONS[key] = valuation
    return valuation


def plan_valuations_reused(
    plans: Sequence[Plan], *, ruleset_cache: dict[int, RuleSet] | None = None
) -> list[PlanValuation]:
    """``plan_valuation(plan, reuse=True)`` of each plan (a list page): the lines of the plans
    this process has not valued yet are read in one query, the others' not at all."""
    missing = [
        plan
        for plan in plans
        if _valuation_key(plan, contract_ruleset_version(plan.contract), Language.NL)
        not in _VALUATIONS
    ]
    if missing:
        prefetch_related_objects(missing, "lines")
    return [plan_valuation(plan, ruleset_cache=ruleset_cache, reuse=True) for plan in plans]
