"""A message written inside a transaction is only stored; the worker (send_outbox) sends it,
with its attachment. Nothing is sent from the transaction or on its commit."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from sroi.core.constants import OutboxStatus
from sroi.core.mail import mail_enqueue
from sroi.core.models import AuditEntry, OutboxMessage
from tests.mail.conftest import SmtpServer

pytestmark = pytest.mark.django_db

# A small but real PDF header plus binary bytes: the attachment must arrive byte for byte.
PDF_BYTES = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n\x00\x01\x02\xff trailer\n%%EOF\n"


def test_message_enqueued_in_transaction_is_delivered_by_the_worker(
    smtp_server: SmtpServer, django_capture_on_commit_callbacks: Any, contractor_a: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        message = mail_enqueue(
            to=["SROI@werksaamwf.example.org", "a@bouw-a.example.org"],
            subject="Plan van aanpak Social Return: Onderhoud wegen",
            body="Het plan van aanpak is ingediend.",
            html_body="<p>Het plan van aanpak is <strong>ingediend</strong>.</p>",
            attachments=[("plan-van-aanpak.pdf", PDF_BYTES, "application/pdf")],
            acting_user=contractor_a,
        )
    # neither inside the transaction nor on its commit: nothing sent, nothing scheduled
    assert callbacks == []
    assert smtp_server.received == []
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 0

    call_command("send_outbox", stdout=StringIO())

    assert len(smtp_server.received) == 1
    received = smtp_server.received[0]
    assert received.rcpt_tos == ["SROI@werksaamwf.example.org", "a@bouw-a.example.org"]
    assert received.mail_from == "noreply@sroi.example.org"
    assert received.message["Subject"] == "Plan van aanpak Social Return: Onderhoud wegen"
    plain = received.message.get_body(preferencelist=("plain",))
    html = received.message.get_body(preferencelist=("html",))
    assert plain is not None and "Het plan van aanpak is ingediend." in plain.get_content()
    assert html is not None and "<strong>ingediend</strong>" in html.get_content()
    attachments = list(received.message.iter_attachments())
    assert [a.get_filename() for a in attachments] == ["plan-van-aanpak.pdf"]
    assert attachments[0].get_content_type() == "application/pdf"
    assert attachments[0].get_payload(decode=True) == PDF_BYTES

    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert message.last_error == ""
    assert message.created_by == contractor_a
    entry = AuditEntry.objects.get(action="outbox.enqueue")
    assert entry.actor == contractor_a
    assert entry.data == {"recipients": 2, "attachments": 1}


def test_rolled_back_transaction_sends_nothing(
    smtp_server: SmtpServer, django_capture_on_commit_callbacks: Any
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        mail_enqueue(to=["x@example.org"], subject="Nooit", body="Nooit verstuurd.")
        raise RuntimeError("the submission failed")
    assert callbacks == []
    assert smtp_server.received == []
    assert not OutboxMessage.objects.exists()


def test_enqueue_without_recipients_is_refused() -> None:
    with pytest.raises(ValueError, match="recipient"):
        mail_enqueue(to=["  "], subject="Leeg", body="Geen ontvanger.")
    assert not OutboxMessage.objects.exists()
