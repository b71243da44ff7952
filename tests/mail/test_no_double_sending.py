"""Two runs or two workers never send one message twice."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from sroi.core.constants import OutboxStatus
from sroi.core.mail import Delivery, mail_enqueue, outbox_deliver, outbox_deliver_due
from sroi.core.models import OutboxMessage
from tests.mail.conftest import Clock, SmtpServer

pytestmark = pytest.mark.django_db


def test_running_send_outbox_twice_sends_each_message_once(smtp_server: SmtpServer) -> None:
    for number in range(3):
        mail_enqueue(to=[f"r{number}@example.org"], subject=f"Bericht {number}", body="Test.")
    first, second = StringIO(), StringIO()
    call_command("send_outbox", stdout=first)
    call_command("send_outbox", stdout=second)
    assert first.getvalue().strip() == "sent 3, failed 0, waiting 0"
    assert second.getvalue().strip() == "sent 0, failed 0, waiting 0"
    assert sorted(r.message["Subject"] for r in smtp_server.received) == [
        "Bericht 0",
        "Bericht 1",
        "Bericht 2",
    ]


def test_second_worker_holding_a_stale_copy_does_not_send(smtp_server: SmtpServer) -> None:
    mail_enqueue(to=["x@example.org"], subject="Eenmaal", body="Test.")
    # both workers loaded the same pending row before either sent it
    worker_one = OutboxMessage.objects.get()
    worker_two = OutboxMessage.objects.get()
    assert outbox_deliver(worker_one) == Delivery.SENT
    assert outbox_deliver(worker_two) == Delivery.SKIPPED
    assert len(smtp_server.received) == 1


def test_message_claimed_by_another_worker_is_left_alone(
    smtp_server: SmtpServer, clock: Clock
) -> None:
    message = mail_enqueue(to=["x@example.org"], subject="Bezig", body="Test.")
    # another worker claimed it a minute ago and is still sending
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENDING, claimed_at=clock.now - timedelta(minutes=1)
    )
    run = outbox_deliver_due()
    assert (run.sent, run.failed) == (0, 0)
    assert smtp_server.received == []


def test_claim_of_a_worker_that_died_is_released_after_the_timeout(
    smtp_server: SmtpServer, clock: Clock
) -> None:
    message = mail_enqueue(to=["x@example.org"], subject="Verweesd", body="Test.")
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENDING, claimed_at=clock.now
    )
    clock.advance(timedelta(minutes=16))  # default claim timeout: 15 minutes
    run = outbox_deliver_due()
    assert run.sent == 1
    assert len(smtp_server.received) == 1
