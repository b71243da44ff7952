"""The open figures of a buyer: built from ``sroi.portfolio.figures`` over the contracts a
buyer user reads, with counts of people below 5 suppressed (also against subtraction)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sroi.plans.constants import ContractLight, TargetGroup
from sroi.portfolio import figures
from sroi.portfolio.constants import SUPPRESS_BELOW
from sroi.portfolio.open_figures import (
    People,
    compute_open_figures,
    open_contracts,
    open_figures,
    suppress_people,
)
from tests.factories import OrganisationFactory
from tests.plans.factories import buyer_user_of
from tests.portfolio.open_data import buyer_named, contract_of, draft_contract_of, place

pytestmark = pytest.mark.usefixtures("shipped_rulesets")


def _people(count: int) -> People:
    return People(value=count, _count=count)


@pytest.mark.parametrize("count", [0, 1, 2, 3, 4, 5, 6])
def test_a_count_from_one_to_four_is_suppressed_zero_and_five_or_more_shown(
    count: int,
) -> None:
    whole = _people(count)
    other = _people(count)
    suppress_people([(whole, [other])])
    if 0 < count < SUPPRESS_BELOW:
        assert whole.value is None and whole.suppressed
    else:
        assert whole.value == count and not whole.suppressed


def test_one_suppressed_group_makes_the_smallest_other_group_suppressed_too() -> None:
    total, small, middle, large = _people(20), _people(3), _people(6), _people(11)
    suppress_people([(total, [small, middle, large])])
    # 20 - 6 - 11 would give 3: the smallest shown group (6) is hidden as well.
    assert small.suppressed and middle.suppressed
    assert total.value == 20 and large.value == 11


def test_the_second_suppression_never_hides_a_zero() -> None:
    # Hiding the 0 would leave 10 - 7 = 3 for the two hidden groups together: still three people.
    total, small, zero, large = _people(10), _people(3), _people(0), _people(7)
    suppress_people([(total, [small, zero, large])])
    assert small.suppressed and large.suppressed
    assert zero.value == 0 and total.value == 10


def test_a_single_group_that_is_suppressed_suppresses_its_total() -> None:
    total, only = _people(7), _people(2)
    suppress_people([(total, [only])])
    assert only.suppressed and total.suppressed


def test_two_suppressed_groups_need_no_further_suppression() -> None:
    total, a, b, c = _people(15), _people(2), _people(3), _people(10)
    suppress_people([(total, [a, b, c])])
    assert a.suppressed and b.suppressed
    assert c.value == 10 and total.value == 15


def test_a_zero_beside_a_suppressed_count_is_shown() -> None:
    # A total of 4 with parts 4 and 0: total and part are hidden; the 0 discloses nobody.
    total, a, b = _people(4), _people(4), _people(0)
    suppress_people([(total, [a, b])])
    assert total.suppressed and a.suppressed
    assert b.value == 0


def test_a_year_without_placements_hides_nothing_else() -> None:
    total, year_2025, year_2026 = _people(8), _people(0), _people(8)
    suppress_people([(total, [year_2025, year_2026])])
    assert (total.value, year_2025.value, year_2026.value) == (8, 0, 8)


def test_suppression_crosses_years_and_groups_until_no_line_has_one_hidden_count() -> None:
    # Target group X: 12 in total, 9 in 2025 and 3 in 2026. Hiding only the 3 would let
    # 12 - 9 recover it; the 9 goes too, and then the 2025 line needs a second hidden count.
    x_total, x_2025, x_2026 = _people(12), _people(9), _people(3)
    y_2025 = _people(8)
    y_total = _people(8)
    p_2025, p_2026, p_total = _people(17), _people(3), _people(20)
    lines = [
        (p_total, [p_2025, p_2026]),
        (p_total, [x_total, y_total]),
        (p_2025, [x_2025, y_2025]),
        (p_2026, [x_2026]),
        (x_total, [x_2025, x_2026]),
        (y_total, [y_2025]),
    ]
    suppress_people(lines)
    for whole, parts in lines:
        hidden = [cell for cell in [whole, *parts] if cell.suppressed]
        assert len(hidden) != 1
    assert x_2026.suppressed and x_2025.suppressed


def test_the_figures_equal_the_sums_of_the_buyers_contracts() -> None:
    buyer = buyer_named()
    a = contract_of(buyer, obligation="50000.00", agreed="30000.00", realised="10000.00")
    b = contract_of(
        buyer,
        start=date(2025, 3, 1),
        obligation="20000.50",
        agreed="0.00",
        realised="5000.25",
        light=ContractLight.BEHIND,
    )
    place(a, 4)
    place(b, 3, target_group=TargetGroup.PW_GT2)
    contract_of(buyer_named("Gemeente Enkhuizen"), obligation="1000000.00")  # another buyer
    result = compute_open_figures(buyer)
    assert result.total.contracts == 2
    assert result.total.obligation_eur == Decimal("70000.50")
    assert result.total.agreed_eur == Decimal("30000.00")
    assert result.total.realised_eur == Decimal("15000.25")
    assert result.total.people.value == 7
    assert result.total.lights[ContractLight.ON_TRACK] == 1
    assert result.total.lights[ContractLight.BEHIND] == 1
    assert [scope.year for scope in result.years] == [2025, 2026]
    assert [scope.obligation_eur for scope in result.years] == [
        Decimal("20000.50"),
        Decimal("50000.00"),
    ]
    # The same as the one definition of every total, over the same contracts.
    contracts = open_contracts(buyer)
    assert figures.portfolio_totals(contracts).realised_eur == result.total.realised_eur
    assert figures.people_placed(contracts) == 7
    # 4 and 3 people per group and per year: all below 5, hidden everywhere.
    assert all(part.people.suppressed for part in result.total.target_groups)
    assert all(scope.people.suppressed for scope in result.years)


def test_the_figures_are_those_a_buyer_user_reads_never_a_draft() -> None:
    buyer = buyer_named()
    shown = contract_of(buyer)
    draft_contract_of(buyer)
    unverified = contract_of(buyer)
    unverified.organisation = OrganisationFactory(awaiting_verification=True)
    unverified.save()
    reader = buyer_user_of(buyer)
    from sroi.plans.selectors import contract_list_for_user

    assert set(open_contracts(buyer)) == set(contract_list_for_user(reader)) == {shown}
    assert compute_open_figures(buyer).total.obligation_eur == Decimal("50000.00")


def test_the_real_counts_do_not_leave_the_module() -> None:
    buyer = buyer_named()
    place(contract_of(buyer), 3)
    result = compute_open_figures(buyer)
    assert result.total.people.suppressed
    assert result.total.people._count == 0


def test_the_figures_are_cached_per_buyer(
    django_assert_max_num_queries: object,
) -> None:
    buyer = buyer_named()
    contract_of(buyer)
    first = open_figures(buyer)
    contract_of(buyer, obligation="1.00")
    with django_assert_max_num_queries(0):  # type: ignore[operator]
        again = open_figures(buyer)
    assert again.total.obligation_eur == first.total.obligation_eur == Decimal("50000.00")
    assert compute_open_figures(buyer).total.obligation_eur == Decimal("50001.00")


def test_the_figures_cost_a_bounded_number_of_queries(
    django_assert_max_num_queries: object,
) -> None:
    buyer = buyer_named()
    for year in (2024, 2025, 2026):
        place(contract_of(buyer, start=date(year, 1, 1)), 2)
    with django_assert_max_num_queries(4 * 10):  # type: ignore[operator]
        compute_open_figures(buyer)
