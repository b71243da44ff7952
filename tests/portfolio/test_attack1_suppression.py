"""Attack on the suppression of small counts (open figures): a 0 hidden as the second
suppression is put back by any reader, because a year without realised money has nobody
placed; the count it was to protect then follows by subtraction."""

from __future__ import annotations

from datetime import date

import pytest

from sroi.portfolio.open_figures import People, compute_open_figures, suppress_people
from tests.portfolio.open_data import buyer_named, contract_of, place

pytestmark = pytest.mark.usefixtures("shipped_rulesets")


def _people(count: int) -> People:
    return People(value=count, _count=count)


def test_a_zero_is_never_the_second_suppression() -> None:
    total, year_2025, year_2026, year_2027 = _people(20), _people(17), _people(3), _people(0)
    suppress_people([(total, [year_2025, year_2026, year_2027])])
    assert year_2026.suppressed
    # hiding the 0 would leave 20 - 17 - 0 = 3; the 17 goes instead
    assert year_2027.value == 0
    assert year_2025.suppressed


def test_a_line_of_zeros_beside_one_suppressed_count_hides_its_total() -> None:
    total, small, nothing = _people(7), _people(3), _people(0)
    suppress_people([(total, [small, nothing])])
    assert small.suppressed and total.suppressed and nothing.value == 0


def test_a_year_without_money_cannot_give_back_a_suppressed_count() -> None:
    hoorn = buyer_named()
    place(contract_of(hoorn, start=date(2025, 1, 1), name="A"), 17)
    place(contract_of(hoorn, start=date(2026, 1, 1), name="B"), 3)
    contract_of(hoorn, start=date(2027, 1, 1), agreed="0.00", realised="0.00", name="C")

    figures = compute_open_figures(hoorn)

    years = {scope.year: scope for scope in figures.years}
    assert years[2026].people.suppressed
    # A reader knows a year with EUR 0.00 realised has nobody placed: with only one other
    # year hidden, total - shown years would give that year's count.
    hidden_with_money = [
        scope.year for scope in figures.years if scope.people.suppressed and scope.realised_eur
    ]
    assert len(hidden_with_money) >= 2
    assert years[2027].people.value == 0
