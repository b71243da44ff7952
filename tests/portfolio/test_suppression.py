"""The one suppression rule (``sroi.portfolio.suppression``): the open figures and the council
report hide the same counts of people for the same data."""

from __future__ import annotations

import pytest

from sroi.plans.constants import TargetGroup
from sroi.plans.models import Buyer
from sroi.portfolio import council_figures as council_module
from sroi.portfolio import open_figures as open_module
from sroi.portfolio.council_figures import council_figures
from sroi.portfolio.open_figures import compute_open_figures
from sroi.portfolio.suppression import Count, suppress
from tests.plans.factories import BuyerFactory
from tests.portfolio.council_data import contract_of, place

pytestmark = pytest.mark.usefixtures("shipped_rulesets")


def test_the_rule_hides_small_counts_and_one_more_per_line() -> None:
    total, small, middle, zero, large = Count(20), Count(3), Count(6), Count(0), Count(11)
    suppress([(total, [small, middle, zero, large])])
    assert small.small and not small.withheld
    assert middle.withheld and not middle.small  # 20 - 11 - 0 would give 9 = 3 + 6 only
    assert (total.shown, zero.shown, large.shown) == (20, 0, 11)


def test_a_small_count_with_no_other_part_to_hide_hides_its_total() -> None:
    total, small, zero = Count(7), Count(3), Count(0)
    suppress([(total, [small, zero])])
    assert small.small and total.withheld and zero.shown == 0


def test_both_public_outputs_use_the_one_rule() -> None:
    assert not hasattr(council_module, "_people_by_group")
    assert council_module.suppress is suppress
    assert open_module.suppression.suppress is suppress


@pytest.mark.parametrize(
    "groups",
    [
        {TargetGroup.PW_LT2: 2, TargetGroup.WW_GT1: 6, TargetGroup.WAJONG_OUD: 9},
        {TargetGroup.PW_LT2: 3, TargetGroup.WW_GT1: 2},
        {TargetGroup.PW_LT2: 4, TargetGroup.WW_GT1: 5},
        {TargetGroup.PW_LT2: 7, TargetGroup.WW_GT1: 8},
        {TargetGroup.PW_LT2: 1},
    ],
)
def test_the_open_figures_and_the_council_report_hide_the_same_counts(
    db: None, groups: dict[str, int]
) -> None:
    buyer: Buyer = BuyerFactory(name="Gemeente Hoorn")
    contract = contract_of(buyer)
    for target_group, people in groups.items():
        place(contract, target_group=target_group, people=people)
    year = contract.start_date.year

    opened = compute_open_figures(buyer)
    report = council_figures(buyer, year)

    assert [scope.year for scope in opened.years] == [year]
    open_people = {part.code: part.people.value for part in opened.total.target_groups}
    council_people = {row.code: row.people.number for row in report.target_groups}
    assert open_people == council_people
    assert opened.total.people.value == report.people_total.number
    assert any(value is None for value in open_people.values()) == any(
        0 < people < 5 for people in groups.values()
    )
