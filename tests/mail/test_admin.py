"""The outbox in the admin: staff only, read-only, failed messages can be queued again."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sroi.core.constants import OutboxStatus
from sroi.core.mail import mail_enqueue
from sroi.core.models import AuditEntry, OutboxMessage

pytestmark = [
    pytest.mark.django_db,
    # WhiteNoise warns when var/static/ (collectstatic output) is missing; not this test's concern
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


def failed_message() -> OutboxMessage:
    message = mail_enqueue(to=["x@example.org"], subject="Mislukt", body="Test.")
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.FAILED, attempts=10, last_error="ConnectionRefusedError: refused"
    )
    return message


def test_anonymous_user_is_sent_to_the_admin_login(client: Client) -> None:
    response = client.get(reverse("admin:core_outboxmessage_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_contractor_cannot_open_the_outbox(client: Client, contractor_a: Any) -> None:
    client.force_login(contractor_a)
    response = client.get(reverse("admin:core_outboxmessage_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_superuser_sees_the_outbox_and_retries_a_failed_message(admin_client: Client) -> None:
    message = failed_message()
    url = reverse("admin:core_outboxmessage_changelist")
    assert "Mislukt" in admin_client.get(url).content.decode()

    response = admin_client.post(
        url, {"action": "retry_failed", "_selected_action": [str(message.pk)]}
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 0
    assert AuditEntry.objects.filter(action="outbox.retry", object_id=str(message.pk)).exists()
