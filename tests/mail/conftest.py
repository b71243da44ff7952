"""A real SMTP server (aiosmtpd) on a free local port, and settings that point Django at it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class RecordingHandler:
    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        parsed = message_from_bytes(content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(Received(str(envelope.mail_from), list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


class SmtpServer:
    """Start and stop a local SMTP server on ``port``; ``received`` lists what it accepted."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.handler = RecordingHandler()
        self._controller: Controller | None = None

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def start(self) -> None:
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def smtp_settings(settings: Any) -> Any:
    """Django's SMTP backend aimed at a free local port (no server started yet)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "SROI <noreply@sroi.example.org>"
    return settings


@pytest.fixture
def smtp_down(smtp_settings: Any) -> Iterator[SmtpServer]:
    """A server object for the configured port, not listening until the test calls start()."""
    server = SmtpServer(smtp_settings.EMAIL_PORT)
    yield server
    server.stop()


@pytest.fixture
def smtp_server(smtp_down: SmtpServer) -> SmtpServer:
    """A running SMTP server on the configured port."""
    smtp_down.start()
    return smtp_down


class Clock:
    """``django.utils.timezone.now`` frozen at ``now``; ``advance`` moves it forward."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> datetime:
        self.now += delta
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    from django.utils import timezone

    frozen = Clock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen
