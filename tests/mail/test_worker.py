"""The worker loop (``send_outbox --loop``) delivers pass after pass and outlives a failure."""

from __future__ import annotations

import threading

import pytest

from sroi.core import mail
from sroi.core.mail import OutboxRun, mail_enqueue, outbox_work
from tests.mail.conftest import SmtpServer

pytestmark = pytest.mark.django_db


def test_worker_delivers_what_is_due_in_each_pass(smtp_server: SmtpServer) -> None:
    mail_enqueue(to=["x@example.org"], subject="Een", body="Een.")
    runs: list[OutboxRun] = []

    passes = outbox_work(interval=0, stop=threading.Event(), passes=2, report=runs.append)

    assert passes == 2
    assert [str(run) for run in runs] == [
        "sent 1, failed 0, waiting 0",
        "sent 0, failed 0, waiting 0",
    ]
    assert len(smtp_server.received) == 1


def test_worker_survives_a_failing_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def broken() -> OutboxRun:
        calls.append(1)
        raise RuntimeError("database went away")

    monkeypatch.setattr(mail, "outbox_deliver_due", broken)

    assert outbox_work(interval=0, stop=threading.Event(), passes=3) == 3
    assert len(calls) == 3


def test_a_set_stop_event_ends_the_worker_before_a_pass() -> None:
    stop = threading.Event()
    stop.set()
    assert outbox_work(interval=60, stop=stop) == 0
