"""``load_demo`` (extended by ``sroi.monitoring.demo``) shows monitoring in every state, made
through the services, and a second run changes nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from sroi.core.models import AuditEntry
from sroi.monitoring.constants import RealisationKind, RealisationStatus, ReportStatus
from sroi.monitoring.demo import MONITORED_CONTRACT, REJECT_REASON, load_monitoring_demo
from sroi.monitoring.models import Candidate, Realisation, Report
from sroi.plans.demo import DEMO_EXTENDERS
from sroi.plans.models import Contract


def _counts() -> tuple[int, int, int, int]:
    return (
        Realisation.objects.count(),
        Report.objects.count(),
        Candidate.objects.count(),
        AuditEntry.objects.filter(action__startswith="monitoring.").count(),
    )


def test_demo_reports_verifies_and_is_idempotent(db: None) -> None:
    call_command("load_demo", stdout=StringIO())
    contract = Contract.objects.get(name=MONITORED_CONTRACT)
    rows = list(Realisation.objects.filter(contract=contract).order_by("pk"))
    statuses = [(r.kind, r.status) for r in rows]
    assert statuses == [
        (RealisationKind.PLACEMENT, RealisationStatus.APPROVED),  # finished
        (RealisationKind.PLACEMENT, RealisationStatus.APPROVED),  # running, planned end
        (RealisationKind.PLACEMENT, RealisationStatus.SUBMITTED),  # hours change, line 1
        (RealisationKind.PLACEMENT, RealisationStatus.DRAFT),  # hours change, line 2
        (RealisationKind.PURCHASE, RealisationStatus.APPROVED),
        (RealisationKind.ACTIVITY, RealisationStatus.REJECTED),
    ]
    finished, running, first_line, second_line, purchase, activity = rows
    today = timezone.localdate()
    # every date in the past and within the contract
    for row in rows:
        day = row.start_date or row.date
        assert day is not None and contract.start_date <= day <= today
    assert finished.end_date is not None and finished.end_date < today
    assert running.end_date is None and running.planned_end_date == contract.end_date
    assert first_line.candidate_id == second_line.candidate_id
    assert first_line.hours_per_week == Decimal("24") and second_line.hours_per_week == 36
    assert first_line.end_date is not None
    assert second_line.start_date == first_line.end_date + timedelta(days=1)
    assert activity.decision_reason == REJECT_REASON
    # the figures: nhn-werksaam values a purchase at its amount and an hour of a social
    # activity at EUR 100 (the rejected activity does not count)
    assert purchase.value_eur == Decimal("4250.00")
    assert activity.value_eur == Decimal("600.00")
    assert contract.realised_eur == finished.value_eur + running.value_eur + purchase.value_eur
    assert contract.pending_eur == first_line.value_eur
    assert contract.realised_eur > Decimal("4250") and contract.pending_eur > 0
    assert contract.forecast_eur > contract.realised_eur + contract.pending_eur
    report = Report.objects.get(contract=contract)
    assert report.status == ReportStatus.SUBMITTED  # one realisation still awaits a decision
    assert report.period_start == contract.start_date

    counts = _counts()
    again = StringIO()
    call_command("load_demo", stdout=again)
    assert _counts() == counts
    assert "monitoring demos: 0 created, 1 existing" in again.getvalue()


def test_the_monitoring_demo_runs_after_the_agreements_demo() -> None:
    from sroi.agreements.demo import load_agreements_demo

    assert DEMO_EXTENDERS.index(load_agreements_demo) < DEMO_EXTENDERS.index(load_monitoring_demo)
