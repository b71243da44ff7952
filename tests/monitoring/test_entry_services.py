"""The contractor's writes: create, change (in place or as a new version), remove; access,
conflicts and the candidate identity."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion
from sroi.core.models import AuditEntry
from sroi.monitoring import services
from sroi.monitoring.constants import RealisationStatus
from sroi.monitoring.models import Candidate, Realisation
from sroi.plans.models import Contract
from tests.monitoring.factories import placement


@pytest.fixture
def contract_in_force(agreements: AgreementVersion) -> Contract:
    contract = agreements.contract
    contract.refresh_from_db()
    return contract


def test_create_values_the_placement_and_audits_without_the_reference(
    contract_in_force: Contract, contractor_a: User
) -> None:
    realisation = services.realisation_create(
        acting_user=contractor_a, contract=contract_in_force, data=placement()
    )
    realisation.refresh_from_db()
    # PW_LT2: EUR 25,000 per full-time year; six months full time.
    assert realisation.value_eur == Decimal("12500.00")
    assert realisation.status == RealisationStatus.DRAFT
    entry = AuditEntry.objects.get(action="monitoring.realisation_create")
    assert entry.contract_id == contract_in_force.pk
    assert "K-017" not in str(entry.data)


def test_the_same_reference_is_the_same_candidate(
    contract_in_force: Contract, contractor_a: User
) -> None:
    first = services.realisation_create(
        acting_user=contractor_a, contract=contract_in_force, data=placement()
    )
    second = services.realisation_create(
        acting_user=contractor_a,
        contract=contract_in_force,
        data=placement(start_date=date(2026, 7, 1), end_date=None, hours_per_week=Decimal("18")),
    )
    assert first.candidate_id == second.candidate_id
    assert Candidate.objects.count() == 1


def test_a_known_reference_with_another_birth_year_is_refused_at_the_field(
    contract_in_force: Contract, contractor_a: User
) -> None:
    services.realisation_create(
        acting_user=contractor_a, contract=contract_in_force, data=placement()
    )
    with pytest.raises(services.MonitoringError) as caught:
        services.realisation_create(
            acting_user=contractor_a, contract=contract_in_force, data=placement(birth_year=1996)
        )
    assert caught.value.field == "birth_year"
    assert Realisation.objects.count() == 1


def test_rows_are_all_or_nothing(contract_in_force: Contract, contractor_a: User) -> None:
    rows = [placement(), placement(birth_year=1980)]
    with pytest.raises(services.RowsError) as caught:
        services.realisations_create(
            acting_user=contractor_a, contract=contract_in_force, rows=rows
        )
    assert set(caught.value.errors) == {1}
    assert not Realisation.objects.exists()
    assert not Candidate.objects.exists()


def test_changing_an_approved_realisation_makes_a_new_version(
    contract_in_force: Contract, contractor_a: User
) -> None:
    realisation = services.realisation_create(
        acting_user=contractor_a, contract=contract_in_force, data=placement()
    )
    Realisation.objects.filter(pk=realisation.pk).update(status=RealisationStatus.APPROVED)
    realisation.refresh_from_db()
    fresh = services.realisation_update(
        acting_user=contractor_a,
        realisation=realisation,
        data={"hours_per_week": Decimal("18")},
        revision=realisation.revision,
    )
    realisation.refresh_from_db()
    assert realisation.status == RealisationStatus.SUPERSEDED
    assert fresh.pk != realisation.pk
    assert fresh.supersedes_id == realisation.pk and fresh.version == 2
    assert fresh.status == RealisationStatus.DRAFT
    fresh.refresh_from_db()
    assert fresh.value_eur == Decimal("6250.00")  # half time, six months
    contract_in_force.refresh_from_db()
    assert contract_in_force.realised_eur == Decimal("0.00")  # the new version awaits a decision


def test_a_stale_revision_is_refused_and_nothing_changes(
    contract_in_force: Contract, contractor_a: User
) -> None:
    realisation = services.realisation_create(
        acting_user=contractor_a, contract=contract_in_force, data=placement()
    )
    services.realisation_update(
        acting_user=contractor_a,
        realisation=realisation,
        data={"hours_per_week": Decimal("30")},
        revision=0,
    )
    with pytest.raises(services.MonitoringError):
        services.realisation_update(
            acting_user=contractor_a,
            realisation=realisation,
            data={"hours_per_week": Decimal("20")},
            revision=0,
        )
    realisation.refresh_from_db()
    assert realisation.hours_per_week == Decimal("30")


def test_only_a_draft_is_removed(contract_in_force: Contract, contractor_a: User) -> None:
    realisation = services.realisation_create(
        acting_user=contractor_a, contract=contract_in_force, data=placement()
    )
    Realisation.objects.filter(pk=realisation.pk).update(status=RealisationStatus.SUBMITTED)
    with pytest.raises(services.MonitoringError):
        services.realisation_delete(
            acting_user=contractor_a, realisation=realisation, revision=None
        )
    Realisation.objects.filter(pk=realisation.pk).update(status=RealisationStatus.DRAFT)
    services.realisation_delete(acting_user=contractor_a, realisation=realisation, revision=None)
    assert not Realisation.objects.exists()
    assert AuditEntry.objects.filter(action="monitoring.realisation_delete").exists()


def test_other_organisations_coordinators_and_buyers_cannot_report(
    contract_in_force: Contract, contractor_b: User, coordinator: User, buyer_user: User
) -> None:
    for user in (contractor_b, coordinator, buyer_user):
        with pytest.raises(PermissionDenied):
            services.realisation_create(
                acting_user=user, contract=contract_in_force, data=placement()
            )


def test_nothing_is_reported_before_the_agreements_are_in_force(
    contract: Contract, contractor_a: User
) -> None:
    with pytest.raises(services.MonitoringError):
        services.realisation_create(acting_user=contractor_a, contract=contract, data=placement())
