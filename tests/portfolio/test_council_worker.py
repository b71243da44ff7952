"""The mail worker's per-pass jobs (``outbox_work(each_pass=...)``, ``SROI_WORKER_PASS_JOBS``):
the council reports requested are built by the worker, and a failing job neither stops the
loop nor keeps the other jobs and the delivery from running."""

from __future__ import annotations

import threading

import pytest
from django.core.management import call_command
from django.test import override_settings

from sroi.accounts.models import User
from sroi.core import mail
from sroi.core.mail import OutboxRun, outbox_work
from sroi.portfolio.constants import CouncilReportStatus
from sroi.portfolio.council import council_report_request
from sroi.portfolio.models import CouncilReport
from tests.plans.factories import BuyerFactory

pytestmark = pytest.mark.django_db


def test_each_pass_runs_the_jobs_before_the_delivery(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(
        mail, "outbox_deliver_due", lambda: calls.append("deliver") or OutboxRun(0, 0, 0)
    )

    outbox_work(
        interval=0,
        stop=threading.Event(),
        passes=2,
        each_pass=[lambda: calls.append("first"), lambda: calls.append("second")],
    )

    assert calls == ["first", "second", "deliver"] * 2


def test_a_failing_job_is_logged_and_the_loop_goes_on(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(
        mail, "outbox_deliver_due", lambda: calls.append("deliver") or OutboxRun(0, 0, 0)
    )

    def broken() -> None:
        raise RuntimeError("database went away")

    passes = outbox_work(
        interval=0,
        stop=threading.Event(),
        passes=3,
        each_pass=[broken, lambda: calls.append("next")],
    )

    assert passes == 3
    assert calls == ["next", "deliver"] * 3
    assert "per-pass job" in caplog.text and "broken" in caplog.text


@override_settings(
    SROI_WORKER_PASS_JOBS=["sroi.portfolio.council.council_reports_build_due"],
    SROI_WORKER_DAILY_COMMANDS=[],
)
def test_the_worker_command_builds_the_requested_reports(
    shipped_rulesets: None, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = council_report_request(user=coordinator, buyer=BuyerFactory(), year=2026)
    real_work = mail.outbox_work

    def one_pass(**kwargs: object) -> int:
        return real_work(**{**kwargs, "passes": 1})  # type: ignore[arg-type]

    from sroi.core.management.commands import send_outbox

    monkeypatch.setattr(send_outbox, "outbox_work", one_pass)
    monkeypatch.setattr(send_outbox.signal, "signal", lambda *args: None)

    call_command("send_outbox", "--loop", "--interval", "0")

    assert CouncilReport.objects.get(pk=report.pk).status == CouncilReportStatus.READY


def test_the_default_settings_build_the_council_reports_in_the_worker() -> None:
    from django.conf import settings

    assert "sroi.portfolio.council.council_reports_build_due" in settings.SROI_WORKER_PASS_JOBS
