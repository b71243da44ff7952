"""Reporting periods and deadlines (``sroi.monitoring.periods``) and the submission of a
period (``sroi.monitoring.services_reports``)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion
from sroi.core.models import AuditEntry
from sroi.monitoring import services, services_reports
from sroi.monitoring.constants import (
    REPORT_DEADLINE_DAYS,
    RealisationKind,
    RealisationStatus,
    ReportStatus,
)
from sroi.monitoring.models import Realisation, Report
from sroi.monitoring.periods import current_period, period_of, period_starting, periods
from sroi.monitoring.services import MonitoringError
from sroi.plans.models import Contract
from sroi.plans.timeline import ACTION_LABELS

D = date


def _contract(start: date | None, end: date | None, months: int = 3) -> Contract:
    return Contract(start_date=start, end_date=end, reporting_interval_months=months)


# --- periods -----------------------------------------------------------------------------------


def test_quarters_count_from_the_start_with_a_deadline_30_days_after_the_end() -> None:
    contract = _contract(D(2026, 1, 1), D(2027, 12, 31))
    found = periods(contract)
    assert REPORT_DEADLINE_DAYS == 30
    assert len(found) == 8
    assert (found[0].start, found[0].end, found[0].deadline) == (
        D(2026, 1, 1),
        D(2026, 3, 31),
        D(2026, 4, 30),
    )
    assert (found[1].start, found[1].end, found[1].deadline) == (
        D(2026, 4, 1),
        D(2026, 6, 30),
        D(2026, 7, 30),
    )
    assert (found[-1].start, found[-1].end, found[-1].deadline) == (
        D(2027, 10, 1),
        D(2027, 12, 31),
        D(2028, 1, 30),
    )
    assert [p.number for p in found] == list(range(1, 9))


def test_quarters_of_a_contract_starting_mid_month_are_not_calendar_quarters() -> None:
    contract = _contract(D(2026, 2, 15), D(2026, 12, 31))
    assert [(p.start, p.end) for p in periods(contract)] == [
        (D(2026, 2, 15), D(2026, 5, 14)),
        (D(2026, 5, 15), D(2026, 8, 14)),
        (D(2026, 8, 15), D(2026, 11, 14)),
        (D(2026, 11, 15), D(2026, 12, 31)),  # the last period ends with the contract
    ]


def test_monthly_periods_of_a_contract_starting_on_the_31st_do_not_drift() -> None:
    contract = _contract(D(2026, 1, 31), D(2026, 6, 30), months=1)
    assert [(p.start, p.end) for p in periods(contract)] == [
        (D(2026, 1, 31), D(2026, 2, 27)),
        (D(2026, 2, 28), D(2026, 3, 30)),
        (D(2026, 3, 31), D(2026, 4, 29)),
        (D(2026, 4, 30), D(2026, 5, 30)),
        (D(2026, 5, 31), D(2026, 6, 29)),
        (D(2026, 6, 30), D(2026, 6, 30)),
    ]
    march = period_of(contract, D(2026, 3, 30))
    assert march is not None and march.start == D(2026, 2, 28)
    assert period_of(contract, D(2026, 3, 31)).start == D(2026, 3, 31)  # type: ignore[union-attr]
    # A leap year: 29 February is a start.
    leap = _contract(D(2028, 1, 31), D(2028, 4, 29), months=1)
    assert [p.start for p in periods(leap)] == [D(2028, 1, 31), D(2028, 2, 29), D(2028, 3, 31)]


@pytest.mark.parametrize("months", [1, 3, 6, 12])
@pytest.mark.parametrize("start", [D(2026, 1, 31), D(2026, 2, 28), D(2026, 8, 30), D(2027, 3, 1)])
def test_periods_cover_every_day_once_and_period_of_agrees(start: date, months: int) -> None:
    end = D(2029, 2, 28)
    contract = _contract(start, end, months)
    found = periods(contract)
    assert found[0].start == start
    assert found[-1].end == end
    for before, after in itertools.pairwise(found):
        assert after.start == before.end + timedelta(days=1)
    day = start
    while day <= end:
        period = period_of(contract, day)
        assert period is not None and period.contains(day)
        day += timedelta(days=1)


def test_outside_the_contract_no_period_but_current_is_the_first_or_last() -> None:
    contract = _contract(D(2026, 1, 1), D(2026, 12, 31))
    assert period_of(contract, D(2025, 12, 31)) is None
    assert period_of(contract, D(2027, 1, 1)) is None
    assert current_period(contract, D(2025, 6, 1)).start == D(2026, 1, 1)  # type: ignore[union-attr]
    assert current_period(contract, D(2027, 1, 20)).start == D(2026, 10, 1)  # type: ignore[union-attr]
    assert current_period(contract, D(2026, 5, 5)).start == D(2026, 4, 1)  # type: ignore[union-attr]
    assert period_starting(contract, D(2026, 4, 1)) is not None
    assert period_starting(contract, D(2026, 4, 2)) is None


def test_without_a_start_date_there_are_no_periods() -> None:
    contract = _contract(None, None)
    assert periods(contract) == []
    assert current_period(contract, D(2026, 5, 1)) is None
    # Without an end date the periods run up to the one holding ``until``.
    open_ended = _contract(D(2026, 1, 1), None, months=6)
    assert [p.start for p in periods(open_ended, until=D(2027, 2, 1))] == [
        D(2026, 1, 1),
        D(2026, 7, 1),
        D(2027, 1, 1),
    ]


# --- submitting a period ------------------------------------------------------------------------


def _placement(**overrides: Any) -> dict[str, Any]:
    row = {
        "kind": RealisationKind.PLACEMENT,
        "candidate_reference": "K-017",
        "birth_year": 1995,
        "block_code": "PW_LT2",
        "target_group": "pw_lt2",
        "eligibility_evidence": "gemeente_verklaring",
        "start_date": D(2026, 2, 1),
        "end_date": D(2026, 7, 31),
        "planned_end_date": None,
        "hours_per_week": Decimal("36"),
        "employment_type": "temporary",
        "employer_name": "",
    }
    row.update(overrides)
    return row


def _purchase(day: date) -> dict[str, Any]:
    return {
        "kind": RealisationKind.PURCHASE,
        "block_code": "SOCIAAL_INKOPEN",
        "supplier_name": "Schoonmaak WerkSaam",
        "supplier_kvk": "12345678",
        "invoice_number": f"F-{day.isoformat()}",
        "date": day,
        "amount_eur": Decimal("4000.00"),
    }


def _activity(day: date) -> dict[str, Any]:
    return {
        "kind": RealisationKind.ACTIVITY,
        "block_code": "MAATSCHAPPELIJK",
        "description": "Gastles bouwtechniek",
        "date": day,
        "hours": Decimal("12"),
        "employees_count": 2,
    }


@pytest.fixture
def contract_in_force(agreements: AgreementVersion) -> Contract:
    contract = agreements.contract
    contract.refresh_from_db()
    return contract


def _create(contractor: User, contract: Contract, data: dict[str, Any]) -> Realisation:
    return services.realisation_create(acting_user=contractor, contract=contract, data=data)


def test_submitting_a_quarter_moves_its_drafts_and_leaves_later_ones(
    contract_in_force: Contract, contractor_a: User
) -> None:
    placement = _create(contractor_a, contract_in_force, _placement())
    activity = _create(contractor_a, contract_in_force, _activity(D(2026, 3, 31)))
    later = _create(contractor_a, contract_in_force, _purchase(D(2026, 4, 1)))

    report = services_reports.report_submit(
        acting_user=contractor_a, contract=contract_in_force, period_start=D(2026, 1, 1), revision=0
    )

    assert (report.period_start, report.period_end, report.deadline) == (
        D(2026, 1, 1),
        D(2026, 3, 31),
        D(2026, 4, 30),
    )
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == contractor_a
    for realisation in (placement, activity):
        realisation.refresh_from_db()
        assert realisation.status == RealisationStatus.SUBMITTED
        assert realisation.report_id == report.pk
    later.refresh_from_db()
    assert later.status == RealisationStatus.DRAFT and later.report_id is None
    # The submitted values now count as awaiting verification: the placement (six months
    # full time at EUR 25,000 a year = 12,500.00) plus the activity's value.
    contract_in_force.refresh_from_db()
    activity.refresh_from_db()
    assert contract_in_force.pending_eur == Decimal("12500.00") + activity.value_eur
    entry = AuditEntry.objects.get(action="monitoring.report_submit")
    assert entry.contract_id == contract_in_force.pk
    assert entry.data["count"] == 2
    assert "K-017" not in str(entry.data)
    assert "monitoring.report_submit" in ACTION_LABELS


def test_an_empty_report_is_refused_in_dutch(
    contract_in_force: Contract, contractor_a: User
) -> None:
    _create(contractor_a, contract_in_force, _purchase(D(2026, 4, 1)))  # the next quarter
    with pytest.raises(MonitoringError, match="Er is niets in te dienen"):
        services_reports.report_submit(
            acting_user=contractor_a, contract=contract_in_force, period_start=D(2026, 1, 1)
        )
    assert not Report.objects.exists()


def test_a_second_submission_adds_new_drafts_to_the_same_report(
    contract_in_force: Contract, contractor_a: User
) -> None:
    _create(contractor_a, contract_in_force, _activity(D(2026, 2, 1)))
    first = services_reports.report_submit(
        acting_user=contractor_a, contract=contract_in_force, period_start=D(2026, 1, 1)
    )
    Report.objects.filter(pk=first.pk).update(status=ReportStatus.VERIFIED)
    _create(contractor_a, contract_in_force, _activity(D(2026, 3, 1)))

    # The page showed the report at its first revision: a stale one is refused.
    with pytest.raises(MonitoringError, match="Iemand anders"):
        services_reports.report_submit(
            acting_user=contractor_a,
            contract=contract_in_force,
            period_start=D(2026, 1, 1),
            revision=0,
        )
    second = services_reports.report_submit(
        acting_user=contractor_a,
        contract=contract_in_force,
        period_start=D(2026, 1, 1),
        revision=first.revision,
    )
    assert second.pk == first.pk
    assert second.status == ReportStatus.SUBMITTED
    assert second.realisations.count() == 2
    assert Report.objects.count() == 1
    assert AuditEntry.objects.filter(action="monitoring.report_submit").count() == 2


def test_only_the_contractor_submits_and_only_a_real_period(
    contract_in_force: Contract, contractor_a: User, contractor_b: User, coordinator: User
) -> None:
    _create(contractor_a, contract_in_force, _activity(D(2026, 2, 1)))
    for user in (contractor_b, coordinator):
        with pytest.raises(PermissionDenied):
            services_reports.report_submit(
                acting_user=user, contract=contract_in_force, period_start=D(2026, 1, 1)
            )
    with pytest.raises(MonitoringError, match="geen rapportageperiode"):
        services_reports.report_submit(
            acting_user=contractor_a, contract=contract_in_force, period_start=D(2026, 1, 2)
        )


def test_a_coordinator_changes_the_reporting_interval(
    contract_in_force: Contract, contractor_a: User, coordinator: User
) -> None:
    with pytest.raises(PermissionDenied):
        services_reports.reporting_interval_set(
            acting_user=contractor_a, contract=contract_in_force, months=1
        )
    with pytest.raises(MonitoringError) as refused:
        services_reports.reporting_interval_set(
            acting_user=coordinator, contract=contract_in_force, months=5
        )
    assert refused.value.field == "months"
    services_reports.reporting_interval_set(
        acting_user=coordinator, contract=contract_in_force, months=1
    )
    contract_in_force.refresh_from_db()
    assert contract_in_force.reporting_interval_months == 1
    assert len(periods(contract_in_force)) == 24
    entry = AuditEntry.objects.get(action="monitoring.reporting_interval")
    assert entry.data == {"from": 3, "to": 1}
    assert "monitoring.reporting_interval" in ACTION_LABELS
