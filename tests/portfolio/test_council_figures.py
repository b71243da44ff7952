"""The council report's figures: the sums of the buyer's contracts that run in the year (the
portfolio's one definition of every total), small counts of people suppressed, and a typed,
versioned snapshot."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sroi.monitoring.constants import AssessmentOutcome
from sroi.plans.constants import ContractLight, ContractStatus, TargetGroup
from sroi.plans.models import Buyer
from sroi.portfolio.council_figures import (
    SCHEMA_VERSION,
    CouncilFiguresError,
    PeopleCount,
    council_contracts,
    council_figures,
    figures_from_json,
    figures_to_json,
    people_count,
)
from sroi.portfolio.council_render import people_text
from tests.plans.factories import BuyerFactory, PlanFactory
from tests.portfolio.council_data import accept_agreement, close, contract_of, place

pytestmark = pytest.mark.usefixtures("shipped_rulesets")


@pytest.fixture
def buyer(db: None) -> Buyer:
    buyer: Buyer = BuyerFactory(name="Gemeente Hoorn")
    return buyer


def test_figures_are_the_sums_of_the_buyers_contracts_in_the_year(buyer: Buyer) -> None:
    first = contract_of(buyer, obligation_eur=Decimal("50000.00"), realised_eur=Decimal("10.50"))
    second = contract_of(
        buyer,
        obligation_eur=Decimal("20000.25"),
        agreed_eur=Decimal("5000.00"),
        realised_eur=Decimal("7000.00"),
        pending_eur=Decimal("0.00"),
        outlook_eur=Decimal("19000.00"),
        light=ContractLight.AT_RISK,
    )
    third = contract_of(buyer, light=ContractLight.BEHIND)
    close(contract_of(buyer), AssessmentOutcome.FULFILLED)
    close(contract_of(buyer), AssessmentOutcome.NOT_FULFILLED)
    # not counted: another buyer, another year, a draft the buyer never saw
    contract_of(BuyerFactory(name="Gemeente Enkhuizen"))
    contract_of(buyer, start_date=date(2024, 1, 1), end_date=date(2025, 12, 31))
    PlanFactory(contract__buyer=buyer)

    snapshot = council_figures(buyer, 2026)

    assert {first.pk, second.pk, third.pk} <= set(
        council_contracts(buyer.pk, 2026).values_list("pk", flat=True)
    )
    assert snapshot.contracts.total == 5
    assert snapshot.money.obligation_eur == Decimal("50000.00") * 4 + Decimal("20000.25")
    assert (
        snapshot.money.realised_eur
        == Decimal("10.50") + Decimal("7000.00") + Decimal("10000.00") * 3
    )
    assert snapshot.money.agreed_eur == Decimal("40000.00") * 4 + Decimal("5000.00")
    assert snapshot.money.forecast_eur == Decimal("45000.00") * 4 + Decimal("19000.00")
    assert (
        snapshot.contracts.on_track,
        snapshot.contracts.at_risk,
        snapshot.contracts.behind,
        snapshot.contracts.closed,
    ) == (1, 1, 1, 2)
    assert (snapshot.contracts.fulfilled, snapshot.contracts.not_fulfilled) == (1, 1)
    assert [(r.code, r.contracts) for r in snapshot.rulesets] == [("nhn-werksaam", 5)]


def test_people_and_value_per_target_group_come_from_approved_placements(buyer: Buyer) -> None:
    contract = contract_of(buyer)
    accept_agreement(contract, target_group=TargetGroup.PW_LT2, value="30000.00")
    place(contract, target_group=TargetGroup.PW_LT2, people=6, value="500.00")
    place(contract_of(buyer), target_group=TargetGroup.WW_GT1, people=7)

    snapshot = council_figures(buyer, 2026)

    rows = {row.code: row for row in snapshot.target_groups}
    assert rows[TargetGroup.PW_LT2].people == PeopleCount(number=6)
    assert rows[TargetGroup.PW_LT2].agreed_eur == Decimal("30000.00")
    assert rows[TargetGroup.PW_LT2].realised_eur == Decimal("3000.00")
    assert rows[TargetGroup.WW_GT1].people == PeopleCount(number=7)
    assert snapshot.people_total == PeopleCount(number=13)


@pytest.mark.parametrize(("number", "shown"), [(0, 0), (1, None), (4, None), (5, 5), (900, 900)])
def test_counts_of_people_under_five_are_never_shown(number: int, shown: int | None) -> None:
    count = people_count(number)
    assert count.number == shown
    assert count.small == (shown is None)


def test_a_small_target_group_is_shown_as_fewer_than_five(buyer: Buyer) -> None:
    place(contract_of(buyer), target_group=TargetGroup.PW_LT2, people=3)
    place(contract_of(buyer), target_group=TargetGroup.WW_GT1, people=2)

    snapshot = council_figures(buyer, 2026)

    assert [row.people for row in snapshot.target_groups] == [
        PeopleCount(number=None, small=True),
        PeopleCount(number=None, small=True),
    ]
    assert snapshot.people_total == PeopleCount(number=5)
    assert people_text(snapshot.target_groups[0].people) == "minder dan 5"
    stored = str(figures_to_json(snapshot)["target_groups"])
    assert "'number': 3" not in stored and "'number': 2" not in stored


def test_one_small_group_withholds_the_next_smallest_so_the_total_gives_nothing_away(
    buyer: Buyer,
) -> None:
    contract = contract_of(buyer)
    place(contract, target_group=TargetGroup.PW_LT2, people=2)
    place(contract, target_group=TargetGroup.WW_GT1, people=6)
    place(contract, target_group=TargetGroup.WAJONG_OUD, people=9)

    snapshot = council_figures(buyer, 2026)

    rows = {row.code: row.people for row in snapshot.target_groups}
    assert rows[TargetGroup.PW_LT2].small
    assert rows[TargetGroup.WW_GT1] == PeopleCount(number=None, withheld=True)
    assert rows[TargetGroup.WAJONG_OUD] == PeopleCount(number=9)
    assert snapshot.people_total == PeopleCount(number=17)


def test_contracts_of_record_or_with_a_submitted_plan_count_drafts_do_not(buyer: Buyer) -> None:
    submitted = PlanFactory(contract__buyer=buyer, submitted=True).contract
    draft = PlanFactory(contract__buyer=buyer).contract
    of_record = contract_of(buyer, status=ContractStatus.PLAN_REQUESTED)

    counted = set(council_contracts(buyer.pk, 2026).values_list("pk", flat=True))

    assert counted == {submitted.pk, of_record.pk}
    assert draft.pk not in counted


def test_contracts_without_dates_run_in_every_year(buyer: Buyer) -> None:
    undated = contract_of(buyer, start_date=None, end_date=None, ruleset_version=None)
    assert list(council_contracts(buyer.pk, 2099).values_list("pk", flat=True)) == [undated.pk]


def test_an_empty_year_gives_zeros(buyer: Buyer) -> None:
    snapshot = council_figures(buyer, 2001)
    assert snapshot.contracts.total == 0
    assert snapshot.money.obligation_eur == Decimal("0.00")
    assert snapshot.people_total == PeopleCount(number=0)
    assert snapshot.target_groups == ()


def test_the_snapshot_reads_back_as_it_was_stored(buyer: Buyer) -> None:
    place(contract_of(buyer), target_group=TargetGroup.PW_LT2, people=3)
    snapshot = council_figures(buyer, 2026)

    data = figures_to_json(snapshot)

    assert data["schema"] == SCHEMA_VERSION
    assert data["money"]["obligation_eur"] == "50000.00"
    assert figures_from_json(data) == snapshot


@pytest.mark.parametrize("data", [None, [], {}, {"schema": 99}, {"schema": SCHEMA_VERSION}])
def test_a_snapshot_of_another_schema_or_shape_is_refused(data: object) -> None:
    with pytest.raises(CouncilFiguresError):
        figures_from_json(data)


def test_the_figures_cost_the_same_queries_at_any_size(
    buyer: Buyer, django_assert_max_num_queries: object
) -> None:
    for _ in range(3):
        place(contract_of(buyer), target_group=TargetGroup.PW_LT2, people=1)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        council_figures(buyer, 2026)
