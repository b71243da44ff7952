"""Crossing requests around the nil report, with two real connections (PostgreSQL, threads): a
nil report while the contractor's colleague submits the period with realisations, a nil report
while a realisation dated in the period is stored, and the coordinator's verification while
the contractor submits new realisations into the nil report. Each ends in one consistent state
(never a "nothing to report" report holding realisations, never a verified report with
realisations no one decided on), never a deadlock or a 500."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion
from sroi.monitoring import services, services_reports
from sroi.monitoring.constants import RealisationKind, RealisationStatus, ReportStatus
from sroi.monitoring.models import Realisation, Report
from sroi.plans.models import Contract
from tests.monitoring.factories import RealisationFactory
from tests.monitoring.test_attacks_crossing import _at_once, _errors

pytestmark = pytest.mark.django_db(transaction=True)

Q1 = date(2026, 1, 1)
TODAY = date(2026, 5, 15)


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite has no SELECT ... FOR UPDATE)")


@pytest.fixture
def contract(agreements: AgreementVersion) -> Contract:
    contract = agreements.contract
    contract.refresh_from_db()
    return contract


def _purchase(invoice: str) -> dict[str, Any]:
    return {
        "kind": RealisationKind.PURCHASE,
        "block_code": "SOCIAAL_INKOPEN",
        "supplier_name": "Schoonmaak WerkSaam",
        "supplier_kvk": "12345678",
        "invoice_number": invoice,
        "date": date(2026, 2, 1),
        "amount_eur": Decimal("4000.00"),
    }


def _fresh(contract: Contract) -> Contract:
    return Contract.objects.get(pk=contract.pk)


def _nothing(contract: Contract, user: User) -> Any:
    return lambda: services_reports.report_submit_nothing(
        acting_user=user, contract=_fresh(contract), period_start=Q1, revision=0, today=TODAY
    )


def _consistent(contract: Contract) -> None:
    """A verified report has no realisation awaiting a decision; every submitted realisation
    dated in Q1 sits in a report."""
    for report in Report.objects.filter(contract=contract):
        waiting = Realisation.objects.filter(report=report, status=RealisationStatus.SUBMITTED)
        if report.status == ReportStatus.VERIFIED:
            assert not waiting.exists()
    assert not Realisation.objects.filter(
        contract=contract, status=RealisationStatus.SUBMITTED, report=None
    ).exists()


def test_attack2_a_nil_report_while_a_colleague_submits_the_period(
    contract: Contract, contractor_a: User
) -> None:
    RealisationFactory(contract=contract, purchase=True, date=date(2026, 2, 1))

    def submit() -> Report:
        return services_reports.report_submit(
            acting_user=contractor_a, contract=_fresh(contract), period_start=Q1, revision=0
        )

    results = _at_once(_nothing(contract, contractor_a), submit)
    refused = _errors(results)
    assert len(refused) == 1
    report = Report.objects.get(contract=contract)
    assert Realisation.objects.get(contract=contract).report == report
    _consistent(contract)


def test_attack2_a_nil_report_while_a_realisation_of_the_period_is_stored(
    contract: Contract, contractor_a: User
) -> None:
    def store() -> Realisation:
        return services.realisation_create(
            acting_user=contractor_a, contract=_fresh(contract), data=_purchase("F-1")
        )

    results = _at_once(_nothing(contract, contractor_a), store)
    refused = _errors(results)
    # Either the draft came first (the nil report is refused: a draft waits) or the nil report
    # did (the draft is stored and waits for the period's next submission).
    assert len(refused) <= 1
    draft = Realisation.objects.get(contract=contract)
    assert draft.status == RealisationStatus.DRAFT
    if refused:
        assert not Report.objects.filter(contract=contract).exists()
    _consistent(contract)


def test_attack2_verifying_a_nil_report_while_realisations_are_added_to_it(
    contract: Contract, contractor_a: User, coordinator: User
) -> None:
    report = services_reports.report_submit_nothing(
        acting_user=contractor_a, contract=contract, period_start=Q1, today=TODAY
    )
    RealisationFactory(contract=contract, purchase=True, date=date(2026, 2, 1))

    def verify() -> Report:
        return services_reports.report_acknowledge(
            acting_user=coordinator, report=Report.objects.get(pk=report.pk), revision=1
        )

    def submit() -> Report:
        return services_reports.report_submit(
            acting_user=contractor_a, contract=_fresh(contract), period_start=Q1, revision=1
        )

    results = _at_once(verify, submit)
    _errors(results)
    report.refresh_from_db()
    realisation = Realisation.objects.get(contract=contract)
    if realisation.report_id == report.pk:
        # the realisation went in: the report awaits its decision, whatever came first
        assert realisation.status == RealisationStatus.SUBMITTED
        assert report.status == ReportStatus.SUBMITTED
    _consistent(contract)
