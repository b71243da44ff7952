"""``sroi.portfolio.figures``: the totals equal the sums of the contracts' stored figures,
for the whole portfolio, per buyer and per year, with and without a filter, and the
breakdowns per target group and kind of effort add up to the agreements in force."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from sroi.accounts.models import User
from sroi.agreements import services as agreement_services
from sroi.plans.constants import ContractLight, EffortKind, TargetGroup
from sroi.plans.models import Buyer, Contract
from sroi.portfolio import figures
from sroi.portfolio.selectors import PortfolioFilter, portfolio_contracts
from sroi.rules.services import ruleset_import_shipped
from tests.factories import OrganisationFactory
from tests.plans.factories import BuyerFactory, PlanFactory
from tests.portfolio.portfolio_data import portfolio_contract

FIGURES = ("obligation_eur", "agreed_eur", "realised_eur", "pending_eur")


@pytest.fixture(autouse=True)
def _rulesets(db: None) -> None:
    ruleset_import_shipped()


@pytest.fixture
def buyers() -> tuple[Buyer, Buyer]:
    return BuyerFactory(name="Gemeente Hoorn"), BuyerFactory(name="Gemeente Enkhuizen")


@pytest.fixture
def contracts(buyers: tuple[Buyer, Buyer]) -> list[Contract]:
    organisation = OrganisationFactory()
    made = [portfolio_contract(organisation, buyers[n % 2], n) for n in range(1, 12)]
    # one without a buyer, start date and figures
    made.append(
        portfolio_contract(
            organisation,
            None,
            99,
            start_date=None,
            obligation_eur=None,
            agreed_eur=None,
            outlook_eur=None,
        )
    )
    return made


def _sum(contracts: list[Contract], name: str) -> Decimal:
    return sum((getattr(c, name) or Decimal("0.00") for c in contracts), Decimal("0.00"))


def _check_totals(totals: figures.Totals, contracts: list[Contract]) -> None:
    assert totals.count == len(contracts)
    for name in FIGURES:
        assert getattr(totals, name) == _sum(contracts, name), name
    assert totals.forecast_eur == _sum(contracts, "outlook_eur")
    assert sum(totals.lights.values()) == len(contracts)
    for light in ContractLight:
        assert totals.lights[light.value] == sum(1 for c in contracts if c.light == light)


def test_portfolio_totals_equal_the_sum_of_the_contracts(
    contracts: list[Contract], coordinator: User
) -> None:
    totals = figures.portfolio_totals(portfolio_contracts(coordinator, PortfolioFilter()))

    _check_totals(totals, contracts)
    assert totals.obligation_eur == Decimal("550066.00")  # 11 x 50,000 + (1 + ... + 11)


@pytest.mark.parametrize(
    "portfolio_filter",
    [
        PortfolioFilter(light=ContractLight.AT_RISK),
        PortfolioFilter(year=2026),
        PortfolioFilter(search="REF-00"),
        PortfolioFilter(running_from=date(2026, 6, 1), running_until=date(2026, 12, 31)),
    ],
    ids=["light", "year", "search", "range"],
)
def test_filtered_totals_equal_the_sum_of_the_filtered_contracts(
    contracts: list[Contract], coordinator: User, portfolio_filter: PortfolioFilter
) -> None:
    chosen = portfolio_contracts(coordinator, portfolio_filter)
    expected = list(chosen)
    assert 0 < len(expected) < len(contracts)

    _check_totals(figures.portfolio_totals(chosen), expected)


def test_buyer_filter_totals(
    contracts: list[Contract], buyers: tuple[Buyer, Buyer], coordinator: User
) -> None:
    hoorn = buyers[0]
    chosen = portfolio_contracts(coordinator, PortfolioFilter(buyer_id=hoorn.pk))

    _check_totals(figures.portfolio_totals(chosen), [c for c in contracts if c.buyer == hoorn])


@pytest.mark.parametrize("breakdown", [figures.totals_by_buyer, figures.totals_by_year])
@pytest.mark.parametrize(
    "portfolio_filter",
    [PortfolioFilter(), PortfolioFilter(light=ContractLight.ON_TRACK)],
    ids=["all", "on track"],
)
def test_groups_add_up_to_the_totals(
    contracts: list[Contract],
    coordinator: User,
    breakdown: object,
    portfolio_filter: PortfolioFilter,
) -> None:
    chosen = portfolio_contracts(coordinator, portfolio_filter)
    totals = figures.portfolio_totals(chosen)
    groups = breakdown(chosen)  # type: ignore[operator]

    assert sum(g.count for g in groups) == totals.count
    for name in (*FIGURES, "forecast_eur"):
        assert sum((getattr(g, name) for g in groups), Decimal("0.00")) == getattr(totals, name)


def test_groups_per_buyer_and_year_hold_their_contracts(
    contracts: list[Contract], buyers: tuple[Buyer, Buyer], coordinator: User
) -> None:
    chosen = portfolio_contracts(coordinator, PortfolioFilter())

    by_buyer = {g.key: g for g in figures.totals_by_buyer(chosen)}
    by_year = {g.key: g for g in figures.totals_by_year(chosen)}

    hoorn = [c for c in contracts if c.buyer == buyers[0]]
    assert by_buyer[buyers[0].pk].label == "Gemeente Hoorn"
    assert by_buyer[buyers[0].pk].realised_eur == _sum(hoorn, "realised_eur")
    assert by_buyer[None].count == 1  # no buyer: last
    assert list(by_buyer)[-1] is None
    in_2026 = [c for c in contracts if c.start_date and c.start_date.year == 2026]
    assert by_year[2026].count == len(in_2026)
    assert by_year[2026].obligation_eur == _sum(in_2026, "obligation_eur")
    assert list(by_year) == [2025, 2026, 2027, None]


def test_totals_of_an_empty_portfolio_are_zero(coordinator: User) -> None:
    chosen = portfolio_contracts(coordinator, PortfolioFilter())

    totals = figures.portfolio_totals(chosen)

    assert totals.count == 0
    assert totals.obligation_eur == totals.forecast_eur == Decimal("0.00")
    assert figures.totals_by_buyer(chosen) == []
    assert figures.totals_by_target_group(chosen) == []
    assert figures.totals_by_effort_kind(chosen) == []


def test_agreed_per_target_group_and_kind_add_up_to_the_agreements_in_force(
    contractor_a: User, coordinator: User
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, approved=True)
    version = agreement_services.agreements_draw_up(acting_user=coordinator, contract=plan.contract)
    agreement_services.agreements_record_difference(
        acting_user=coordinator, version=version, reason="Krappe arbeidsmarkt in de regio."
    )
    version = agreement_services.agreements_propose(acting_user=coordinator, version=version)
    agreement_services.agreements_accept(acting_user=contractor_a, version=version, name="Jan")
    plan.contract.refresh_from_db()
    chosen = portfolio_contracts(coordinator, PortfolioFilter())

    by_group = figures.totals_by_target_group(chosen)
    by_kind = figures.totals_by_effort_kind(chosen)

    assert [(g.key, g.agreed_eur) for g in by_group] == [
        (TargetGroup.PW_LT2.value, Decimal("25000.00"))
    ]
    assert [(g.key, g.agreed_eur) for g in by_kind] == [
        (EffortKind.JOBS.value, Decimal("25000.00"))
    ]
    assert plan.contract.agreed_eur == Decimal("25000.00")


def test_the_summary_is_one_query_and_agrees_with_its_parts(
    contracts: list[Contract], coordinator: User, django_assert_num_queries: Any
) -> None:
    chosen = portfolio_contracts(coordinator, PortfolioFilter(light=ContractLight.ON_TRACK))
    expected = list(chosen)

    with django_assert_num_queries(1):
        summary = figures.portfolio_summary(chosen)

    _check_totals(summary.totals, expected)
    for groups in (summary.by_buyer, summary.by_year):
        assert sum(g.count for g in groups) == len(expected)
        for name in (*FIGURES, "forecast_eur"):
            assert sum((getattr(g, name) for g in groups), Decimal("0.00")) == getattr(
                summary.totals, name
            )
    assert [g.key for g in summary.by_buyer] == [g.key for g in figures.totals_by_buyer(chosen)]


def test_a_target_group_filter_holds_the_contracts_with_such_an_agreement(
    contracts: list[Contract], contractor_a: User, coordinator: User
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, approved=True)
    version = agreement_services.agreements_draw_up(acting_user=coordinator, contract=plan.contract)
    agreement_services.agreements_record_difference(
        acting_user=coordinator, version=version, reason="Krappe arbeidsmarkt in de regio."
    )
    version = agreement_services.agreements_propose(acting_user=coordinator, version=version)
    agreement_services.agreements_accept(acting_user=contractor_a, version=version, name="Jan")

    by_group = portfolio_contracts(coordinator, PortfolioFilter(target_group="pw_lt2"))
    by_kind = portfolio_contracts(coordinator, PortfolioFilter(effort_kind=EffortKind.JOBS))
    other_kind = portfolio_contracts(
        coordinator, PortfolioFilter(effort_kind=EffortKind.SOCIAL_PROCUREMENT)
    )

    assert [c.pk for c in by_group] == [plan.contract.pk]
    assert [c.pk for c in by_kind] == [plan.contract.pk]
    assert list(other_kind) == []
    _check_totals(figures.portfolio_summary(by_group).totals, list(by_group))


@pytest.mark.django_db
def test_kept_breakdowns_are_stale_once_a_contracts_figures_change(
    django_assert_num_queries: Any,
) -> None:
    from sroi.plans.contract_state import contract_figures_changed
    from sroi.plans.models import Contract as ContractModel
    from sroi.portfolio import figures as figures_module

    contracts = ContractModel.objects.all()
    first = figures_module.totals_by_target_group_kept(contracts)
    with django_assert_num_queries(0):  # kept: no query
        assert figures_module.totals_by_target_group_kept(contracts) == first
    generation = figures_module.figures_generation()
    # the receiver that every change of a contract's figures reaches (PortfolioConfig.ready)
    assert "sroi.portfolio.figures" in {r[0][0] for r in contract_figures_changed.receivers}
    figures_module.figures_changed()
    assert figures_module.figures_generation() == generation + 1
    with django_assert_num_queries(3):  # stale: computed again
        figures_module.totals_by_target_group_kept(contracts)


@pytest.mark.django_db
def test_a_breakdown_kept_before_the_change_commits_is_stale_after_the_commit(
    django_assert_num_queries: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from sroi.plans.models import Contract as ContractModel
    from sroi.portfolio import figures as figures_module

    contracts = ContractModel.objects.all()
    with django_capture_on_commit_callbacks(execute=True):
        figures_module.figures_changed()  # sent inside the change's transaction
        # another request, before the commit, still reads (and keeps) the old figures
        figures_module.totals_by_target_group_kept(contracts)
    with django_assert_num_queries(3):  # after the commit: computed again
        figures_module.totals_by_target_group_kept(contracts)
