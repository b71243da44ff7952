"""Verification: the coordinator approves or rejects submitted realisations; only approved ones
count as realised. Figures from the rule set by hand (nhn-werksaam): PW_LT2 EUR 25,000 per
full-time year (36 h/week), SOCIAAL_INKOPEN EUR 1 per euro, MAATSCHAPPELIJK EUR 100 per hour."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion
from sroi.core.models import AuditEntry
from sroi.monitoring import services_verify
from sroi.monitoring.constants import RealisationStatus, ReportStatus
from sroi.monitoring.models import Realisation, Report
from sroi.monitoring.services import MonitoringError
from sroi.monitoring.valuation import contract_revalue
from sroi.plans.models import Contract
from tests.monitoring.factories import CandidateFactory, RealisationFactory

TODAY = date(2026, 6, 30)
HALF_YEAR_FULL_TIME = Decimal("12500.00")  # 25,000 x 6/12
PURCHASE = Decimal("4000.00")  # 4,000 x 1


@pytest.fixture
def report(agreements: AgreementVersion) -> Report:
    return Report.objects.create(
        contract=agreements.contract,
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        deadline=date(2026, 7, 31),
        status=ReportStatus.SUBMITTED,
    )


@pytest.fixture
def submitted(agreements: AgreementVersion, report: Report) -> tuple[Realisation, Realisation]:
    contract = agreements.contract
    placement = RealisationFactory(
        contract=contract,
        submitted=True,
        report=report,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 6, 30),
        planned_end_date=None,
    )
    purchase = RealisationFactory(contract=contract, purchase=True, submitted=True, report=report)
    contract_revalue(contract, today=TODAY)
    placement.refresh_from_db()
    purchase.refresh_from_db()
    return placement, purchase


def _contract(realisation: Realisation) -> Contract:
    return Contract.objects.get(pk=realisation.contract_id)


def test_approve_counts_the_value_as_realised(
    coordinator: User, submitted: tuple[Realisation, Realisation]
) -> None:
    placement, _purchase = submitted
    assert _contract(placement).pending_eur == HALF_YEAR_FULL_TIME + PURCHASE
    assert _contract(placement).realised_eur == Decimal("0.00")

    approved = services_verify.realisation_approve(
        acting_user=coordinator, realisation=placement, revision=placement.revision
    )

    assert approved.status == RealisationStatus.APPROVED
    assert approved.decided_by == coordinator
    assert approved.decided_at is not None
    assert approved.revision == placement.revision + 1
    contract = _contract(placement)
    assert contract.realised_eur == HALF_YEAR_FULL_TIME
    assert contract.pending_eur == PURCHASE
    # The forecast is unchanged: the finished placement and the purchase still count.
    assert contract.forecast_eur == HALF_YEAR_FULL_TIME + PURCHASE
    entry = AuditEntry.objects.get(action="monitoring.realisation_approve")
    assert entry.contract_id == contract.pk


def test_reject_needs_a_reason_and_removes_the_value(
    coordinator: User, submitted: tuple[Realisation, Realisation]
) -> None:
    _placement, purchase = submitted
    with pytest.raises(MonitoringError) as error:
        services_verify.realisation_reject(
            acting_user=coordinator, realisation=purchase, reason="  ", revision=purchase.revision
        )
    assert error.value.field == "reason"
    assert "reden" in error.value.message.lower()
    with pytest.raises(MonitoringError) as error:
        services_verify.realisation_reject(
            acting_user=coordinator,
            realisation=purchase,
            reason="BSN 111222333 klopt niet",
            revision=purchase.revision,
        )
    assert error.value.field == "reason"

    rejected = services_verify.realisation_reject(
        acting_user=coordinator,
        realisation=purchase,
        reason="De factuur is niet van een sociale onderneming.",
        revision=purchase.revision,
    )

    assert rejected.status == RealisationStatus.REJECTED
    assert rejected.decision_reason == "De factuur is niet van een sociale onderneming."
    contract = _contract(purchase)
    assert contract.pending_eur == HALF_YEAR_FULL_TIME
    assert contract.realised_eur == Decimal("0.00")
    assert contract.forecast_eur == HALF_YEAR_FULL_TIME
    assert AuditEntry.objects.filter(action="monitoring.realisation_reject").count() == 1


def test_report_is_verified_once_every_realisation_is_decided(
    coordinator: User, submitted: tuple[Realisation, Realisation], report: Report
) -> None:
    placement, purchase = submitted
    services_verify.realisation_approve(acting_user=coordinator, realisation=placement)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    services_verify.realisation_reject(
        acting_user=coordinator, realisation=purchase, reason="Geen factuur bijgevoegd."
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.VERIFIED
    assert report.verified_by == coordinator
    assert AuditEntry.objects.filter(action="monitoring.report_verify").count() == 1


def test_approve_many_approves_every_checked_one(
    coordinator: User, submitted: tuple[Realisation, Realisation], report: Report
) -> None:
    placement, purchase = submitted
    services_verify.realisations_approve_many(
        acting_user=coordinator,
        contract=placement.contract,
        revisions={placement.pk: placement.revision, purchase.pk: purchase.revision},
    )
    contract = _contract(placement)
    assert contract.realised_eur == HALF_YEAR_FULL_TIME + PURCHASE
    assert contract.pending_eur == Decimal("0.00")
    report.refresh_from_db()
    assert report.status == ReportStatus.VERIFIED


def test_only_a_submitted_realisation_is_decided(
    coordinator: User, agreements: AgreementVersion
) -> None:
    draft = RealisationFactory(contract=agreements.contract)
    with pytest.raises(MonitoringError):
        services_verify.realisation_approve(acting_user=coordinator, realisation=draft)
    with pytest.raises(MonitoringError):
        services_verify.realisation_reject(
            acting_user=coordinator, realisation=draft, reason="Niet compleet."
        )
    draft.refresh_from_db()
    assert draft.status == RealisationStatus.DRAFT


@pytest.mark.parametrize("persona", ["contractor_a", "contractor_b", "buyer_user"])
def test_only_a_coordinator_decides(
    persona: str,
    request: pytest.FixtureRequest,
    submitted: tuple[Realisation, Realisation],
) -> None:
    user = request.getfixturevalue(persona)
    placement, purchase = submitted
    with pytest.raises(PermissionDenied):
        services_verify.realisation_approve(acting_user=user, realisation=placement)
    with pytest.raises(PermissionDenied):
        services_verify.realisation_reject(
            acting_user=user, realisation=purchase, reason="Zelf afgewezen."
        )
    with pytest.raises(PermissionDenied):
        services_verify.realisations_approve_many(
            acting_user=user, contract=placement.contract, revisions={placement.pk: None}
        )
    assert _contract(placement).realised_eur == Decimal("0.00")


def test_a_crossing_decision_gets_a_dutch_message(
    coordinator: User, submitted: tuple[Realisation, Realisation]
) -> None:
    placement, _purchase = submitted
    seen = placement.revision  # both coordinators opened the page at this revision
    services_verify.realisation_approve(
        acting_user=coordinator, realisation=placement, revision=seen
    )
    with pytest.raises(MonitoringError) as error:
        services_verify.realisation_reject(
            acting_user=coordinator, realisation=placement, reason="Te laat.", revision=seen
        )
    assert "al besloten" in error.value.message
    with pytest.raises(MonitoringError):
        services_verify.realisation_approve(
            acting_user=coordinator, realisation=placement, revision=seen
        )
    assert AuditEntry.objects.filter(action="monitoring.realisation_approve").count() == 1


def test_rejecting_a_shared_candidate_revalues_with_the_engine(
    coordinator: User, agreements: AgreementVersion
) -> None:
    """A rejected placement whose candidate has another placement on the contract goes
    through ``contract_revalue`` (the engine's one cap per candidate); the figures agree
    with a full revaluation either way."""
    contract = agreements.contract
    candidate = CandidateFactory(organisation=contract.organisation)
    first = RealisationFactory(
        contract=contract,
        candidate=candidate,
        submitted=True,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 3, 31),
        planned_end_date=None,
    )
    RealisationFactory(
        contract=contract,
        candidate=candidate,
        approved=True,
        start_date=date(2026, 4, 1),
        end_date=date(2026, 6, 30),
        planned_end_date=None,
    )
    contract_revalue(contract, today=TODAY)
    first.refresh_from_db()
    services_verify.realisation_reject(
        acting_user=coordinator, realisation=first, reason="Geen doelgroepverklaring."
    )
    stored = _contract(first)
    assert stored.pending_eur == Decimal("0.00")
    assert stored.realised_eur == Decimal("6250.00")  # 25,000 x 3/12


def test_figures_from_stored_values_equal_a_full_revaluation(
    coordinator: User, submitted: tuple[Realisation, Realisation]
) -> None:
    placement, _purchase = submitted
    services_verify.realisation_approve(acting_user=coordinator, realisation=placement)
    fast = _contract(placement)
    full = contract_revalue(fast, today=TODAY)
    assert (fast.realised_eur, fast.pending_eur, fast.forecast_eur) == (
        full.realised_eur,
        full.pending_eur,
        full.forecast_eur,
    )
