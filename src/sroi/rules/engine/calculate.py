"""The calculation of ``rekenregels.md``: obligation, line values, totals.

``calculate(request, ruleset)`` checks the whole request first and raises one
``CalculationError`` listing every problem; only a clean request is valued.

Amounts are computed exactly as integer ratios ``(numerator, denominator)`` (a Decimal's
``as_integer_ratio()``; 17/31 of a month stays 17/31) and rounded once per line, half up, to
cents. Integers keep the engine fast and independent of the caller's decimal context.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from operator import attrgetter
from typing import NamedTuple, cast

from sroi.rules.engine.candidates import Candidates, Part
from sroi.rules.engine.errors import CalculationError, Problem
from sroi.rules.engine.explain import (
    FIELD_LABELS_NL,
    PSO_LABELS,
    bonus_label,
    format_cents,
    format_date,
    format_number,
    format_ratio,
    formula,
    literals,
    make_problem,
    steps_of,
    unit,
)
from sroi.rules.engine.limits import (
    AMOUNT_EUR,
    COUNT,
    HOURS,
    HOURS_PER_WEEK,
    PERCENTAGE,
    DecimalLimit,
)
from sroi.rules.engine.money import half_up, sum_cents, to_decimal, units_to_decimal
from sroi.rules.engine.periods import cap_end, month_ratio, months_before
from sroi.rules.engine.types import (
    Basis,
    Block,
    Bonus,
    BonusBasis,
    CalculationRequest,
    CandidatePeriod,
    Contract,
    ExplanationTrace,
    Language,
    Line,
    LineResult,
    Reason,
    RuleSet,
    RuleSetStatus,
    Steps,
    Valuation,
    WarningCode,
)

Ratio = tuple[int, int]  # an exact number: (numerator, denominator > 0)

ZERO = Decimal("0.00")
MAX_HOURS_PER_WEEK = HOURS_PER_WEEK.maximum
# Problems after which a line is not valued: its numbers are not usable.
_UNCOMPUTABLE = frozenset({"not_a_number", "too_large", "hours_per_week_above_168"})
# A value in a message is written out as a number up to this exponent, beyond it as given.
_SHOWN_MAX_EXPONENT = 20

_STATUS_WARNINGS: dict[RuleSetStatus, WarningCode] = {
    RuleSetStatus.INDICATIVE: WarningCode.INDICATIVE_RULESET,
    RuleSetStatus.PARTIAL: WarningCode.PARTIAL_RULESET,
}

# Where a line of a basis without ``count`` keeps its total.
_TOTAL_FIELD: dict[Basis, str] = {Basis.PER_HOUR: "hours", Basis.PER_EURO: "amount_eur"}


@dataclass(frozen=True)
class _Kind:
    """A block with a line's bonuses and unit value, worked out once per calculation.

    Lines of the same block, bonuses and agreed value share it: the checks of the block, the
    bonuses and the agreed value, the first explanation steps and the yearly and one-off sums.
    """

    block: Block
    bonuses: tuple[Bonus, ...]
    unit_value: Decimal  # the block's value, else the line's agreed value
    # no problem with the block, the bonuses or the agreed value (follows from the above)
    clean: bool = field(compare=False)
    # the fields a line needs: those of the basis, and the agreed value without a block value
    required: tuple[str, ...] = ()
    # a line's block, count and ``required`` fields, in one call (``None`` in it: one is missing)
    required_of: Callable[[Line], tuple[object, ...]] = field(
        default=attrgetter("block", "count"), compare=False
    )
    steps: tuple[str, ...] = ()  # the block and its value, then each bonus (per_fte_year)
    annual: Ratio = (0, 1)  # unit value + yearly bonuses
    one_off: Ratio = (0, 1)  # one-off bonuses
    annual_text: str = ""
    one_off_text: str = ""


# The two steps written for every valued line: the texts around their values.
_PERIOD: dict[Language, tuple[str, ...]] = {
    language: literals(steps_of(language)["period"], "start", "end", "months")
    for language in Language
}
_VALUE: dict[Language, tuple[str, ...]] = {
    language: literals(steps_of(language)["value"], "formula", "value") for language in Language
}

_KindKey = tuple[str, tuple[str, ...], Decimal | None]  # block, bonuses, agreed value


class _HoursFactor(NamedTuple):
    """A placement's hours per week as a factor of a full-time week (``_Context.hours``)."""

    factor: Ratio  # min(hours, basis) / basis
    text: str  # the factor as the explanation writes it: ``0,5``
    step: str  # ``Uren: 18 van 36 = factor 0,5``


@dataclass(frozen=True)
class _Context:
    """What every line needs, plus caches of formatted texts (values repeat across lines)."""

    ruleset: RuleSet
    contract: Contract
    language: Language
    earliest: date  # the earliest start that counts (contract start minus the lookback)
    # The candidates' placements here and elsewhere (shared cap, hours split); None when no
    # line names a candidate.
    candidates: Candidates | None = field(default=None, compare=False)
    # Lookups and caches, derived from the fields above: left out of equality and hash (a
    # line result's trace refers to its context, and equal inputs give equal results).
    blocks: dict[str, Block] = field(default_factory=dict, compare=False)
    templates: Mapping[str, str] = field(default_factory=dict, compare=False)
    kinds: dict[_KindKey, _Kind] = field(default_factory=dict, compare=False)
    _hours: dict[Decimal, _HoursFactor] = field(default_factory=dict, compare=False)
    _days: dict[date, str] = field(default_factory=dict, compare=False)
    _numbers: dict[Ratio, str] = field(default_factory=dict, compare=False)
    _amounts: dict[Ratio, str] = field(default_factory=dict, compare=False)
    _months: dict[Ratio, Decimal] = field(default_factory=dict, compare=False)
    # The explanations of valued per_fte_year and per_month lines, by the values that
    # determine their texts (see the traces): lines alike share one rendered tuple.
    explanations: dict[tuple[object, ...], tuple[str, ...]] = field(
        default_factory=dict, compare=False
    )

    def day(self, value: date) -> str:
        text = self._days.get(value)
        if text is None:
            text = self._days[value] = format_date(value, self.language)
        return text

    def amount(self, value: Ratio) -> str:
        """Whole euros without cents (``EUR 40.000``), else with (``EUR 0,50``)."""
        text = self._amounts.get(value)
        if text is None:
            text = format_cents(half_up(*value, 2), self.language, always=False)
            self._amounts[value] = text
        return text

    def cents(self, cents: int) -> str:
        return format_cents(cents, self.language)

    def number(self, value: Ratio) -> str:
        text = self._numbers.get(value)
        if text is None:
            text = self._numbers[value] = format_ratio(*value, self.language)
        return text

    def months(self, value: Ratio) -> Decimal:
        exact = self._months.get(value)
        if exact is None:
            exact = self._months[value] = to_decimal(*value)
        return exact

    def hours(self, hours: Decimal) -> _HoursFactor:
        """The factor of ``hours`` per week, the factor as text and the explanation step."""
        known = self._hours.get(hours)
        if known is None:
            basis_hours = self.ruleset.basis_hours_per_week
            hours_top, hours_bottom = _ratio(min(hours, basis_hours))
            basis_top, basis_bottom = _ratio(basis_hours)
            factor = (hours_top * basis_bottom, hours_bottom * basis_top)
            text = self.number(factor)
            known = self._hours[hours] = _HoursFactor(
                factor,
                text,
                self.step(
                    "hours",
                    hours=self.number(_ratio(hours)),
                    basis=self.number((basis_top, basis_bottom)),
                    factor=text,
                ),
            )
        return known

    def step(self, key: str, **values: str) -> str:
        return self.templates[key].format(**values)

    def period(self, start: date, end: date, months: str) -> str:
        """``Periode 15-03-2026 t/m 30-06-2026 = 3,5484 maanden``."""
        before, between, equals, after = _PERIOD[self.language]
        return f"{before}{self.day(start)}{between}{self.day(end)}{equals}{months}{after}"

    def value(self, formula: str, cents: int) -> str:
        """``Waarde: EUR 20.000 x 0,5 x 3,5484 / 12 = EUR 2.956,99``."""
        before, equals, after = _VALUE[self.language]
        return f"{before}{formula}{equals}{self.cents(cents)}{after}"


def _ratio(value: Decimal) -> Ratio:
    return value.as_integer_ratio()


def obligation_cents(value_eur: Decimal, percentage: Decimal) -> int:
    """The obligation in cents: ``percentage`` % of ``value_eur``, rounded once, half up.

    The one definition of the obligation: the valuation uses it, and so does a contract's
    stored obligation (value including exercised extensions, ``sroi.plans.contract_state``).
    """
    value_top, value_bottom = _ratio(value_eur)
    pct_top, pct_bottom = _ratio(percentage)
    return half_up(value_top * pct_top, value_bottom * pct_bottom * 100, 2)


def obligation_eur(value_eur: Decimal, percentage: Decimal) -> Decimal:
    """``obligation_eur(Decimal("1000000"), Decimal("5")) == Decimal("50000.00")``."""
    return units_to_decimal(obligation_cents(value_eur, percentage), 2)


def pso_discount_cents(obligation: int, discount_pct: Decimal) -> int:
    """The PSO discount in cents on an obligation in cents, rounded once, half up."""
    discount_top, discount_bottom = _ratio(discount_pct)
    # obligation is in cents: cents x pct / 100 is again in cents
    return half_up(obligation * discount_top, discount_bottom * 100, 0)


def obligation_net_eur(obligation: Decimal, discount_pct: Decimal) -> Decimal:
    """The obligation after the PSO discount, as the valuation computes it.

    ``obligation_net_eur(Decimal("50000.00"), Decimal("10")) == Decimal("45000.00")``.
    """
    cents = half_up(*obligation.as_integer_ratio(), 2)
    return units_to_decimal(cents - pso_discount_cents(cents, discount_pct), 2)


def _sum(values: Iterable[Decimal]) -> Ratio:
    numerator, denominator = 0, 1
    for value in values:
        top, bottom = value.as_integer_ratio()
        numerator, denominator = numerator * bottom + top * denominator, denominator * bottom
    return numerator, denominator


# --- rule set version -----------------------------------------------------------------------


def select_version(rulesets: Iterable[RuleSet], ruleset_id: str, reference_date: date) -> RuleSet:
    """The version of rule set ``ruleset_id`` valid on ``reference_date``.

    Raises ``CalculationError`` when the id is unknown, when no version is valid on that day,
    or when more than one is (validity periods must not overlap).
    """
    versions = [ruleset for ruleset in rulesets if ruleset.id == ruleset_id]
    if not versions:
        raise CalculationError(
            [make_problem(None, "ruleset", "unknown_ruleset", ruleset=ruleset_id)]
        )
    valid = [ruleset for ruleset in versions if ruleset.is_valid_on(reference_date)]
    days = {
        "day": format_date(reference_date, Language.EN),
        "day_nl": format_date(reference_date, Language.NL),
    }
    if not valid:
        raise CalculationError(
            [make_problem(None, "ruleset", "no_valid_version", ruleset=ruleset_id, **days)]
        )
    if len(valid) > 1:
        versions_text = ", ".join(sorted(ruleset.version for ruleset in valid))
        raise CalculationError(
            [
                make_problem(
                    None,
                    "ruleset",
                    "ambiguous_version",
                    ruleset=ruleset_id,
                    versions=versions_text,
                    **days,
                )
            ]
        )
    return valid[0]


# --- the calculation ------------------------------------------------------------------------


def calculate(
    request: CalculationRequest, ruleset: RuleSet, *, language: Language = Language.NL
) -> Valuation:
    """Value a request under ``ruleset``; explanations in ``language``.

    Raises ``CalculationError`` with every problem of the request (each naming line and field).
    """
    basis_hours = ruleset.basis_hours_per_week
    if not basis_hours.is_finite() or basis_hours <= 0:
        raise CalculationError(
            [make_problem(None, "ruleset.basis_hours_per_week", "invalid_ruleset")]
        )
    contract = request.contract
    lines = request.lines
    named = [(index, line) for index, line in enumerate(lines) if line.candidate is not None]
    context = _Context(
        ruleset=ruleset,
        contract=contract,
        language=language,
        earliest=months_before(contract.start, ruleset.lookback_months),
        candidates=None,
        blocks={block.code: block for block in ruleset.blocks},
        templates=steps_of(language),
    )
    if named:  # the candidates' placements here and elsewhere, for the shared cap and hours
        candidates = Candidates(named, request.elsewhere, context.blocks, basis_hours)
        context = replace(context, candidates=candidates)
    # Each line is checked, then valued; after the first problem only the checks go on, so
    # that every problem of the request is reported at once.
    problems = _check_contract(contract)
    if named:
        problems += _check_elsewhere(request.elsewhere)
    results: list[LineResult] = []
    with _cycle_collection_paused():
        for index, line in enumerate(lines):
            checked = _check_line(index, line, context)
            if isinstance(checked, list):
                problems += checked
            elif not problems:
                results.append(_VALUERS[checked.block.basis](index, line, checked, context))
    if problems:
        raise CalculationError(problems)
    return _valuation(request, context, tuple(results))


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Python's cycle collector paused while the lines are checked and valued.

    The engine makes no reference cycles: reference counting frees whatever it drops. Yet
    every line result adds objects that the collector tracks, and its full passes over all of
    them (and over all else the process holds) took a fifth of the time of valuing 100,000
    lines. It runs again afterwards if it ran before; when two threads value at once, one
    may resume it while the other still works, which only costs that one the time again.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _valuation(
    request: CalculationRequest, context: _Context, results: tuple[LineResult, ...]
) -> Valuation:
    contract, ruleset = request.contract, context.ruleset
    percentage = (
        contract.sroi_percentage
        if contract.sroi_percentage is not None
        else ruleset.default_percentage
    )
    obligation = obligation_cents(contract.value_eur, percentage)
    discount_pct = ruleset.pso_discount(request.pso_level)
    pso_discount = pso_discount_cents(obligation, discount_pct)
    obligation_net = obligation - pso_discount
    explanation = [
        context.step(
            "obligation",
            percentage=format_number(percentage, context.language),
            contract_value=context.amount(_ratio(contract.value_eur)),
            obligation=context.cents(obligation),
        )
    ]
    if request.pso_level is not None:
        explanation.append(
            context.step(
                "pso",
                level=PSO_LABELS[request.pso_level],
                percentage=format_number(discount_pct, context.language),
                obligation=context.cents(obligation),
                discount=context.cents(pso_discount),
            )
        )
        explanation.append(
            context.step("obligation_net", obligation_net=context.cents(obligation_net))
        )

    warnings: list[WarningCode] = []
    if ruleset.threshold_eur is not None and contract.value_eur < ruleset.threshold_eur:
        warnings.append(WarningCode.BELOW_THRESHOLD)
    status_warning = _STATUS_WARNINGS.get(ruleset.status)
    if status_warning is not None:
        warnings.append(status_warning)

    total = sum_cents(result.value_eur for result in results)
    fulfilment = (
        units_to_decimal(half_up(total * 100, obligation_net, 1), 1) if obligation_net else None
    )
    return Valuation(
        ruleset=ruleset,
        reference_date=request.reference_date or contract.start,
        obligation_eur=units_to_decimal(obligation, 2),
        pso_discount_eur=units_to_decimal(pso_discount, 2),
        obligation_net_eur=units_to_decimal(obligation_net, 2),
        total_eur=units_to_decimal(total, 2),
        remaining_eur=units_to_decimal(max(0, obligation_net - total), 2),
        fulfilment_pct=fulfilment,
        lines=results,
        warnings=tuple(warnings),
        obligation_explanation=tuple(explanation),
    )


# --- checks ---------------------------------------------------------------------------------


def _check_number(
    line: int | None,
    field: str,
    value: Decimal | None,
    limit: DecimalLimit,
    *,
    too_large: str = "too_large",
) -> list[Problem]:
    """NaN and infinity, a value below 0 or above the limit (any decimals: exact arithmetic).

    Only comparisons: an absurd value (``1E+999999999``) is refused without arithmetic.
    """
    if value is None:
        return []
    if not value.is_finite():
        return [make_problem(line, field, "not_a_number")]
    if value < limit.minimum:
        return [make_problem(line, field, "negative")]
    if value > limit.maximum:
        return [
            make_problem(
                line,
                field,
                too_large,
                value=_shown(value, Language.EN),
                value_nl=_shown(value, Language.NL),
                maximum=format_number(limit.maximum, Language.EN),
                maximum_nl=format_number(limit.maximum, Language.NL),
            )
        ]
    return []


def _shown(value: Decimal, language: Language) -> str:
    """A value for a message: as a number, or as written when it is absurdly large."""
    if abs(value.adjusted()) > _SHOWN_MAX_EXPONENT:
        return str(value)
    return format_number(value, language)


def _check_dates(
    line: int | None, field: str, start: date | None, end: date | None
) -> list[Problem]:
    if start is None or end is None or end >= start:
        return []
    return [
        make_problem(
            line,
            field,
            "end_before_start",
            start=format_date(start, Language.EN),
            end=format_date(end, Language.EN),
            start_nl=format_date(start, Language.NL),
            end_nl=format_date(end, Language.NL),
        )
    ]


def _check_contract(contract: Contract) -> list[Problem]:
    problems = _check_number(None, "contract.value_eur", contract.value_eur, AMOUNT_EUR)
    problems += _check_dates(None, "contract.end", contract.start, contract.end)
    percentage = contract.sroi_percentage
    if percentage is not None and percentage.is_finite() and percentage < 0:
        problems.append(
            make_problem(
                None,
                "contract.sroi_percentage",
                "percentage_out_of_range",
                value=_shown(percentage, Language.EN),
                value_nl=_shown(percentage, Language.NL),
            )
        )
    else:
        problems += _check_number(
            None,
            "contract.sroi_percentage",
            percentage,
            PERCENTAGE,
            too_large="percentage_out_of_range",
        )
    return problems


def _check_bonuses(index: int, line: Line, ruleset: RuleSet) -> tuple[list[Bonus], list[Problem]]:
    bonuses: list[Bonus] = []
    problems: list[Problem] = []
    groups: dict[str, str] = {}
    seen: set[str] = set()
    for code in line.bonuses:
        if code in seen:
            problems.append(make_problem(index, "bonuses", "duplicate_bonus", bonus=code))
            continue
        seen.add(code)
        bonus = ruleset.bonus(code)
        if bonus is None:
            problems.append(
                make_problem(index, "bonuses", "unknown_bonus", bonus=code, ruleset=ruleset.id)
            )
            continue
        group = bonus.exclusive_group
        if group is not None and group in groups:
            problems.append(
                make_problem(
                    index,
                    "bonuses",
                    "exclusive_bonuses",
                    first=groups[group],
                    second=code,
                    group=group,
                )
            )
            continue
        if group is not None:
            groups[group] = code
        bonuses.append(bonus)
    return bonuses, problems


def _missing(index: int, block: Block, name: str) -> Problem:
    return make_problem(index, name, "missing_field", block=block.code, basis=block.basis.value)


# --- one line: the checks -------------------------------------------------------------------

# The fields a line of each basis needs (and ``agreed_value_eur`` for a block without value).
_REQUIRED: dict[Basis, tuple[str, ...]] = {
    Basis.PER_FTE_YEAR: ("hours_per_week", "start", "end"),
    Basis.PER_MONTH: ("start", "end"),
    Basis.FIXED: (),
    Basis.PER_HOUR: ("hours",),
    Basis.PER_EURO: ("amount_eur",),
}
# Bases whose lines have a period: a candidate on such a line is one person (count 1).
_PERIOD_BASES = frozenset({Basis.PER_FTE_YEAR, Basis.PER_MONTH})


def _check_line(index: int, line: Line, context: _Context) -> _Kind | list[Problem]:
    """The line's kind when every check passes, else every problem found on the line.

    ONE rule, ``_line_problems``; ``_is_plain`` only answers "nothing to find" for the common
    line by comparisons alone, so such a line builds no list of problems
    (``tests/engine/test_checks.py`` holds the two to the same answer for any line).
    """
    kind = _kind(line, context)
    if kind is not None and kind.clean and _is_plain(line, kind):
        return kind
    problems = _line_problems(index, line, context, kind)
    # Since the shortcut is exact, a line gets here only with a problem; were they ever to
    # differ, a clean line is still valued (never dropped with an empty list of problems).
    return problems if problems or kind is None else kind


def _line_problems(index: int, line: Line, context: _Context, kind: _Kind | None) -> list[Problem]:
    """Every problem of the line (``kind``: its ``_kind``), in the order they are reported:
    the line's numbers, count and dates; its block, bonuses and agreed value (found clean
    once per kind, else checked here); whether ``count`` fits the block and the candidate;
    then, unless a number is unusable, the fields the block's basis needs."""
    problems = _check_numbers(index, line)
    if kind is None or not kind.clean:
        problems += _check_kind(index, line, context)
        block = context.blocks.get(line.block)
        if block is None:
            return problems
    else:
        block = kind.block
    if line.count != 1:
        total_field = _TOTAL_FIELD.get(block.basis)
        if total_field is not None:
            problems.append(
                make_problem(
                    index,
                    "count",
                    "count_not_applicable",
                    block=block.code,
                    basis=block.basis.value,
                    total_field=total_field,
                    total_label=_label_nl(total_field),
                )
            )
        elif line.candidate is not None and block.basis in _PERIOD_BASES:
            problems.append(make_problem(index, "count", "count_with_candidate"))
    # With a NaN, an infinity or a number beyond its limit nothing can be computed (or only
    # at great cost): the missing fields are not looked for.
    if problems and any(problem.code in _UNCOMPUTABLE for problem in problems):
        return problems
    for name in _REQUIRED[block.basis]:
        if getattr(line, name) is None:
            problems.append(_missing(index, block, name))
    if block.value is None and line.agreed_value_eur is None:
        problems.append(_missing(index, block, "agreed_value_eur"))
    return problems


def _is_plain(line: Line, kind: _Kind) -> bool:
    """Whether a line of a clean kind passes every check, found by comparisons alone.

    True for the common line: numbers within their limits, dates in order, a count of 1 (or
    one its block takes) and the fields its kind needs. Such a line builds no list of
    problems; for any other line ``_line_problems`` looks for each problem (and may find
    none). For a line of a clean kind it is True exactly when ``_line_problems`` finds nothing
    (a property test in ``tests/engine/test_checks.py`` holds the two to that).
    """
    hours_per_week, hours, amount, count = (
        line.hours_per_week,
        line.hours,
        line.amount_eur,
        line.count,
    )
    start, end = line.start, line.end
    return (
        (hours_per_week is None or HOURS_PER_WEEK.admits(hours_per_week))
        and (hours is None or HOURS.admits(hours))
        and (amount is None or AMOUNT_EUR.admits(amount))
        and (start is None or end is None or start <= end)
        and (
            count == 1
            or (
                COUNT.admits(count)
                and kind.block.basis not in _TOTAL_FIELD
                and (line.candidate is None or kind.block.basis not in _PERIOD_BASES)
            )
        )
        and None not in kind.required_of(line)
    )


def _check_numbers(index: int, line: Line) -> list[Problem]:
    """The line's numbers against their limits, its count and its dates."""
    problems = _check_number(
        index,
        "hours_per_week",
        line.hours_per_week,
        HOURS_PER_WEEK,
        too_large="hours_per_week_above_168",
    )
    problems += _check_number(index, "hours", line.hours, HOURS)
    problems += _check_number(index, "amount_eur", line.amount_eur, AMOUNT_EUR)
    problems += _check_number(index, "agreed_value_eur", line.agreed_value_eur, AMOUNT_EUR)
    if line.count < COUNT.minimum:
        problems.append(make_problem(index, "count", "negative"))
    elif line.count > COUNT.maximum:
        problems.append(
            make_problem(
                index,
                "count",
                "too_large",
                value=str(line.count),
                value_nl=str(line.count),
                maximum=str(COUNT.maximum),
                maximum_nl=str(COUNT.maximum),
            )
        )
    problems += _check_dates(index, "end", line.start, line.end)
    return problems


def _check_kind(index: int, line: Line, context: _Context) -> list[Problem]:
    """The line's bonuses, block and agreed value (a kind that was not found clean)."""
    ruleset = context.ruleset
    problems = _check_bonuses(index, line, ruleset)[1]
    block = context.blocks.get(line.block)
    if block is None:
        problems.append(
            make_problem(index, "block", "unknown_block", block=line.block, ruleset=ruleset.id)
        )
        return problems
    if line.bonuses and block.basis is not Basis.PER_FTE_YEAR:
        problems.append(
            make_problem(
                index,
                "bonuses",
                "bonus_not_allowed",
                bonus=", ".join(line.bonuses),
                block=block.code,
            )
        )
    if block.value is not None and line.agreed_value_eur is not None:
        problems.append(
            make_problem(index, "agreed_value_eur", "agreed_value_not_allowed", block=block.code)
        )
    return problems


def _check_elsewhere(periods: Iterable[CandidatePeriod]) -> list[Problem]:
    """The candidates' periods on other contracts: their hours and dates."""
    problems: list[Problem] = []
    for period in periods:
        problems += _check_number(
            None,
            "elsewhere.hours_per_week",
            period.hours_per_week,
            HOURS_PER_WEEK,
            too_large="hours_per_week_above_168",
        )
        problems += _check_dates(None, "elsewhere.end", period.start, period.end)
    return problems


def _kind(line: Line, context: _Context) -> _Kind | None:
    """The line's kind, worked out on its first line.

    ``None`` for an unknown block, a NaN and a block without value nor agreed value: a line
    without a kind is checked field by field (the checks report what is wrong).
    """
    agreed = line.agreed_value_eur
    if agreed is not None and not agreed.is_finite():
        return None  # not a usable key; the checks report it
    key = (line.block, tuple(line.bonuses), agreed)  # a list of bonuses cannot be a key
    kind = context.kinds.get(key)
    if kind is None:
        block = context.blocks.get(line.block)
        if block is None:
            return None
        unit_value = block.value if block.value is not None else agreed
        if unit_value is None:  # the checks report the missing agreed value
            return None
        bonuses = _check_bonuses(0, line, context.ruleset)[0]
        # Clean: the kind's own checks (``_check_kind``, the one rule) find nothing and the
        # agreed value is in range; a line of a clean kind skips those checks.
        clean = not _check_kind(0, line, context) and (agreed is None or AMOUNT_EUR.admits(agreed))
        kind = _make_kind(block, tuple(bonuses), unit_value, context, clean=clean)
        context.kinds[key] = kind
    return kind


def _make_kind(
    block: Block,
    bonuses: tuple[Bonus, ...],
    unit_value: Decimal,
    context: _Context,
    *,
    clean: bool,
) -> _Kind:
    required = _REQUIRED[block.basis]
    if block.value is None:
        required = (*required, "agreed_value_eur")
    steps = [_first_step(block, unit_value, context)]
    steps += [_bonus_step(bonus, context) for bonus in bonuses]
    yearly = (bonus.value for bonus in bonuses if bonus.basis is BonusBasis.PER_FTE_YEAR)
    annual = _sum([unit_value, *yearly])
    one_off = _sum(bonus.value for bonus in bonuses if bonus.basis is BonusBasis.FIXED)
    return _Kind(
        block,
        bonuses,
        unit_value,
        clean,
        required=required,
        required_of=_required_of(required),
        steps=tuple(steps),
        annual=annual,
        one_off=one_off,
        annual_text=context.amount(annual),
        one_off_text=context.amount(one_off),
    )


def _required_of(required: tuple[str, ...]) -> Callable[[Line], tuple[object, ...]]:
    # with two fields that are never None, the getter gives a tuple for any ``required``
    getter: Callable[[Line], tuple[object, ...]] = attrgetter("block", "count", *required)
    return getter


def _label_nl(field: str) -> str:
    return FIELD_LABELS_NL[field].lower()


def _label(context: _Context, dutch: str, english: str) -> str:
    return dutch if context.language is Language.NL else english or dutch


def _first_step(block: Block, unit_value: Decimal, context: _Context) -> str:
    """The block and its value: ``Participatiewet: EUR 40.000 per voltijd jaar``."""
    label = _label(context, block.label_nl, block.label_en)
    key = "block" if block.value is not None else "agreed"
    return context.step(key, label=label, unit=unit(context.language, block.basis, unit_value))


def _bonus_step(bonus: Bonus, context: _Context) -> str:
    """``Bonus Ouder dan 50 jaar: + EUR 10.000 per jaar``."""
    key = "bonus_year" if bonus.basis is BonusBasis.PER_FTE_YEAR else "bonus_fixed"
    label = bonus_label(_label(context, bonus.label_nl, bonus.label_en))
    return context.step(key, label=label, amount=context.amount(_ratio(bonus.value)))


def _value_step(context: _Context, terms: list[str], cents: int) -> str:
    return context.value(formula(terms), cents)


# --- explanations, rendered when read -------------------------------------------------------


class _PlacementTrace(NamedTuple):
    """A valued per_fte_year line: its explanation, written when ``render`` is called.

    ``steps`` are the finished first steps (block, bonuses, cap, early start); the period,
    hours and value steps follow from the raw values.
    """

    context: _Context
    steps: tuple[str, ...]
    counted_from: date
    counted_to: date
    months: Ratio
    kind: _Kind
    hours: _HoursFactor
    candidates: int  # the line's count
    cents: int

    def render(self) -> tuple[str, ...]:
        context, steps, counted_from, counted_to, months, kind, hours, candidates, cents = self
        one_off = kind.one_off_text if kind.one_off[0] else ""
        # everything the texts are written from (ten values; a per_month line's key has seven)
        key = (steps, counted_from, counted_to, months, kind.annual_text, one_off,
               hours.text, hours.step, candidates, cents)  # fmt: skip
        texts = context.explanations.get(key)
        if texts is None:
            months_text = context.number(months)
            times = _times(candidates)
            terms = f"{kind.annual_text} x {hours.text} x {months_text} / 12{times}"
            if one_off:
                terms += f" + {one_off}{times}"
            texts = context.explanations[key] = (
                *steps,
                context.period(counted_from, counted_to, months_text),
                hours.step,
                context.value(terms, cents),
            )
        return texts


class _MonthTrace(NamedTuple):
    """A valued per_month line: its explanation, written when ``render`` is called."""

    context: _Context
    steps: tuple[str, ...]
    counted_from: date
    counted_to: date
    months: Ratio
    unit_text: str
    candidates: int  # the line's count
    cents: int

    def render(self) -> tuple[str, ...]:
        context, steps, counted_from, counted_to, months, unit_text, candidates, cents = self
        # everything the texts are written from (seven values; a placement's key has ten)
        key = (steps, counted_from, counted_to, months, unit_text, candidates, cents)
        texts = context.explanations.get(key)
        if texts is None:
            months_text = context.number(months)
            texts = context.explanations[key] = (
                *steps,
                context.period(counted_from, counted_to, months_text),
                context.value(f"{unit_text} x {months_text}{_times(candidates)}", cents),
            )
        return texts


class _SplitTrace(NamedTuple):
    """A per_fte_year line whose candidate worked more than full time on some of its days."""

    context: _Context
    steps: tuple[str, ...]
    counted_from: date
    counted_to: date
    months: Ratio
    kind: _Kind
    hours: Decimal
    shares: tuple[_Share, ...]
    candidates: int  # the line's count
    cents: int

    def render(self) -> tuple[str, ...]:
        context, steps, counted_from, counted_to, months, kind, hours, shares, count, cents = self
        basis = context.number(_ratio(context.ruleset.basis_hours_per_week))
        parts = []
        terms = []
        for part, part_months, factor in shares:
            months_text = context.number(part_months.as_integer_ratio())
            factor_text = context.number(factor.as_integer_ratio())
            parts.append(
                context.step(
                    "split_part",
                    start=context.day(part.start),
                    end=context.day(part.end),
                    months=months_text,
                    hours=context.number(_ratio(hours)),
                    total=context.number(_ratio(part.total)),
                    factor=factor_text,
                )
            )
            terms.append(f"{factor_text} x {months_text}")
        times = _times(count)
        formula_text = f"{kind.annual_text} x ({' + '.join(terms)}) / 12{times}"
        if kind.one_off[0]:
            formula_text += f" + {kind.one_off_text}{times}"
        return (
            *steps,
            context.period(counted_from, counted_to, context.number(months)),
            context.step("split", basis=basis),
            *parts,
            context.value(formula_text, cents),
        )


def _times(count: int) -> str:
    """The count term of a formula: nothing for one, else `` x 3``."""
    return "" if count == 1 else f" x {count}"


# --- line results ---------------------------------------------------------------------------


def _new_line_result(
    index: int,
    block: str,
    value_eur: Decimal,
    months: Decimal | None,
    counted_from: date | None,
    counted_to: date | None,
    reason: Reason | None,
    trace: ExplanationTrace,
    ref: str | None,
    cap_end: date | None,
    cap_cuts: bool = False,
    candidate: str | None = None,
    hours_split: bool = False,
) -> LineResult:
    """``LineResult(...)`` without the frozen dataclass's ``__init__``.

    That ``__init__`` sets each of the thirteen fields with ``object.__setattr__``: about a fifth of
    the time a line takes. The instance is the same frozen dataclass with the same fields
    (``tests/engine/test_line_result.py`` compares it with the constructor's).
    """
    result = object.__new__(LineResult)
    object.__setattr__(
        result,
        "__dict__",
        {
            "index": index,
            "block": block,
            "value_eur": value_eur,
            "months": months,
            "counted_from": counted_from,
            "counted_to": counted_to,
            "reason": reason,
            "_trace": trace,
            "ref": ref,
            "cap_end": cap_end,
            "cap_cuts": cap_cuts,
            "candidate": candidate,
            "hours_split": hours_split,
        },
    )
    return result


def _result(
    index: int,
    line: Line,
    steps: list[str],
    context: _Context,
    *,
    cents: int,
    months: Ratio | None,
    reason: Reason | None = None,
    cap: date | None = None,
) -> LineResult:
    """A line result without a counted period, its explanation given as texts."""
    return _new_line_result(
        index,
        line.block,
        units_to_decimal(cents, 2),
        None if months is None else context.months(months),
        None,
        None,
        reason,
        Steps(tuple(steps)),
        line.ref,
        cap,
        candidate=line.candidate,
    )


def _zero(
    index: int,
    line: Line,
    steps: list[str],
    reason: Reason,
    context: _Context,
    *,
    months: Ratio | None,
    cap: date | None = None,
) -> LineResult:
    steps.append(context.step("value_zero", value=context.cents(0)))
    return _result(index, line, steps, context, cents=0, months=months, reason=reason, cap=cap)


_NO_MONTHS: Ratio = (0, 1)

# from, to, months, the steps so far, the last day under the block's cap and whether that cap
# ends the counted period before the line's own end (it "cuts" the line)
_Counted = tuple[date, date, Ratio, tuple[str, ...], date | None, bool]


def _count_period(
    index: int,
    line: Line,
    start: date,
    end: date,
    block: Block,
    steps: tuple[str, ...],
    context: _Context,
) -> _Counted | LineResult:
    """Steps 1-3 of a placement: eligibility, counted period (with cap) and its months.

    The counted period and the steps so far, or the line's zero result when nothing counts.
    """
    contract = context.contract
    earliest = context.earliest
    # the cap runs from the candidate's first start under this block (section 9), else the start
    first = start
    if line.candidate is not None and context.candidates is not None:
        first = context.candidates.first_start(line.candidate, block.code)
    cap = cap_end(first, block.max_duration_months)
    if start < earliest:
        reason = context.step(
            "started_before_contract", start=context.day(start), earliest=context.day(earliest)
        )
        return _zero(
            index,
            line,
            [*steps, reason],
            Reason.STARTED_BEFORE_CONTRACT,
            context,
            months=_NO_MONTHS,
            cap=cap,
        )
    if cap is not None:
        if first < start:
            cap_step = context.step(
                "cap_shared",
                months=str(block.max_duration_months),
                first=context.day(first),
                cap_end=context.day(cap),
            )
        else:
            cap_step = context.step(
                "cap", months=str(block.max_duration_months), cap_end=context.day(cap)
            )
        steps = (*steps, cap_step)
        if first < start and cap < start:  # the candidate's months under the cap are used up
            used = context.step("cap_used", cap_end=context.day(cap))
            return _zero(
                index,
                line,
                [*steps, used],
                Reason.OUTSIDE_CONTRACT_PERIOD,
                context,
                months=_NO_MONTHS,
                cap=cap,
            )
    last = end if cap is None or end < cap else cap
    counted_from = start if start > contract.start else contract.start
    counted_to = last if last < contract.end else contract.end
    if counted_from > counted_to:
        outside = context.step(
            "outside_contract_period",
            start=context.day(start),
            end=context.day(last),
            contract_start=context.day(contract.start),
            contract_end=context.day(contract.end),
        )
        return _zero(
            index,
            line,
            [*steps, outside],
            Reason.OUTSIDE_CONTRACT_PERIOD,
            context,
            months=_NO_MONTHS,
            cap=cap,
        )
    if start < contract.start:
        lookback = context.step(
            "lookback", start=context.day(start), counted_from=context.day(counted_from)
        )
        steps = (*steps, lookback)
    cuts = cap is not None and cap < end and counted_to == cap
    return counted_from, counted_to, month_ratio(counted_from, counted_to), steps, cap, cuts


def _per_fte_year(index: int, line: Line, kind: _Kind, context: _Context) -> LineResult:
    hours = cast(Decimal, line.hours_per_week)  # the checks saw every field the basis needs
    start, end = cast(date, line.start), cast(date, line.end)
    counted = _count_period(index, line, start, end, kind.block, kind.steps, context)
    if isinstance(counted, LineResult):
        return counted
    counted_from, counted_to, months, steps, cap, cuts = counted
    hours_factor = context.hours(hours)
    minimum = context.ruleset.min_hours_per_week
    if minimum is not None and hours < minimum:
        below = context.step(
            "below_min_hours",
            hours=format_number(hours, context.language),
            minimum=format_number(minimum, context.language),
        )
        period = context.period(counted_from, counted_to, context.number(months))
        return _zero(
            index,
            line,
            [*steps, period, hours_factor.step, below],
            Reason.BELOW_MIN_HOURS,
            context,
            months=_NO_MONTHS,
            cap=cap,
        )
    # the candidate's hours over all its placements (section 9): parts of constant hours
    parts: tuple[Part, ...] = ()
    if line.candidate is not None and context.candidates is not None:
        parts = context.candidates.parts(line.candidate, index, counted_from, counted_to)
    trace: ExplanationTrace
    if parts:
        shares = _shares(hours, parts, context.ruleset.basis_hours_per_week)
        factor, weighted = (1, 1), _ratio_sum(share[1] * share[2] for share in shares)
        cents = _placement_cents(kind, factor, weighted, line.count)
        trace = _SplitTrace(
            context, steps, counted_from, counted_to, months, kind, hours, shares, line.count, cents
        )
    else:
        cents = _placement_cents(kind, hours_factor.factor, months, line.count)
        trace = _PlacementTrace(
            context, steps, counted_from, counted_to, months, kind, hours_factor, line.count, cents
        )
    return _new_line_result(
        index,
        line.block,
        units_to_decimal(cents, 2),
        context.months(months),
        counted_from,
        counted_to,
        None,
        trace,
        line.ref,
        cap,
        cuts,
        line.candidate,
        bool(parts),
    )


def _placement_cents(kind: _Kind, factor: Ratio, months: Ratio, count: int) -> int:
    """``annual x factor x months / 12 x count + one_off x count``, exactly, then rounded."""
    annual, one_off = kind.annual, kind.one_off
    per_year_top = annual[0] * factor[0] * months[0] * count
    per_year_bottom = annual[1] * factor[1] * months[1] * 12
    return half_up(
        per_year_top * one_off[1] + one_off[0] * count * per_year_bottom,
        per_year_bottom * one_off[1],
        2,
    )


# a part of a split line: the part, its months and the line's hours factor on those days
_Share = tuple[Part, Fraction, Fraction]


def _shares(hours: Decimal, parts: tuple[Part, ...], basis: Decimal) -> tuple[_Share, ...]:
    """Each part's months and the factor ``hours / max(total hours, basis)`` (section 9)."""
    return tuple(
        (
            part,
            Fraction(*month_ratio(part.start, part.end)),
            Fraction(hours) / Fraction(max(part.total, basis)),
        )
        for part in parts
    )


def _ratio_sum(values: Iterable[Fraction]) -> Ratio:
    return sum(values, Fraction(0)).as_integer_ratio()


def _per_month(index: int, line: Line, kind: _Kind, context: _Context) -> LineResult:
    start, end = cast(date, line.start), cast(date, line.end)
    unit_value = kind.unit_value
    # a bonus on a per_month line is already a problem: only the block's step
    counted = _count_period(index, line, start, end, kind.block, kind.steps[:1], context)
    if isinstance(counted, LineResult):
        return counted
    counted_from, counted_to, months, steps, cap, cuts = counted
    unit_top, unit_bottom = _ratio(unit_value)
    months_top, months_bottom = months
    cents = half_up(unit_top * months_top * line.count, unit_bottom * months_bottom, 2)
    trace = _MonthTrace(
        context,
        steps,
        counted_from,
        counted_to,
        months,
        context.amount(_ratio(unit_value)),
        line.count,
        cents,
    )
    return _new_line_result(
        index,
        line.block,
        units_to_decimal(cents, 2),
        context.months(months),
        counted_from,
        counted_to,
        None,
        trace,
        line.ref,
        cap,
        cuts,
        line.candidate,
    )


def _fixed(index: int, line: Line, kind: _Kind, context: _Context) -> LineResult:
    unit_value = kind.unit_value
    steps = list(kind.steps[:1])
    day = line.date if line.date is not None else line.start
    contract = context.contract
    if day is not None and not contract.start <= day <= contract.end:
        steps.append(
            context.step(
                "outside_contract_period_date",
                day=context.day(day),
                contract_start=context.day(contract.start),
                contract_end=context.day(contract.end),
            )
        )
        return _zero(index, line, steps, Reason.OUTSIDE_CONTRACT_PERIOD, context, months=None)
    if day is not None:
        steps.append(context.step("date", day=context.day(day)))
    unit_top, unit_bottom = _ratio(unit_value)
    cents = half_up(unit_top * line.count, unit_bottom, 2)
    terms = [context.amount(_ratio(unit_value)), "x", str(line.count)]
    steps.append(_value_step(context, terms, cents))
    return _result(index, line, steps, context, cents=cents, months=None)


def _per_hour(index: int, line: Line, kind: _Kind, context: _Context) -> LineResult:
    hours, unit_value = cast(Decimal, line.hours), kind.unit_value
    steps = list(kind.steps[:1])
    unit_top, unit_bottom = _ratio(unit_value)
    hours_top, hours_bottom = _ratio(hours)
    cents = half_up(unit_top * hours_top, unit_bottom * hours_bottom, 2)
    terms = [
        context.amount(_ratio(unit_value)),
        "x",
        context.step("hours_unit", hours=format_number(hours, context.language)),
    ]
    steps.append(_value_step(context, terms, cents))
    return _result(index, line, steps, context, cents=cents, months=None)


def _per_euro(index: int, line: Line, kind: _Kind, context: _Context) -> LineResult:
    amount, unit_value = cast(Decimal, line.amount_eur), kind.unit_value
    steps = list(kind.steps[:1])
    unit_top, unit_bottom = _ratio(unit_value)
    amount_top, amount_bottom = _ratio(amount)
    cents = half_up(unit_top * amount_top, unit_bottom * amount_bottom, 2)
    terms = [
        format_number(unit_value, context.language),
        "x",
        context.amount(_ratio(amount)),
    ]
    steps.append(_value_step(context, terms, cents))
    return _result(index, line, steps, context, cents=cents, months=None)


_Valuer = Callable[[int, Line, _Kind, _Context], LineResult]

_VALUERS: dict[Basis, _Valuer] = {
    Basis.PER_FTE_YEAR: _per_fte_year,
    Basis.PER_MONTH: _per_month,
    Basis.FIXED: _fixed,
    Basis.PER_HOUR: _per_hour,
    Basis.PER_EURO: _per_euro,
}
