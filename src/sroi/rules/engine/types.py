"""The engine's vocabulary: frozen dataclasses and string enums. No behaviour beyond lookups."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple, Protocol, overload


class Language(StrEnum):
    NL = "nl"
    EN = "en"


class Basis(StrEnum):
    PER_FTE_YEAR = "per_fte_year"
    PER_MONTH = "per_month"
    FIXED = "fixed"
    PER_HOUR = "per_hour"
    PER_EURO = "per_euro"


class BonusBasis(StrEnum):
    PER_FTE_YEAR = "per_fte_year"
    FIXED = "fixed"


class Category(StrEnum):
    JOB = "job"
    LEARN_WORK = "learn_work"
    INTERNSHIP = "internship"
    WORK_EXPERIENCE = "work_experience"
    PROCUREMENT = "procurement"
    SOCIAL_ACTIVITY = "social_activity"
    TRAINING = "training"
    CUSTOM = "custom"


class RuleSetStatus(StrEnum):
    SOURCED = "sourced"
    INDICATIVE = "indicative"
    PARTIAL = "partial"


class PsoLevel(StrEnum):
    ASPIRANT = "aspirant"
    TREDE_1 = "trede_1"
    TREDE_2 = "trede_2"
    TREDE_3 = "trede_3"
    PSO_30PLUS = "pso_30plus"


class Reason(StrEnum):
    """Why a line is worth nothing. Checked in this order; the first that applies wins."""

    STARTED_BEFORE_CONTRACT = "started_before_contract"
    OUTSIDE_CONTRACT_PERIOD = "outside_contract_period"
    BELOW_MIN_HOURS = "below_min_hours"


class WarningCode(StrEnum):
    BELOW_THRESHOLD = "below_threshold"
    INDICATIVE_RULESET = "indicative_ruleset"
    PARTIAL_RULESET = "partial_ruleset"


@dataclass(frozen=True)
class Block:
    code: str
    label_nl: str
    label_en: str
    category: Category
    basis: Basis
    value: Decimal | None  # None: custom / maatwerk, the line's agreed_value_eur applies
    max_duration_months: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class Bonus:
    code: str
    label_nl: str
    label_en: str
    basis: BonusBasis
    value: Decimal
    exclusive_group: str | None = None
    notes: str = ""


@dataclass(frozen=True)
class RuleSet:
    id: str
    version: str
    name: str
    region: str
    status: RuleSetStatus
    valid_from: date
    valid_to: date | None
    blocks: tuple[Block, ...]
    bonuses: tuple[Bonus, ...] = ()
    source_urls: tuple[str, ...] = ()
    basis_hours_per_week: Decimal = Decimal("36")
    min_hours_per_week: Decimal | None = None
    lookback_months: int = 0
    default_percentage: Decimal = Decimal("5")
    threshold_eur: Decimal | None = None
    # PSO level -> percentage taken off the obligation; a missing level means 0.
    pso_discount_pct: tuple[tuple[PsoLevel, Decimal], ...] = ()
    notes: str = ""
    # Target group of the plan form -> the block it is valued with; None: no block of its
    # own (the line names one). Sorted by target group; every block is one of ``blocks``.
    target_group_blocks: tuple[tuple[str, str | None], ...] = ()

    def target_group_block(self, target_group: str) -> str | None:
        """The block ``target_group`` maps to in this rule set, or None."""
        return dict(self.target_group_blocks).get(target_group)

    def block(self, code: str) -> Block | None:
        for block in self.blocks:
            if block.code == code:
                return block
        return None

    def bonus(self, code: str) -> Bonus | None:
        for bonus in self.bonuses:
            if bonus.code == code:
                return bonus
        return None

    def pso_discount(self, level: PsoLevel | None) -> Decimal:
        if level is None:
            return Decimal("0")
        return dict(self.pso_discount_pct).get(level, Decimal("0"))

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Contract:
    value_eur: Decimal
    start: date
    end: date
    sroi_percentage: Decimal | None = None  # None: the rule set's default percentage


@dataclass(frozen=True)
class Line:
    """One line of a calculation. Which fields are needed depends on the block's basis."""

    block: str
    hours_per_week: Decimal | None = None
    start: date | None = None
    end: date | None = None
    date: date | None = None
    count: int = 1
    bonuses: tuple[str, ...] = ()
    hours: Decimal | None = None
    amount_eur: Decimal | None = None
    agreed_value_eur: Decimal | None = None
    ref: str | None = None
    # The candidate's identity (a pseudonym, the same on every line and contract of one
    # organisation). Lines with the same candidate share one duration cap and at most one
    # full-time job's hours (docs/rekenregels.md, "Kandidaat"). None: the line stands alone.
    candidate: str | None = None


@dataclass(frozen=True)
class CandidatePeriod:
    """A period in which a candidate is placed on another contract: it counts towards the
    candidate's duration cap and hours in this calculation, but is not valued here."""

    candidate: str
    block: str
    start: date
    end: date
    hours_per_week: Decimal


@dataclass(frozen=True)
class CalculationRequest:
    contract: Contract
    lines: tuple[Line, ...] = ()
    pso_level: PsoLevel | None = None
    reference_date: date | None = None  # None: the contract start
    # The candidates' placements on other contracts (see ``CandidatePeriod``).
    elsewhere: tuple[CandidatePeriod, ...] = ()


class ExplanationTrace(Protocol):
    """What a line result keeps of its valuation to write its explanation when it is read."""

    def render(self) -> tuple[str, ...]: ...


class Steps(NamedTuple):
    """An explanation given as its finished texts."""

    steps: tuple[str, ...]

    def render(self) -> tuple[str, ...]:
        return self.steps


class _Explanation:
    """``LineResult.explanation``: the trace rendered on first read, then kept on the result.

    What ``functools.cached_property`` does, without its lock: in Python 3.11 that lock (one
    for every result) is taken on each first read, a sixth of the time it takes to read a
    line's explanation. Rendering twice at once in two threads gives equal texts, so nothing
    needs a lock. Not a data descriptor: once kept, the instance's ``__dict__`` answers.
    """

    @overload
    def __get__(self, result: None, owner: type[LineResult]) -> _Explanation: ...

    @overload
    def __get__(self, result: LineResult, owner: type[LineResult]) -> tuple[str, ...]: ...

    def __get__(
        self, result: LineResult | None, owner: type[LineResult]
    ) -> _Explanation | tuple[str, ...]:
        if result is None:
            return self
        texts = result.__dict__["explanation"] = result._trace.render()
        return texts


@dataclass(frozen=True)
class LineResult:
    index: int
    block: str
    value_eur: Decimal  # rounded to cents
    months: Decimal | None  # exact (unrounded) months of the counted period; None without period
    counted_from: date | None
    counted_to: date | None
    reason: Reason | None
    # The engine's record of how the line was valued (raw dates and numbers); ``explanation``
    # renders it on first use. Read ``explanation``, not this. ``Steps(texts)`` gives texts.
    _trace: ExplanationTrace = field(repr=False)
    ref: str | None = None
    cap_end: date | None = None  # last day the candidate counts under the block's cap, if any
    # True when that cap ends the counted period before the line's own end (and before the
    # contract's end): only then does "counts at most until" tell the reader something.
    cap_cuts: bool = False
    candidate: str | None = None  # the line's candidate (``Line.candidate``), echoed
    # True when the candidate worked more than one full-time job on some counted day, so the
    # line's hours counted in proportion (docs/rekenregels.md, "Kandidaat").
    hours_split: bool = False

    # The steps of the valuation, in the language of the calculation: rendered on first read.
    explanation = _Explanation()


@dataclass(frozen=True)
class Valuation:
    ruleset: RuleSet
    reference_date: date
    obligation_eur: Decimal
    pso_discount_eur: Decimal
    obligation_net_eur: Decimal
    total_eur: Decimal
    remaining_eur: Decimal
    fulfilment_pct: Decimal | None
    lines: tuple[LineResult, ...]
    warnings: tuple[WarningCode, ...] = field(default_factory=tuple)
    # Steps showing how the obligation was reached (percentage, PSO discount), in the language
    # of the calculation. Added by the engine; the line explanations are in ``lines``.
    obligation_explanation: tuple[str, ...] = ()
