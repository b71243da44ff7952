"""One person counts once: docs/rekenregels.md section 9, its worked examples to the cent.

The figures are the doc's hand calculations (15,000 and 20,000 per full-time year, 36 hours).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sroi.rules.engine import (
    Basis,
    Block,
    Bonus,
    BonusBasis,
    CalculationError,
    CandidatePeriod,
    Category,
    Language,
    Line,
    Reason,
    calculate,
)
from sroi.rules.engine.periods import month_ratio
from tests.engine.builders import make_contract, nhn_indicative, request, utrecht_2024

D = Decimal
NHN_CONTRACT = make_contract("600000", date(2026, 1, 1), date(2027, 12, 31))
YEAR_2026 = make_contract("1000000", date(2026, 1, 1), date(2026, 12, 31))


def line(block: str, hours: str, start: date, end: date, candidate: str | None) -> Line:
    return Line(block, hours_per_week=D(hours), start=start, end=end, candidate=candidate)


def test_9_1_an_hours_change_counts_12_months_not_18() -> None:
    lines = (
        line("WW_LT1", "24", date(2026, 1, 1), date(2026, 6, 30), "K-1"),
        line("WW_LT1", "36", date(2026, 7, 1), date(2027, 12, 31), "K-1"),
    )
    valuation = calculate(request(*lines, contract=NHN_CONTRACT), nhn_indicative())
    first, second = valuation.lines
    # 15,000 x 24/36 x 6 / 12 and 15,000 x 1 x 6 / 12 (the cap ends 31-12-2026)
    assert first.value_eur == D("5000.00")
    assert second.value_eur == D("7500.00")
    assert (second.counted_from, second.counted_to) == (date(2026, 7, 1), date(2026, 12, 31))
    assert second.cap_end == first.cap_end == date(2026, 12, 31)
    assert first.months + second.months == 12
    assert valuation.total_eur == D("12500.00")
    assert second.candidate == "K-1"
    assert second.explanation[1] == (
        "Telt maximaal 12 maanden vanaf de eerste start van de kandidaat (01-01-2026): "
        "tot en met 31-12-2026"
    )
    # without the candidate each line has its own cap: 6 + 12 = 18 months, 20,000.00
    alone = calculate(
        request(*(replace(item, candidate=None) for item in lines), contract=NHN_CONTRACT),
        nhn_indicative(),
    )
    assert alone.total_eur == D("20000.00")
    assert [result.cap_end for result in alone.lines] == [date(2026, 12, 31), date(2027, 6, 30)]


def test_9_2_two_contracts_of_36_hours_each_count_half() -> None:
    here = line("WW", "36", date(2026, 1, 1), date(2026, 12, 31), "K-2")
    elsewhere = (CandidatePeriod("K-2", "WW", date(2026, 1, 1), date(2026, 12, 31), D("36")),)
    valuation = calculate(
        replace(request(here, contract=YEAR_2026), elsewhere=elsewhere), utrecht_2024()
    )
    (result,) = valuation.lines
    assert result.value_eur == D("10000.00")  # 20,000 x 36/72 x 12 / 12
    assert result.hours_split is True
    assert result.months == 12
    assert result.explanation[2:] == (
        "De kandidaat werkt in deze periode ook elders; samen telt hij hooguit 36 uur per "
        "week, de uren tellen naar rato:",
        "01-01-2026 t/m 31-12-2026 = 12 maanden: 36 van samen 72 uur = factor 0,5",
        "Waarde: EUR 20.000 x (0,5 x 12) / 12 = EUR 10.000,00",
    )
    english = calculate(
        replace(request(here, contract=YEAR_2026), elsewhere=elsewhere),
        utrecht_2024(),
        language=Language.EN,
    )
    assert english.lines[0].explanation[-2] == (
        "2026-01-01 to 2026-12-31 = 12 months: 36 of 72 hours in all = factor 0.5"
    )


def test_9_3_a_partial_overlap_is_valued_in_parts() -> None:
    here = line("WW", "36", date(2026, 1, 1), date(2026, 6, 30), "K-3")
    there = line("WW", "18", date(2026, 4, 1), date(2026, 12, 31), "K-3")

    def period(item: Line) -> CandidatePeriod:
        assert item.start is not None and item.end is not None and item.hours_per_week
        return CandidatePeriod("K-3", item.block, item.start, item.end, item.hours_per_week)

    ruleset = utrecht_2024()
    this = calculate(
        replace(request(here, contract=YEAR_2026), elsewhere=(period(there),)), ruleset
    )
    other = calculate(
        replace(request(there, contract=YEAR_2026), elsewhere=(period(here),)), ruleset
    )
    # 20,000 x (1 x 3 + 2/3 x 3) / 12 = 8,333.33; 20,000 x (1/3 x 3 + 1/2 x 6) / 12 = 6,666.67
    assert this.total_eur == D("8333.33")
    assert other.total_eur == D("6666.67")
    assert this.lines[0].explanation[-1] == (
        "Waarde: EUR 20.000 x (1 x 3 + 0,6667 x 3) / 12 = EUR 8.333,33"
    )
    # the same two placements as two lines of one calculation give the same shares
    both = calculate(request(here, there, contract=YEAR_2026), ruleset)
    assert [result.value_eur for result in both.lines] == [D("8333.33"), D("6666.67")]


def test_9_4_the_cap_runs_across_contracts() -> None:
    lines = (
        line("WW_LT1", "18", date(2026, 4, 1), date(2027, 12, 31), "K-4"),
        line("WW_LT1", "18", date(2027, 2, 1), date(2027, 6, 30), "K-4"),
    )
    elsewhere = (CandidatePeriod("K-4", "WW_LT1", date(2026, 1, 1), date(2026, 3, 31), D("18")),)
    valuation = calculate(
        replace(request(*lines, contract=NHN_CONTRACT), elsewhere=elsewhere), nhn_indicative()
    )
    first, second = valuation.lines
    assert first.value_eur == D("5625.00")  # 15,000 x 18/36 x 9 / 12
    assert (first.counted_from, first.counted_to) == (date(2026, 4, 1), date(2026, 12, 31))
    assert first.hours_split is False
    assert second.value_eur == D("0.00")
    assert second.reason is Reason.OUTSIDE_CONTRACT_PERIOD
    assert second.cap_end == date(2026, 12, 31)
    assert second.explanation[-2] == (
        "Telt niet: de maximale duur van de kandidaat liep af op 31-12-2026"
    )


def test_without_candidate_nothing_is_shared() -> None:
    lines = (
        line("WW", "36", date(2026, 1, 1), date(2026, 12, 31), None),
        line("WW", "36", date(2026, 1, 1), date(2026, 12, 31), None),
    )
    elsewhere = (CandidatePeriod("K-9", "WW", date(2026, 1, 1), date(2026, 12, 31), D("36")),)
    valuation = calculate(
        replace(request(*lines, contract=YEAR_2026), elsewhere=elsewhere), utrecht_2024()
    )
    assert [result.value_eur for result in valuation.lines] == [D("20000.00")] * 2
    assert all(result.candidate is None for result in valuation.lines)


def test_one_line_of_more_than_full_time_is_not_split() -> None:
    alone = line("WW", "40", date(2026, 1, 1), date(2026, 12, 31), "K-5")
    (result,) = calculate(request(alone, contract=YEAR_2026), utrecht_2024()).lines
    assert result.value_eur == D("20000.00")  # 40 hours count as 36: factor 1
    assert result.hours_split is False


def test_other_blocks_and_periods_outside_the_line_do_not_split_it() -> None:
    # a per_month line of the same candidate shares no hours, a later period elsewhere does
    # not overlap, and a fixed line with a candidate is valued as always
    ruleset = replace(
        utrecht_2024(),
        blocks=(
            *utrecht_2024().blocks,
            Block("MAAND", "Werkervaringsplek", "", Category.WORK_EXPERIENCE, Basis.PER_MONTH,
                  D("750"), max_duration_months=9),
        ),
    )  # fmt: skip
    lines = (
        line("WW", "36", date(2026, 1, 1), date(2026, 6, 30), "K-6"),
        Line("MAAND", start=date(2026, 1, 1), end=date(2026, 12, 31), candidate="K-6"),
        Line("ONTWIKKELING", agreed_value_eur=D("100"), candidate="K-6"),
    )
    elsewhere = (CandidatePeriod("K-6", "WW", date(2026, 7, 1), date(2026, 12, 31), D("36")),)
    valuation = calculate(
        replace(request(*lines, contract=YEAR_2026), elsewhere=elsewhere), ruleset
    )
    # 20,000 x 6 / 12; 750 x 9 (the cap of 9 months); 100
    assert [result.value_eur for result in valuation.lines] == [
        D("10000.00"),
        D("6750.00"),
        D("100.00"),
    ]


def test_hours_within_one_full_time_job_are_not_split() -> None:
    lines = (
        line("WW", "18", date(2026, 1, 1), date(2026, 12, 31), "K-7"),
        line("WW", "18", date(2026, 1, 1), date(2026, 12, 31), "K-7"),
    )
    valuation = calculate(request(*lines, contract=YEAR_2026), utrecht_2024())
    assert [result.value_eur for result in valuation.lines] == [D("10000.00")] * 2
    assert not any(result.hours_split for result in valuation.lines)


def test_a_line_with_a_candidate_is_one_person() -> None:
    bad = replace(line("WW", "36", date(2026, 1, 1), date(2026, 12, 31), "K-8"), count=2)
    with pytest.raises(CalculationError) as caught:
        calculate(request(bad, contract=YEAR_2026), utrecht_2024())
    ((problem),) = caught.value.problems
    assert (problem.line, problem.field, problem.code) == (0, "count", "count_with_candidate")
    assert problem.message_nl == (
        "Een regel met een kandidaat is één persoon: het aantal moet 1 zijn."
    )


def test_bad_periods_elsewhere_are_reported() -> None:
    here = line("WW", "36", date(2026, 1, 1), date(2026, 12, 31), "K-9")
    elsewhere = (
        CandidatePeriod("K-9", "WW", date(2026, 1, 1), date(2026, 12, 31), D("169")),
        CandidatePeriod("K-9", "WW", date(2026, 5, 1), date(2026, 4, 1), D("10")),
    )
    with pytest.raises(CalculationError) as caught:
        calculate(replace(request(here, contract=YEAR_2026), elsewhere=elsewhere), utrecht_2024())
    assert [(p.line, p.field, p.code) for p in caught.value.problems] == [
        (None, "elsewhere.hours_per_week", "hours_per_week_above_168"),
        (None, "elsewhere.end", "end_before_start"),
    ]


days = st.dates(min_value=date(2025, 11, 1), max_value=date(2027, 2, 28))


@st.composite
def placements(draw: st.DrawFn) -> Line:
    start = draw(days)
    end = start + timedelta(days=draw(st.integers(min_value=0, max_value=500)))
    hours = draw(st.decimals(min_value=0, max_value=60, places=1))
    return line("WW", str(hours), start, end, "K")


@settings(deadline=None, max_examples=200)
@given(st.lists(placements(), min_size=1, max_size=5))
def test_one_candidate_never_counts_more_than_full_time(drawn: list[Line]) -> None:
    # WW at 12,000 a year is 1,000 a full-time month: the values in euros / 1,000 are the
    # hours-weighted months, at most the months of the union of the counted periods
    ruleset = replace(
        utrecht_2024(),
        blocks=tuple(replace(b, value=D("12000")) if b.code == "WW" else b
                     for b in utrecht_2024().blocks),
    )  # fmt: skip
    valuation = calculate(request(*drawn, contract=YEAR_2026), ruleset)
    counted: set[date] = set()
    for result in valuation.lines:
        if result.counted_from is None or result.counted_to is None:
            continue
        day = result.counted_from
        while day <= result.counted_to:
            counted.add(day)
            day += timedelta(days=1)
    union_months = sum((Fraction(*month_ratio(day, day)) for day in counted), Fraction(0))
    rounding = Fraction(1, 200) * len(drawn)  # half a cent per line
    assert Fraction(valuation.total_eur) <= 1000 * union_months + rounding


def test_a_split_line_keeps_its_bonuses_and_equal_hours_form_one_part() -> None:
    # elsewhere 36 h in January-March and again (another period) in April-June: one part of
    # 72 hours; the fixed bonus counts once, outside the split
    ruleset = replace(
        utrecht_2024(),
        bonuses=(
            *utrecht_2024().bonuses,
            Bonus("EENMALIG", "Eenmalig", "Once", BonusBasis.FIXED, D("1000")),
        ),
    )
    here = replace(
        line("WW", "36", date(2026, 1, 1), date(2026, 6, 30), "K-10"), bonuses=("EENMALIG",)
    )
    elsewhere = (
        CandidatePeriod("K-10", "WW", date(2026, 1, 1), date(2026, 3, 31), D("36")),
        CandidatePeriod("K-10", "WW", date(2026, 4, 1), date(2026, 6, 30), D("36")),
    )
    valuation = calculate(replace(request(here, contract=YEAR_2026), elsewhere=elsewhere), ruleset)
    (result,) = valuation.lines
    assert result.value_eur == D("6000.00")  # 20,000 x 0.5 x 6 / 12 + 1,000
    assert result.explanation[-2:] == (
        "01-01-2026 t/m 30-06-2026 = 6 maanden: 36 van samen 72 uur = factor 0,5",
        "Waarde: EUR 20.000 x (0,5 x 6) / 12 + EUR 1.000 = EUR 6.000,00",
    )


def test_unusable_lines_of_a_candidate_are_refused_not_shared() -> None:
    lines = (
        line("WW", "36", date(2026, 1, 1), date(2026, 12, 31), "K-11"),
        Line("WW", hours_per_week=D("NaN"), start=date(2026, 1, 1), end=date(2026, 12, 31),
             candidate="K-11"),
        Line("WW", hours_per_week=D("36"), start=date(2026, 5, 1), candidate="K-11"),
    )  # fmt: skip
    with pytest.raises(CalculationError) as caught:
        calculate(request(*lines, contract=YEAR_2026), utrecht_2024())
    assert [(p.line, p.field, p.code) for p in caught.value.problems] == [
        (1, "hours_per_week", "not_a_number"),
        (2, "end", "missing_field"),
    ]
