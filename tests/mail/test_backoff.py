"""Failed attempts wait 1, 2, 4, 8, ... minutes (capped at an hour); after N attempts: failed."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from sroi.core.constants import OutboxStatus
from sroi.core.mail import Delivery, mail_enqueue, outbox_deliver
from tests.mail.conftest import Clock, SmtpServer

pytestmark = pytest.mark.django_db


def test_each_failed_attempt_doubles_the_wait_up_to_an_hour(
    smtp_down: SmtpServer, clock: Clock
) -> None:
    message = mail_enqueue(to=["x@example.org"], subject="Backoff", body="Test.")
    waits = []
    for _ in range(9):
        attempted_at = clock.now
        assert outbox_deliver(message) == Delivery.FAILED
        waits.append(message.next_attempt_at - attempted_at)
        clock.now = message.next_attempt_at  # the next attempt happens when it is due
    # attempt n waits 2 ** (n - 1) minutes: 1, 2, 4, 8, 16, 32, then 64 is capped to 60
    assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60, 60, 60)]
    assert message.attempts == 9
    assert message.status == OutboxStatus.PENDING


def test_message_not_due_is_not_attempted(smtp_down: SmtpServer, clock: Clock) -> None:
    message = mail_enqueue(to=["x@example.org"], subject="Backoff", body="Test.")
    assert outbox_deliver(message) == Delivery.FAILED
    clock.advance(timedelta(seconds=59))
    assert outbox_deliver(message) == Delivery.SKIPPED
    message.refresh_from_db()
    assert message.attempts == 1


def test_message_is_failed_after_max_attempts_and_no_longer_tried(
    smtp_down: SmtpServer, clock: Clock, settings: Any
) -> None:
    settings.SROI_OUTBOX_MAX_ATTEMPTS = 3
    message = mail_enqueue(to=["x@example.org"], subject="Opgegeven", body="Test.")
    for _ in range(3):
        assert outbox_deliver(message) == Delivery.FAILED
        clock.now = message.next_attempt_at
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == 3

    smtp_down.start()
    clock.advance(timedelta(days=1))
    out = StringIO()
    call_command("send_outbox", stdout=out)
    assert out.getvalue().strip() == "sent 0, failed 0, waiting 0"
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == 3
    assert smtp_down.received == []


def test_default_maximum_is_ten_attempts(smtp_down: SmtpServer, clock: Clock) -> None:
    message = mail_enqueue(to=["x@example.org"], subject="Tien", body="Test.")
    for attempt in range(1, 11):
        assert message.status == OutboxStatus.PENDING, attempt
        assert outbox_deliver(message) == Delivery.FAILED
        clock.now = message.next_attempt_at
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == 10
