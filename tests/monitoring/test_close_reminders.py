"""Reminders: each kind to the right people, idempotent, the digest once a month.

The contract (tests/monitoring/conftest.py) runs from 2026-01-01 with quarterly reports: the
first period ends 2026-03-31, its report is due 2026-04-30 (30 days later). On 2026-04-20 with
reminders 14 days ahead (until 2026-05-04) that deadline and a moment on 2026-04-25 are due;
a running placement planned to end 2026-04-01 has passed its end; the forecast (EUR 0) is
below the obligation (EUR 50,000): the contract is at risk.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.management import call_command
from pytest_django.fixtures import Settings

from sroi.accounts.constants import Role
from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion, AssessmentMoment
from sroi.core.mail import outbox_work
from sroi.core.models import OutboxMessage
from sroi.monitoring import reminders
from sroi.monitoring.constants import ReminderKind, ReportStatus
from sroi.monitoring.models import ReminderSent, Report
from sroi.monitoring.periods import periods as contract_periods
from sroi.monitoring.reminders import send_reminders
from sroi.plans.models import Contract
from tests.monitoring.factories import RealisationFactory

TODAY = date(2026, 4, 20)


@pytest.fixture
def due(agreements: AgreementVersion, settings: Settings) -> Contract:
    settings.SROI_REMINDER_DAYS_BEFORE = 14
    contract = agreements.contract
    AssessmentMoment.objects.create(contract=contract, planned_date=date(2026, 4, 25))
    AssessmentMoment.objects.create(contract=contract, planned_date=date(2026, 7, 1))  # later
    RealisationFactory(
        contract=contract,
        start_date=date(2026, 1, 15),
        end_date=None,
        planned_end_date=date(2026, 4, 1),
        candidate__reference="K-GEHEIM-7",
    )
    RealisationFactory(  # ended: no reminder
        contract=contract,
        start_date=date(2026, 1, 15),
        end_date=date(2026, 3, 31),
        planned_end_date=date(2026, 4, 1),
    )
    return contract


def _kinds(user: User) -> list[str]:
    return sorted(ReminderSent.objects.filter(recipient=user).values_list("kind", flat=True))


def test_periods_follow_the_start_and_the_interval(agreements: AgreementVersion) -> None:
    periods = contract_periods(agreements.contract)
    assert len(periods) == 8  # two years, quarterly
    assert (periods[0].start, periods[0].end, periods[0].deadline) == (
        date(2026, 1, 1),
        date(2026, 3, 31),
        date(2026, 4, 30),
    )
    assert periods[-1].end == date(2027, 12, 31)


def test_each_kind_goes_to_the_right_people(
    due: Contract, contractor_a: User, contractor_b: User, coordinator: User
) -> None:
    # Every active coordinator (the approved plan's reviewer is one too).
    coordinators = User.objects.filter(role=Role.COORDINATOR, is_active=True).count()
    assert coordinators == 2
    before = set(OutboxMessage.objects.values_list("pk", flat=True))
    run = send_reminders(today=TODAY)

    assert run.sent == {
        ReminderKind.MOMENT: 1 + coordinators,  # contractor A and the coordinators
        ReminderKind.REPORT_DEADLINE: 1,  # contractor A
        ReminderKind.PLACEMENT_ENDED: 1,  # contractor A, one mail for the contract
        ReminderKind.DIGEST: coordinators,
    }
    assert _kinds(contractor_a) == ["moment", "placement_ended", "report_deadline"]
    assert _kinds(coordinator) == ["digest", "moment"]
    assert _kinds(contractor_b) == []
    messages = list(OutboxMessage.objects.exclude(pk__in=before))
    assert all(contractor_b.email not in m.to for m in messages)
    assert len(messages) == 3 + 2 * coordinators
    for message in messages:
        assert "K-GEHEIM-7" not in message.body + message.subject  # no candidate references
        assert f"/contracten/{due.pk}/" in message.body
    report = OutboxMessage.objects.get(subject__startswith="Rapportage uiterlijk 30-04-2026")
    assert report.to == [contractor_a.email]
    assert "01-01-2026 tot en met 31-03-2026" in report.body
    assert ReminderSent.objects.filter(key__startswith="moment:").count() == 1 + coordinators


def test_running_twice_sends_nothing_twice(
    due: Contract, contractor_a: User, coordinator: User
) -> None:
    send_reminders(today=TODAY)
    count = OutboxMessage.objects.count()
    again = send_reminders(today=TODAY)
    call_command("send_reminders", "--today", "2026-04-21", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sum(again.sent.values()) == 0
    assert OutboxMessage.objects.count() == count


def test_a_submitted_period_gets_no_deadline_reminder(due: Contract, contractor_a: User) -> None:
    Report.objects.create(
        contract=due,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        deadline=date(2026, 4, 30),
        status=ReportStatus.SUBMITTED,
    )
    run = send_reminders(today=TODAY)
    assert run.sent[ReminderKind.REPORT_DEADLINE] == 0
    assert "report_deadline" not in _kinds(contractor_a)


def test_the_digest_goes_once_a_month(due: Contract, coordinator: User) -> None:
    coordinators = User.objects.filter(role=Role.COORDINATOR, is_active=True).count()
    assert send_reminders(today=TODAY).sent[ReminderKind.DIGEST] == coordinators
    assert send_reminders(today=date(2026, 4, 28)).sent[ReminderKind.DIGEST] == 0
    assert send_reminders(today=date(2026, 5, 2)).sent[ReminderKind.DIGEST] == coordinators
    keys = set(
        ReminderSent.objects.filter(kind=ReminderKind.DIGEST, recipient=coordinator).values_list(
            "key", flat=True
        )
    )
    assert keys == {
        f"digest:2026-04:user:{coordinator.pk}",
        f"digest:2026-05:user:{coordinator.pk}",
    }
    digest = next(
        m
        for m in OutboxMessage.objects.filter(subject__contains="risico")
        if m.to == [coordinator.email]
    )
    assert due.name in digest.body
    assert "EUR 50.000,00" in digest.body


def test_a_key_taken_by_a_run_at_the_same_time_sends_nothing(
    due: Contract, contractor_a: User
) -> None:
    key = f"report:{due.pk}:2026-01-01:user:{contractor_a.pk}"
    # The other run committed its key between this run's look-up and its insert.
    ReminderSent.objects.create(key=key, kind=ReminderKind.REPORT_DEADLINE, recipient=contractor_a)
    sent = reminders._send_once(
        keys=[key],
        kind=ReminderKind.REPORT_DEADLINE,
        contract=due,
        recipient=contractor_a,
        template="reminder_report",
        context={"contract": due, "period": contract_periods(due)[0], "url": "x"},
    )
    assert sent is False
    assert not OutboxMessage.objects.filter(subject__startswith="Rapportage").exists()


def test_a_closed_contract_gets_no_reminders(due: Contract, coordinator: User) -> None:
    Contract.objects.filter(pk=due.pk).update(status="closed")
    assert sum(send_reminders(today=TODAY).sent.values()) == 0


def test_the_worker_runs_the_daily_jobs_once_a_day() -> None:
    days = iter([date(2026, 4, 20)] * 4 + [date(2026, 4, 21)] * 4)
    calls: list[str] = []
    outbox_work(
        interval=0,
        stop=threading.Event(),
        passes=4,
        daily=lambda: calls.append("daily"),
        today=lambda: next(days),
    )
    assert calls == ["daily", "daily"]
