"""A mail server that accepts the connection but never answers cannot slow down a user:
a submission only writes the outbox and opens no connection to the mail server at all."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.core.constants import OutboxStatus
from sroi.core.models import OutboxMessage
from sroi.plans.constants import PlanStatus
from sroi.rules.services import ruleset_import_shipped
from tests.plans.factories import BuyerFactory, PlanFactory
from tests.plans_form.helpers import plan_post


class SilentServer:
    """Accepts TCP connections on a local port, counts them, and never says a word."""

    def __init__(self) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(8)
        self.port: int = self._socket.getsockname()[1]
        self.connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _address = self._socket.accept()
            except OSError:  # closed
                return
            self.connections.append(connection)  # held open, never answered

    def close(self) -> None:
        self._socket.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture
def silent_smtp(settings: Any) -> Iterator[SilentServer]:
    server = SilentServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1  # only the worker ever waits for it
    settings.SROI_COORDINATOR_EMAIL = "sroi@werksaam.example.org"
    yield server
    server.close()


def test_submission_with_a_silent_mail_server_opens_no_connection(
    client: Client,
    contractor_a: User,
    silent_smtp: SilentServer,
    django_capture_on_commit_callbacks: Any,
) -> None:
    ruleset_import_shipped()
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    client.force_login(contractor_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("plans:plan_edit", kwargs={"pk": plan.pk}),
            plan_post(action="submit", buyer=str(BuyerFactory().pk)),
        )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    # The request (and its commit) never contacted the mail server ...
    assert silent_smtp.connections == []
    # ... the outbox holds the mails, untouched, for the worker.
    messages = list(OutboxMessage.objects.all())
    assert {tuple(m.to) for m in messages} == {
        ("sroi@werksaam.example.org",),
        (contractor_a.email,),
    }
    assert {(m.status, m.attempts) for m in messages} == {(OutboxStatus.PENDING, 0)}


def test_the_worker_gives_up_on_a_silent_server_and_keeps_the_message(
    silent_smtp: SilentServer, db: None
) -> None:
    from sroi.core.mail import mail_enqueue

    mail_enqueue(to=["x@example.org"], subject="Een", body="Een.")
    out = StringIO()

    call_command("send_outbox", stdout=out)  # waits EMAIL_TIMEOUT (1 s), then records it

    assert out.getvalue().strip() == "sent 0, failed 1, waiting 1"
    assert len(silent_smtp.connections) == 1
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.PENDING
    assert message.last_error.startswith(("TimeoutError", "SMTPServerDisconnected"))
