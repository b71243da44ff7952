"""The final assessment: figures, settlement, recovery, closing and what a closed contract
refuses. The contract (tests/monitoring/conftest.py) runs 2026-01-01 to 2027-12-31 with a net
obligation of EUR 50,000.00; approved purchases count one euro per euro (SOCIAAL_INKOPEN in
nhn-werksaam), so EUR 30,000 purchased gives EUR 30,000 realised."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sroi.accounts.models import User
from sroi.agreements import moments as agreement_moments
from sroi.agreements import services as agreement_services
from sroi.agreements.models import AgreementVersion
from sroi.agreements.moments import MomentError
from sroi.agreements.services import AgreementError
from sroi.core.audit import AuditEntry
from sroi.core.models import OutboxMessage
from sroi.monitoring import services
from sroi.monitoring.assessment import assessment_pdf, final_assessment_record
from sroi.monitoring.constants import AssessmentOutcome, RealisationKind
from sroi.monitoring.models import FinalAssessment
from sroi.monitoring.services import MonitoringError
from sroi.plans.constants import ContractStatus
from sroi.plans.models import Contract
from tests.monitoring.factories import RealisationFactory

AFTER_END = date(2028, 1, 10)


def _realised(contract: Contract, amount: str, *, pending: str | None = None) -> None:
    RealisationFactory(contract=contract, purchase=True, approved=True, amount_eur=Decimal(amount))
    if pending:
        RealisationFactory(
            contract=contract, purchase=True, submitted=True, amount_eur=Decimal(pending)
        )


def _record(coordinator: User, contract: Contract, **kwargs: object) -> FinalAssessment:
    arguments: dict[str, object] = {
        "outcome": AssessmentOutcome.NOT_FULFILLED,
        "note": "Het tekort wordt verrekend met de laatste termijn.",
        "number": 1,
        "today": AFTER_END,
        **kwargs,
    }
    return final_assessment_record(acting_user=coordinator, contract=contract, **arguments)  # type: ignore[arg-type]


def test_shortfall_and_settlement_with_the_buyers_factor(
    agreements: AgreementVersion, coordinator: User, contractor_a: User
) -> None:
    contract = agreements.contract
    assert agreements.obligation_eur == Decimal("50000.00")
    assert contract.buyer is not None
    contract.buyer.settlement_factor = Decimal("1.5")
    contract.buyer.save()
    _realised(contract, "30000", pending="5000")

    assessment = _record(coordinator, contract)

    # 50,000 - 30,000 = 20,000 (the pending 5,000 does not count); x 1.5 = 30,000.00
    assert assessment.obligation_eur == Decimal("50000.00")
    assert assessment.realised_eur == Decimal("30000.00")
    assert assessment.shortfall_eur == Decimal("20000.00")
    assert assessment.settlement_factor == Decimal("1.5")
    assert assessment.settlement_eur == Decimal("30000.00")
    assert assessment.closes_contract
    assert bytes(assessment.pdf).startswith(b"%PDF")
    contract.refresh_from_db()
    assert contract.status == ContractStatus.CLOSED
    assert contract.closed_at is not None
    actions = set(
        AuditEntry.objects.filter(contract_id=contract.pk).values_list("action", flat=True)
    )
    assert {"monitoring.final_assessment", "monitoring.contract_close"} <= actions
    # One mail with the PDF, to the contractor's users and the coordinators.
    message = OutboxMessage.objects.get(subject__startswith="Eindbeoordeling 1")
    assert contractor_a.email in message.to
    assert coordinator.email in message.to
    assert message.attachments.get().content[:4] == b"%PDF"
    assert "is vastgelegd" in message.body


def test_default_factor_one_rounds_to_cents(
    agreements: AgreementVersion, coordinator: User
) -> None:
    contract = agreements.contract
    _realised(contract, "12345.675")  # stored as 12345.68 (two decimals)
    assessment = _record(coordinator, contract)
    assert assessment.settlement_factor == Decimal("1")
    assert assessment.shortfall_eur == Decimal("50000.00") - Decimal("12345.68")
    assert assessment.settlement_eur == Decimal("37654.32")


def test_fulfilled_has_no_shortfall_and_no_settlement(
    agreements: AgreementVersion, coordinator: User
) -> None:
    contract = agreements.contract
    _realised(contract, "52000")
    assessment = _record(coordinator, contract, outcome=AssessmentOutcome.FULFILLED)
    assert assessment.shortfall_eur == Decimal("0.00")
    assert assessment.settlement_eur == Decimal("0.00")


def test_recovery_keeps_the_contract_open_then_assessment_two_closes_it(
    agreements: AgreementVersion, coordinator: User, contractor_a: User
) -> None:
    contract = agreements.contract
    _realised(contract, "30000")
    first = _record(
        coordinator,
        contract,
        outcome=AssessmentOutcome.RECOVERY,
        recovery_deadline=date(2028, 6, 30),
    )
    assert not first.closes_contract
    contract.refresh_from_db()
    assert contract.status == ContractStatus.AGREEMENTS_IN_FORCE
    assert contract.closed_at is None
    # The contractor still reports during the recovery period.
    services.realisation_create(
        acting_user=contractor_a,
        contract=contract,
        data={
            "kind": RealisationKind.PURCHASE,
            "block_code": "SOCIAAL_INKOPEN",
            "supplier_name": "WerkSaam",
            "supplier_kvk": "12345678",
            "invoice_number": "F-1",
            "date": date(2027, 12, 1),
            "amount_eur": Decimal("100"),
        },
    )
    # Not before the recovery deadline.
    with pytest.raises(MonitoringError, match="vanaf de einddatum"):
        _record(coordinator, contract, number=2, today=date(2028, 6, 29))
    # A second recovery is refused.
    with pytest.raises(MonitoringError) as refused:
        _record(
            coordinator,
            contract,
            number=2,
            outcome=AssessmentOutcome.RECOVERY,
            recovery_deadline=date(2028, 12, 31),
            today=date(2028, 7, 1),
        )
    assert refused.value.field == "outcome"
    RealisationFactory(contract=contract, purchase=True, approved=True, amount_eur=Decimal("15000"))
    second = _record(coordinator, contract, number=2, today=date(2028, 7, 1))
    # 30,000 + 15,000 approved (the draft of 100 does not count): shortfall 5,000.
    assert second.number == 2
    assert second.realised_eur == Decimal("45000.00")
    assert second.shortfall_eur == Decimal("5000.00")
    contract.refresh_from_db()
    assert contract.status == ContractStatus.CLOSED


def test_recovery_needs_a_deadline_after_today(
    agreements: AgreementVersion, coordinator: User
) -> None:
    contract = agreements.contract
    for deadline in (None, AFTER_END):
        with pytest.raises(MonitoringError) as refused:
            _record(
                coordinator,
                contract,
                outcome=AssessmentOutcome.RECOVERY,
                recovery_deadline=deadline,
            )
        assert refused.value.field == "recovery_deadline"
    assert not FinalAssessment.objects.exists()


def test_not_before_the_end_date_and_on_the_day(
    agreements: AgreementVersion, coordinator: User
) -> None:
    contract = agreements.contract
    with pytest.raises(MonitoringError, match="vanaf de einddatum"):
        _record(coordinator, contract, today=date(2027, 12, 30))
    assert _record(coordinator, contract, today=date(2027, 12, 31)).number == 1


def test_a_second_coordinator_at_the_same_time_gets_a_message(
    agreements: AgreementVersion, coordinator: User
) -> None:
    contract = agreements.contract
    other = User.objects.create_user(email="c2@werksaam.example.org", role="coordinator")
    _record(
        coordinator,
        contract,
        outcome=AssessmentOutcome.RECOVERY,
        recovery_deadline=date(2028, 3, 1),
    )
    # The other coordinator's page showed number 1 as well.
    with pytest.raises(MonitoringError, match="Een andere coördinator"):
        _record(other, contract, number=1, outcome=AssessmentOutcome.FULFILLED)
    assert FinalAssessment.objects.count() == 1


def test_a_changed_realised_value_is_refused(
    agreements: AgreementVersion, coordinator: User
) -> None:
    contract = agreements.contract
    _realised(contract, "30000")
    with pytest.raises(MonitoringError, match="gerealiseerde waarde is gewijzigd"):
        _record(coordinator, contract, realised_eur=Decimal("25000.00"))
    assert not FinalAssessment.objects.exists()


def test_only_a_coordinator_records(agreements: AgreementVersion, contractor_a: User) -> None:
    with pytest.raises(PermissionDenied):
        _record(contractor_a, agreements.contract)


def test_a_closed_contract_refuses_every_monitoring_and_agreements_write(
    agreements: AgreementVersion, coordinator: User, contractor_a: User
) -> None:
    contract = agreements.contract
    draft = RealisationFactory(contract=contract, purchase=True)
    moment = agreement_moments.moment_add(
        acting_user=coordinator, contract=contract, planned_date=date(2027, 6, 1)
    )
    _record(coordinator, contract)
    contract.refresh_from_db()
    closed = "gesloten"
    with pytest.raises(MonitoringError, match=closed):
        services.realisation_create(
            acting_user=contractor_a,
            contract=contract,
            data={"kind": RealisationKind.ACTIVITY, "block_code": "MAATSCHAPPELIJK"},
        )
    with pytest.raises(MonitoringError, match=closed):
        services.realisation_update(
            acting_user=contractor_a, realisation=draft, data={}, revision=None
        )
    with pytest.raises(MonitoringError, match=closed):
        services.realisation_delete(acting_user=contractor_a, realisation=draft, revision=None)
    with pytest.raises(AgreementError, match=closed):
        agreement_services.agreements_new_version(acting_user=coordinator, contract=contract)
    with pytest.raises(MomentError, match=closed):
        agreement_moments.moment_add(
            acting_user=coordinator, contract=contract, planned_date=date(2027, 9, 1)
        )
    with pytest.raises(MomentError, match=closed):
        agreement_moments.moment_hold(
            acting_user=coordinator, moment=moment, outcome="on_track", note=""
        )
    with pytest.raises(MonitoringError, match="afgesloten door de eindbeoordeling"):
        _record(coordinator, contract, number=2)


def test_the_pdf_is_rendered_on_download_when_it_was_not_stored(
    agreements: AgreementVersion, coordinator: User
) -> None:
    assessment = _record(coordinator, agreements.contract)
    FinalAssessment.objects.filter(pk=assessment.pk).update(pdf=b"", pdf_sha256="")
    assert assessment_pdf(assessment).startswith(b"%PDF")
    assessment.refresh_from_db()
    assert bytes(assessment.pdf).startswith(b"%PDF")
    assert timezone.is_aware(assessment.assessed_at)
    assert isinstance(assessment.assessed_at, datetime)
