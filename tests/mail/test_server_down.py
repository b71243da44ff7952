"""A mail server outage never blocks or loses a message: it waits and is sent once, later."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from sroi.core.constants import OutboxStatus
from sroi.core.mail import mail_enqueue
from sroi.core.models import OutboxMessage
from tests.mail.conftest import Clock, SmtpServer

pytestmark = pytest.mark.django_db


def send_outbox() -> str:
    out = StringIO()
    call_command("send_outbox", stdout=out)
    return out.getvalue().strip()


def test_enqueue_succeeds_while_server_is_down_and_is_delivered_once_later(
    smtp_down: SmtpServer, django_capture_on_commit_callbacks: Any, clock: Clock
) -> None:
    enqueued_at = clock.now
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = mail_enqueue(
            to=["SROI@werksaamwf.example.org"],
            subject="Plan ingediend",
            body="Zie bijlage.",
            attachments=[("plan.pdf", b"%PDF-1.7 test", "application/pdf")],
        )
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 0  # the enqueue itself never tries

    # the worker's first attempt fails (nothing listens on the port), quietly
    assert send_outbox() == "sent 0, failed 1, waiting 1"
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 1
    # first backoff step: 2 ** (1 - 1) = 1 minute
    assert message.next_attempt_at == enqueued_at + timedelta(minutes=1)
    assert message.next_attempt_at > clock.now
    assert message.last_error.startswith("ConnectionRefusedError")
    assert len(message.last_error) <= 255

    smtp_down.start()

    # not due yet: the run leaves it waiting
    clock.advance(timedelta(seconds=30))
    assert send_outbox() == "sent 0, failed 0, waiting 1"
    assert smtp_down.received == []

    # due: delivered exactly once; the next run has nothing to do
    clock.advance(timedelta(seconds=30))
    assert send_outbox() == "sent 1, failed 0, waiting 0"
    assert send_outbox() == "sent 0, failed 0, waiting 0"
    assert len(smtp_down.received) == 1
    assert smtp_down.received[0].message["Subject"] == "Plan ingediend"
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 2
    assert message.sent_at == clock.now
    assert message.last_error == ""


def test_failed_run_reports_the_failure(smtp_down: SmtpServer, clock: Clock) -> None:
    mail_enqueue(to=["x@example.org"], subject="Een", body="Een.")
    mail_enqueue(to=["y@example.org"], subject="Twee", body="Twee.")
    assert send_outbox() == "sent 0, failed 2, waiting 2"
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}
