"""allauth's own mails go through our outbox (sroi.core.mail), not straight to SMTP."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.core.models import OutboxMessage


def test_password_reset_mail_is_written_to_the_outbox_in_dutch(
    client: Client, contractor_a: User
) -> None:
    EmailAddress.objects.create(
        user=contractor_a, email=contractor_a.email, verified=True, primary=True
    )

    response = client.post(reverse("account_reset_password"), {"email": contractor_a.email})

    assert response.status_code == 302
    message = OutboxMessage.objects.get()
    assert message.to == [contractor_a.email]
    assert message.subject.startswith("[SROI] ")
    assert "wachtwoord" in message.subject.lower()
    assert re.search(r"/accounts/password/reset/key/[^/\s]+/", message.body)
    # Nothing was sent around the outbox (the worker delivers it, from the outbox).
    assert mail.outbox == []


def test_verification_mail_is_delivered_from_the_outbox_by_the_worker(
    client: Client, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "full_name": "Petra Jansen",
                "email": "petra@groen-bouw.example.org",
                "password1": "Zeer-geheim-wachtwoord-2026",
                "password2": "Zeer-geheim-wachtwoord-2026",
                "name": "Groen Bouw B.V.",
                "kvk_number": "12345678",
                "street": "Dijkweg",
                "house_number": "12",
                "postcode": "1619 AB",
                "city": "Andijk",
                "contact_name": "Jan de Vries",
                "contact_function": "HR-adviseur",
                "contact_email": "sroi@groen-bouw.example.org",
                "contact_phone": "0229 123 456",
            },
        )

    assert mail.outbox == []  # the request only wrote the outbox
    assert OutboxMessage.objects.get().sent_at is None

    call_command("send_outbox", stdout=StringIO())

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["petra@groen-bouw.example.org"]
    assert OutboxMessage.objects.get().sent_at is not None
