"""The scale data (``sroi.portfolio.scale.seed_scale`` and ``manage.py seed_scale_data``) on a
small size: the counts, stored figures that are the sums of what is stored, access for the
coordinator and each buyer, determinism, and the command's refusals."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Sum

from sroi.accounts.constants import Role
from sroi.accounts.models import User
from sroi.agreements.constants import AgreementStatus
from sroi.agreements.models import Agreement, AgreementVersion, AssessmentMoment
from sroi.monitoring.constants import RealisationKind, RealisationStatus
from sroi.monitoring.lights import contract_light_store
from sroi.monitoring.models import Candidate, Realisation, Report
from sroi.monitoring.valuation import COUNTED_STATUSES
from sroi.plans.constants import ContractStatus
from sroi.plans.models import Buyer, Contract
from sroi.plans.selectors import contract_list_for_user
from sroi.portfolio.scale import COORDINATOR_EMAIL, ScaleError, ScaleResult, seed_scale
from sroi.rules.engine import obligation_eur

TODAY = date(2026, 11, 30)
SMALL: dict[str, Any] = {
    "contracts": 20,
    "realisations": 200,
    "buyers": 3,
    "organisations": 5,
    "today": TODAY,
}

pytestmark = pytest.mark.usefixtures("shipped_rulesets")


@pytest.fixture
def region(db: None, shipped_rulesets: None) -> ScaleResult:
    return seed_scale(**SMALL)


def _sum(queryset: object, field: str) -> Decimal:
    return Decimal(queryset.aggregate(total=Sum(field))["total"] or 0)  # type: ignore[attr-defined]


def test_seed_makes_the_counts_asked_for(region: ScaleResult) -> None:
    assert Contract.objects.count() == 20
    assert Realisation.objects.count() == 200
    assert Buyer.objects.count() == 3
    assert User.objects.filter(role=Role.BUYER).count() == 3
    assert User.objects.filter(role=Role.CONTRACTOR).count() == 5
    assert User.objects.filter(role=Role.COORDINATOR).get() == region.coordinator
    placements = Realisation.objects.filter(kind=RealisationKind.PLACEMENT).count()
    assert Candidate.objects.count() == placements == region.candidates
    assert AssessmentMoment.objects.count() == region.moments > 0
    assert Report.objects.count() == region.reports > 0
    assert region.contracts == 20 and region.realisations == 200


def test_seed_mixes_statuses_kinds_and_effort(region: ScaleResult) -> None:
    statuses = Counter(Contract.objects.values_list("status", flat=True))
    assert statuses[ContractStatus.AGREEMENTS_IN_FORCE] > statuses[ContractStatus.PLAN_IN_REVIEW]
    assert set(Realisation.objects.values_list("status", flat=True)) >= {
        RealisationStatus.APPROVED,
        RealisationStatus.SUBMITTED,
        RealisationStatus.DRAFT,
    }
    assert set(Realisation.objects.values_list("kind", flat=True)) == set(RealisationKind.values)
    assert Agreement.objects.values("effort_kind").distinct().count() >= 3
    assert Agreement.objects.exclude(target_group="").values("target_group").distinct().count() > 3
    # a realisation waiting or decided sits in a report of its contract; a draft in none
    assert not Realisation.objects.filter(status=RealisationStatus.DRAFT, report__isnull=False)
    assert not Realisation.objects.exclude(status=RealisationStatus.DRAFT).filter(
        report__isnull=True
    )


def test_every_contract_has_an_agreement_version_only_when_its_status_needs_one(
    region: ScaleResult,
) -> None:
    for contract in Contract.objects.all():
        versions = AgreementVersion.objects.filter(contract=contract)
        if contract.status in (ContractStatus.AGREEMENTS_IN_FORCE, ContractStatus.CLOSED):
            assert versions.get().status == AgreementStatus.ACCEPTED
        else:
            assert not versions.exists()
            assert not Realisation.objects.filter(contract=contract).exists()


def test_stored_figures_are_the_sums_of_the_realisations_and_agreements(
    region: ScaleResult,
) -> None:
    for contract in Contract.objects.all():
        assert contract.value_eur is not None and contract.sroi_percentage is not None
        expected = obligation_eur(contract.value_eur, contract.sroi_percentage)
        assert contract.obligation_eur == expected
        rows = Realisation.objects.filter(contract=contract)
        if contract.status in (ContractStatus.AGREEMENTS_IN_FORCE, ContractStatus.CLOSED):
            agreed = _sum(Agreement.objects.filter(version__contract=contract), "value_eur")
            assert contract.agreed_eur == agreed
            assert AgreementVersion.objects.get(contract=contract).total_eur == agreed
            approved = rows.filter(status=RealisationStatus.APPROVED)
            assert contract.realised_eur == _sum(approved, "value_eur")
            waiting = rows.filter(status=RealisationStatus.SUBMITTED)
            assert contract.pending_eur == _sum(waiting, "value_eur")
            live = rows.filter(status__in=COUNTED_STATUSES)
            assert contract.forecast_eur == _sum(live, "forecast_eur")
        else:
            assert contract.agreed_eur is None and contract.realised_eur is None
        # The outlook and the light as the app stores them (monitoring.lights): nothing to change.
        outlook, light = contract.outlook_eur, contract.light
        assert contract_light_store(contract, today=TODAY) == light
        assert contract.outlook_eur == outlook


def test_the_regions_figures_add_up(region: ScaleResult) -> None:
    approved = Realisation.objects.filter(status=RealisationStatus.APPROVED)
    assert _sum(Contract.objects.all(), "realised_eur") == _sum(approved, "value_eur") > 0


def test_every_contract_is_visible_to_the_coordinator_and_to_its_buyers_user(
    region: ScaleResult,
) -> None:
    assert contract_list_for_user(region.coordinator).count() == 20
    seen = 0
    for buyer, user in zip(region.buyers, region.buyer_users, strict=True):
        visible = set(contract_list_for_user(user).values_list("pk", flat=True))
        assert visible == set(Contract.objects.filter(buyer=buyer).values_list("pk", flat=True))
        seen += len(visible)
    assert seen == 20


def test_a_contractor_sees_only_its_own_contracts(region: ScaleResult) -> None:
    for user in region.contractor_users:
        visible = contract_list_for_user(user)
        assert all(contract.organisation_id == user.organisation_id for contract in visible)


def test_the_big_buyer_gets_the_contracts_asked_for(db: None) -> None:
    result = seed_scale(**{**SMALL, "contracts": 30, "big_buyer_contracts": 12})
    counts = Counter(Contract.objects.values_list("buyer_id", flat=True))
    assert counts[result.buyers[0].pk] == 12
    assert counts[result.buyers[1].pk] == counts[result.buyers[2].pk] == 9


class _Rollback(Exception):
    pass


def _fingerprint() -> tuple[list[Any], list[Any]]:
    """The seeded data without ids and timestamps (PostgreSQL does not reuse ids)."""
    contracts = sorted(
        Contract.objects.values_list(
            "reference",
            "name",
            "buyer__name",
            "organisation__name",
            "value_eur",
            "sroi_percentage",
            "start_date",
            "end_date",
            "status",
            "agreed_eur",
            "realised_eur",
            "pending_eur",
            "forecast_eur",
            "outlook_eur",
            "light",
        )
    )
    realisations = sorted(
        Realisation.objects.values_list(
            "contract__reference",
            "kind",
            "status",
            "block_code",
            "candidate__reference",
            "start_date",
            "end_date",
            "date",
            "value_eur",
            "forecast_eur",
            "agreement__position",
        ),
        key=repr,
    )
    return contracts, realisations


def _seeded_fingerprint(seed: int) -> tuple[list[Any], list[Any]]:
    try:
        with transaction.atomic():
            seed_scale(**SMALL, seed=seed)
            found = _fingerprint()
            raise _Rollback
    except _Rollback:
        pass
    return found


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(db: None) -> None:
    first = _seeded_fingerprint(5)
    assert not Contract.objects.exists()  # rolled back
    assert _seeded_fingerprint(5) == first
    assert _seeded_fingerprint(6) != first


def test_a_second_seed_into_the_same_database_is_refused(region: ScaleResult) -> None:
    with pytest.raises(ScaleError, match="already holds scale data"):
        seed_scale(**SMALL)
    assert Contract.objects.count() == 20


@pytest.mark.parametrize(
    "sizes",
    [
        {"contracts": 0},
        {"buyers": 0},
        {"organisations": 0},
        {"realisations": -1},
        {"big_buyer_contracts": 21},
        {"big_buyer_contracts": 20},
    ],
)
def test_impossible_sizes_are_refused(db: None, sizes: dict[str, int]) -> None:
    with pytest.raises(ScaleError):
        seed_scale(**{**SMALL, **sizes})
    assert not User.objects.exists()


def test_the_command_refuses_without_debug_or_the_flag(db: None, settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="--yes-i-know"):
        call_command("seed_scale_data", "--contracts", "3", "--realisations", "10")
    assert not Contract.objects.exists()
    assert not User.objects.filter(email=COORDINATOR_EMAIL).exists()


def test_the_command_runs_with_the_flag_and_refuses_a_second_time(
    db: None, settings: object
) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    args = ["--contracts", "6", "--realisations", "30", "--buyers", "2", "--organisations", "3"]
    call_command("seed_scale_data", *args, "--big-buyer-contracts", "4", "--yes-i-know")
    assert Contract.objects.count() == 6
    assert Realisation.objects.count() == 30
    with pytest.raises(CommandError, match="already holds scale data"):
        call_command("seed_scale_data", *args, "--yes-i-know")


def test_the_command_runs_with_debug_on(db: None, settings: object) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    call_command("seed_scale_data", "--contracts", "3", "--realisations", "10", verbosity=0)
    assert Contract.objects.count() == 3


def test_the_command_needs_the_rule_sets(db: None, settings: object) -> None:
    from sroi.rules.models import RuleSetVersion

    RuleSetVersion.objects.all().delete()
    settings.DEBUG = True  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="import_rulesets"):
        call_command("seed_scale_data", "--contracts", "3", "--realisations", "10")
