"""Properties that hold for every input: sums, signs, determinism and monotonicity."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from sroi.rules.engine import (
    Basis,
    Block,
    CalculationRequest,
    Category,
    Contract,
    Line,
    RuleSet,
    calculate,
)
from sroi.rules.engine.periods import days_in_month, month_ratio
from tests.engine.builders import haaglanden, utrecht_2024, with_blocks

CONTRACT = Contract(Decimal("1000000"), date(2026, 1, 1), date(2027, 12, 31))
EXTRA_BLOCKS = (
    Block("PW_CAP", "Participatiewet (max. 6 mnd)", "", Category.JOB, Basis.PER_FTE_YEAR,
          Decimal("40000"), max_duration_months=6),
    Block("MAAND", "Werkervaringsplek", "", Category.WORK_EXPERIENCE, Basis.PER_MONTH,
          Decimal("750"), max_duration_months=9),
    Block("VAST", "Werkervaringsplaats", "", Category.WORK_EXPERIENCE, Basis.FIXED,
          Decimal("7500")),
)  # fmt: skip


@st.composite
def rulesets(draw: st.DrawFn) -> RuleSet:
    base = with_blocks(utrecht_2024(), *EXTRA_BLOCKS)
    base = replace(base, bonuses=base.bonuses + haaglanden().bonuses[1:])  # + a fixed bonus
    return replace(
        base,
        lookback_months=draw(st.sampled_from([0, 3, 12])),
        min_hours_per_week=draw(st.sampled_from([None, Decimal("12")])),
    )


days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
hours = st.decimals(min_value=0, max_value=168, places=1)
amounts = st.decimals(min_value=0, max_value=10_000_000, places=2)
counts = st.integers(min_value=0, max_value=5)
durations = st.integers(min_value=0, max_value=1200)


@st.composite
def placements(draw: st.DrawFn) -> Line:
    start = draw(days)
    return Line(
        block=draw(st.sampled_from(["PW", "WW", "PW_CAP"])),
        hours_per_week=draw(hours),
        start=start,
        end=start + timedelta(days=draw(durations)),
        count=draw(counts),
        bonuses=draw(
            st.sampled_from(
                [(), ("BONUS_50PLUS",), ("BONUS_VAST", "BONUS_VSO_PRO_DIENST"), ("BONUS_VAST",)]
            )
        ),
    )


@st.composite
def month_lines(draw: st.DrawFn) -> Line:
    start = draw(days)
    end = start + timedelta(days=draw(durations))
    return Line(block="MAAND", start=start, end=end, count=draw(counts))


lines = st.one_of(
    placements(),
    month_lines(),
    st.builds(Line, block=st.just("VAST"), count=counts, date=st.none() | days),
    st.builds(Line, block=st.just("SOCIAAL_INKOPEN"), amount_eur=amounts),
    st.builds(Line, block=st.just("SCHOLING_KENNIS"), hours=st.decimals(0, 10_000, places=2)),
)


@settings(deadline=None)
@given(rulesets(), st.lists(lines, max_size=8), amounts)
def test_total_is_the_sum_of_lines_and_nothing_is_negative(
    ruleset: RuleSet, drawn: list[Line], contract_value: Decimal
) -> None:
    calculation = CalculationRequest(
        contract=replace(CONTRACT, value_eur=contract_value), lines=tuple(drawn)
    )
    valuation = calculate(calculation, ruleset)
    assert valuation.total_eur == sum((line.value_eur for line in valuation.lines), Decimal(0))
    assert all(line.value_eur >= 0 for line in valuation.lines)
    assert valuation.total_eur >= 0
    assert valuation.remaining_eur == max(
        Decimal(0), valuation.obligation_net_eur - valuation.total_eur
    )
    assert valuation.fulfilment_pct is None or valuation.fulfilment_pct >= 0
    # deterministic: the same input gives the same valuation, explanation included
    assert calculate(calculation, ruleset) == valuation


@settings(deadline=None)
@given(rulesets(), placements(), hours, hours)
def test_more_hours_never_lower_the_value(
    ruleset: RuleSet, line: Line, first: Decimal, second: Decimal
) -> None:
    fewer, more = sorted([first, second])
    low = calculate(CalculationRequest(CONTRACT, (replace(line, hours_per_week=fewer),)), ruleset)
    high = calculate(CalculationRequest(CONTRACT, (replace(line, hours_per_week=more),)), ruleset)
    assert low.total_eur <= high.total_eur


@settings(deadline=None)
@given(rulesets(), st.one_of(placements(), month_lines()), durations)
def test_a_longer_period_never_lowers_the_value(ruleset: RuleSet, line: Line, extra: int) -> None:
    assert line.end is not None
    shorter = calculate(CalculationRequest(CONTRACT, (line,)), ruleset)
    longer_line = replace(line, end=line.end + timedelta(days=extra))
    longer = calculate(CalculationRequest(CONTRACT, (longer_line,)), ruleset)
    assert shorter.total_eur <= longer.total_eur


@given(st.integers(min_value=1900, max_value=2200))
def test_a_calendar_year_is_exactly_twelve_months(year: int) -> None:
    assert Fraction(*month_ratio(date(year, 1, 1), date(year, 12, 31))) == 12


@given(days, durations, durations)
def test_months_add_up_when_a_period_is_split(start: date, first: int, second: int) -> None:
    middle = start + timedelta(days=first)
    end = middle + timedelta(days=second + 1)
    whole = Fraction(*month_ratio(start, end))
    first = Fraction(*month_ratio(start, middle))
    second = Fraction(*month_ratio(middle + timedelta(days=1), end))
    assert whole == first + second


@given(days, durations)
def test_months_are_the_sum_of_day_fractions(start: date, length: int) -> None:
    # the definition, day by day: each day is 1 / (days in its month)
    end = start + timedelta(days=length)
    expected = sum(
        (
            Fraction(1, days_in_month(day.year, day.month))
            for day in (start + timedelta(days=i) for i in range(length + 1))
        ),
        Fraction(0),
    )
    assert Fraction(*month_ratio(start, end)) == expected
