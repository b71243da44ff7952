"""Crossing requests on the monitoring app with two real connections (PostgreSQL, threads):
two edits of one realisation at the same revision, an approval while the contractor edits, a
report submitted while a realisation is approved, two final assessments at once, and
``send_reminders`` twice at once. Each gives one success and one clear refusal (or two
successes that do not overwrite each other), never a lost edit, a deadlock or a 500."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections
from pytest_django.fixtures import Settings

from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion, AssessmentMoment
from sroi.core.models import OutboxMessage
from sroi.monitoring import assessment, reminders, services, services_reports, services_verify
from sroi.monitoring.constants import AssessmentOutcome, RealisationKind, RealisationStatus
from sroi.monitoring.models import FinalAssessment, Realisation, ReminderSent, Report
from sroi.monitoring.services import MonitoringError
from sroi.plans.models import Contract
from tests.monitoring.factories import RealisationFactory
from tests.plans.factories import ContractFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite has no SELECT ... FOR UPDATE)")


def _at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads released together; each result or the exception raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a crossing request hangs"
    return results


def _placement(hours: str) -> dict[str, Any]:
    return {
        "kind": RealisationKind.PLACEMENT,
        "candidate_reference": "K-017",
        "birth_year": 1995,
        "block_code": "PW_LT2",
        "target_group": "pw_lt2",
        "eligibility_evidence": "gemeente_verklaring",
        "start_date": date(2026, 2, 1),
        "end_date": date(2026, 7, 31),
        "planned_end_date": None,
        "hours_per_week": Decimal(hours),
        "employment_type": "temporary",
        "employer_name": "",
    }


@pytest.fixture
def contract(agreements: AgreementVersion) -> Contract:
    contract = agreements.contract
    contract.refresh_from_db()
    return contract


def _errors(results: list[Any]) -> list[Exception]:
    unexpected = [
        r for r in results if isinstance(r, Exception) and not isinstance(r, MonitoringError)
    ]
    assert not unexpected, unexpected
    return [r for r in results if isinstance(r, MonitoringError)]


def test_two_edits_at_the_same_revision_give_one_success_and_one_refusal(
    contract: Contract, contractor_a: User
) -> None:
    draft = services.realisation_create(
        acting_user=contractor_a, contract=contract, data=_placement("36")
    )
    seen = draft.revision

    def edit(hours: str) -> Callable[[], Realisation]:
        return lambda: services.realisation_update(
            acting_user=contractor_a,
            realisation=Realisation.objects.select_related("contract").get(pk=draft.pk),
            data=_placement(hours),
            revision=seen,
        )

    results = _at_once(edit("20"), edit("30"))
    refused = _errors(results)
    assert len(refused) == 1
    winner = next(r for r in results if isinstance(r, Realisation))
    draft.refresh_from_db()
    assert draft.hours_per_week == winner.hours_per_week
    assert draft.revision == seen + 1


def test_an_approval_while_the_contractor_edits_loses_nothing(
    contract: Contract, contractor_a: User, coordinator: User
) -> None:
    row = RealisationFactory(contract=contract, submitted=True)
    seen = row.revision

    def approve() -> Any:
        return services_verify.realisation_approve(
            acting_user=coordinator, realisation=Realisation.objects.get(pk=row.pk), revision=seen
        )

    def edit() -> Any:
        return services.realisation_update(
            acting_user=contractor_a,
            realisation=Realisation.objects.select_related("contract").get(pk=row.pk),
            data=_placement("10"),
            revision=seen,
        )

    results = _at_once(approve, edit)
    assert len(_errors(results)) == 1  # the edit of a realisation awaiting verification
    row.refresh_from_db()
    assert row.status == RealisationStatus.APPROVED
    assert row.hours_per_week == Decimal("36")
    assert Realisation.objects.filter(contract=contract).count() == 1


def test_a_report_submitted_while_a_realisation_is_approved(
    contract: Contract, contractor_a: User, coordinator: User
) -> None:
    pending = RealisationFactory(
        contract=contract, purchase=True, submitted=True, date=date(2026, 2, 10)
    )
    RealisationFactory(contract=contract, purchase=True, date=date(2026, 5, 10))  # a Q2 draft

    results = _at_once(
        lambda: services_verify.realisation_approve(
            acting_user=coordinator,
            realisation=Realisation.objects.get(pk=pending.pk),
            revision=pending.revision,
        ),
        lambda: services_reports.report_submit(
            acting_user=contractor_a,
            contract=Contract.objects.get(pk=contract.pk),
            period_start=date(2026, 4, 1),
            revision=0,
        ),
    )
    assert not _errors(results)
    assert set(Realisation.objects.values_list("status", flat=True)) == {
        RealisationStatus.APPROVED,
        RealisationStatus.SUBMITTED,
    }
    assert Realisation.objects.get(pk=pending.pk).value_eur is not None


def test_two_final_assessments_at_once_record_one(contract: Contract, coordinator: User) -> None:
    def record() -> Any:
        return assessment.final_assessment_record(
            acting_user=coordinator,
            contract=Contract.objects.get(pk=contract.pk),
            outcome=AssessmentOutcome.NOT_FULFILLED,
            note="Verrekend.",
            number=1,
            today=date(2028, 1, 10),
        )

    results = _at_once(record, record)
    assert len(_errors(results)) == 1
    assert FinalAssessment.objects.filter(contract=contract).count() == 1


def test_send_reminders_twice_at_once_sends_each_mail_once(
    contract: Contract, settings: Settings
) -> None:
    settings.SROI_REMINDER_DAYS_BEFORE = 14
    AssessmentMoment.objects.create(contract=contract, planned_date=date(2026, 4, 25))
    RealisationFactory(
        contract=contract,
        start_date=date(2026, 1, 15),
        end_date=None,
        planned_end_date=date(2026, 4, 1),
    )
    today = date(2026, 4, 20)
    before = OutboxMessage.objects.count()
    results = _at_once(
        lambda: reminders.send_reminders(today=today), lambda: reminders.send_reminders(today=today)
    )
    assert not _errors(results)
    sent = sum(sum(run.sent.values()) for run in results)
    assert sent == OutboxMessage.objects.count() - before > 0
    keys = list(ReminderSent.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys))
    again = reminders.send_reminders(today=today)
    assert sum(again.sent.values()) == 0


def _purchase_row(invoice: str) -> dict[str, Any]:
    return {
        "kind": RealisationKind.PURCHASE,
        "block_code": "SOCIAAL_INKOPEN",
        "supplier_name": "Schoonmaak WerkSaam",
        "supplier_kvk": "12345678",
        "invoice_number": invoice,
        "date": date(2026, 2, 10),
        "amount_eur": Decimal("4000.00"),
    }


def test_one_invoice_on_two_contracts_of_one_organisation_at_once_is_stored_once(
    contract: Contract, contractor_a: User
) -> None:
    """The duplicate-invoice check spans the organisation's contracts: each transaction locks
    its own contract, so both would pass without the organisation's lock."""
    other = ContractFactory(
        organisation=contract.organisation,
        buyer=contract.buyer,
        status=contract.status,
        ruleset_version=contract.ruleset_version,
    )

    def report(on: Contract) -> Callable[[], Realisation]:
        return lambda: services.realisation_create(
            acting_user=contractor_a,
            contract=Contract.objects.get(pk=on.pk),
            data=_purchase_row("F-2026-777"),
        )

    results = _at_once(report(contract), report(other))
    refused = _errors(results)
    assert len(refused) == 1
    assert refused[0].field == "invoice_number"
    stored = Realisation.objects.filter(
        contract__organisation=contract.organisation, invoice_number="F-2026-777"
    )
    assert stored.count() == 1


def test_two_nil_reports_of_one_period_at_once_make_one_report(
    contract: Contract, contractor_a: User
) -> None:
    def nothing() -> Report:
        return services_reports.report_submit_nothing(
            acting_user=contractor_a,
            contract=Contract.objects.get(pk=contract.pk),
            period_start=date(2026, 1, 1),
            revision=0,
            today=date(2026, 5, 15),
        )

    results = _at_once(nothing, nothing)
    refused = _errors(results)
    assert len(refused) == 1
    assert Report.objects.filter(contract=contract).count() == 1
