"""The e-mail outbox: mail is written in the caller's transaction and delivered by a worker.

A mail server outage or a silent mail server must never block, slow down or lose a
submission. ``mail_enqueue`` therefore only writes rows, in the caller's transaction; no
request ever opens a connection to the mail server. The long-running worker
``manage.py send_outbox --loop`` (see docs/deploy/) delivers what is due, and retries a failed
attempt with exponential backoff: 1, 2, 4, 8, ... minutes, capped at
``SROI_OUTBOX_MAX_BACKOFF_MINUTES`` (60). After ``SROI_OUTBOX_MAX_ATTEMPTS`` (10) failed
attempts a message is marked failed; an administrator can retry it from the admin.

Double sending by two workers is prevented by claiming a message with one conditional UPDATE
(``pending and due -> sending``): the database lets exactly one worker's UPDATE match the row,
on SQLite and PostgreSQL alike. A claim older than ``SROI_OUTBOX_CLAIM_TIMEOUT_MINUTES`` (15)
belongs to a worker that died mid-send; ``outbox_deliver_due`` returns such a message to
pending (it may then be sent twice, the price of never losing it).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone

from sroi.core.audit import audit_log
from sroi.core.constants import OutboxStatus
from sroi.core.models import OutboxAttachment, OutboxMessage

logger = logging.getLogger(__name__)

LAST_ERROR_LENGTH = 255


def outbox_max_attempts() -> int:
    return int(getattr(settings, "SROI_OUTBOX_MAX_ATTEMPTS", 10))


def outbox_backoff(attempts: int) -> timedelta:
    """Wait after the ``attempts``-th failed attempt: 1, 2, 4, 8, ... minutes, capped (60)."""
    cap = int(getattr(settings, "SROI_OUTBOX_MAX_BACKOFF_MINUTES", 60))
    minutes = min(2 ** max(attempts - 1, 0), cap)
    return timedelta(minutes=minutes)


def _claim_timeout() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "SROI_OUTBOX_CLAIM_TIMEOUT_MINUTES", 15)))


@transaction.atomic
def mail_enqueue(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str | None = None,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    acting_user: Any = None,
) -> OutboxMessage:
    """Write a message (with ``(filename, content, mimetype)`` attachments) to the outbox.

    The row is part of the caller's transaction: if the caller rolls back, no mail goes out.
    Nothing is sent here: the worker (``send_outbox --loop``) delivers it.
    """
    recipients = [address.strip() for address in to if address and address.strip()]
    if not recipients:
        raise ValueError("mail_enqueue needs at least one recipient")
    message = OutboxMessage.objects.create(
        to=recipients,
        subject=subject,
        body=body,
        html_body=html_body or "",
        next_attempt_at=timezone.now(),
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    OutboxAttachment.objects.bulk_create(
        OutboxAttachment(message=message, filename=name, content=bytes(content), mimetype=mimetype)
        for name, content, mimetype in attachments
    )
    audit_log(
        actor=acting_user,
        action="outbox.enqueue",
        obj=message,
        data={"recipients": len(recipients), "attachments": len(attachments)},
    )
    return message


def _build_email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(message.to),
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    for attachment in message.attachments.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return email


def _describe_error(error: BaseException) -> str:
    """A short, secret-free description: the exception type and the server's reply, no settings."""
    text = f"{type(error).__name__}: {error}"
    return text[:LAST_ERROR_LENGTH]


class Delivery(StrEnum):
    """The outcome of one ``outbox_deliver`` call."""

    SENT = "sent"
    FAILED = "failed"  # attempted and failed: rescheduled, or failed for good
    SKIPPED = "skipped"  # not pending and due, or claimed by another worker: nothing done


def outbox_deliver(message: OutboxMessage, *, now: datetime | None = None) -> Delivery:
    """Try to send ``message`` once, if it is pending and due and no other worker has it.

    A failed attempt schedules the next one (backoff) or, after the last, marks it failed.
    ``message`` is refreshed from the database when an attempt was made.
    """
    now = now or timezone.now()
    claimed = OutboxMessage.objects.filter(
        pk=message.pk, status=OutboxStatus.PENDING, next_attempt_at__lte=now
    ).update(status=OutboxStatus.SENDING, claimed_at=now)
    if claimed != 1:
        return Delivery.SKIPPED
    message.refresh_from_db()
    try:
        _build_email(message).send(fail_silently=False)
    except Exception as error:  # any backend error counts as a failed attempt
        attempts = message.attempts + 1
        given_up = attempts >= outbox_max_attempts()
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxStatus.FAILED if given_up else OutboxStatus.PENDING,
            attempts=F("attempts") + 1,
            next_attempt_at=now + outbox_backoff(attempts),
            claimed_at=None,
            last_error=_describe_error(error),
        )
        logger.warning(
            "Outbox: attempt %s of message %s failed (%s)",
            attempts,
            message.pk,
            type(error).__name__,
        )
        message.refresh_from_db()
        return Delivery.FAILED
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENT,
        attempts=F("attempts") + 1,
        sent_at=timezone.now(),
        claimed_at=None,
        last_error="",
    )
    message.refresh_from_db()
    return Delivery.SENT


@dataclass(frozen=True)
class OutboxRun:
    """One ``send_outbox`` pass: attempts that sent or failed, and what is still pending."""

    sent: int
    failed: int
    waiting: int

    def __str__(self) -> str:
        return f"sent {self.sent}, failed {self.failed}, waiting {self.waiting}"


def outbox_deliver_due(*, now: datetime | None = None) -> OutboxRun:
    """Deliver every pending message that is due. Safe to run in several workers at once."""
    now = now or timezone.now()
    OutboxMessage.objects.filter(
        status=OutboxStatus.SENDING, claimed_at__lt=now - _claim_timeout()
    ).update(status=OutboxStatus.PENDING, claimed_at=None)
    due_ids = list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)
    )
    sent = failed = 0
    for message in OutboxMessage.objects.filter(id__in=due_ids).order_by("next_attempt_at", "id"):
        outcome = outbox_deliver(message, now=now)
        sent += outcome == Delivery.SENT
        failed += outcome == Delivery.FAILED
    waiting = OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count()
    return OutboxRun(sent=sent, failed=failed, waiting=waiting)


@transaction.atomic
def outbox_retry(*, message: OutboxMessage, acting_user: Any) -> OutboxMessage:
    """Put a failed message back in the queue, due now, with a fresh attempt count."""
    if message.status != OutboxStatus.FAILED:
        raise ValueError("Only failed messages can be retried")
    message.status = OutboxStatus.PENDING
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["status", "attempts", "next_attempt_at"])
    audit_log(actor=acting_user, action="outbox.retry", obj=message)
    return message


def outbox_work(
    *,
    interval: float,
    stop: threading.Event,
    passes: int | None = None,
    report: Callable[[OutboxRun], None] = lambda run: None,
    daily: Callable[[], None] | None = None,
    today: Callable[[], date] = timezone.localdate,
    each_pass: Sequence[Callable[[], object]] = (),
) -> int:
    """The worker's loop: deliver what is due, then wait ``interval`` seconds, until ``stop``
    is set (or after ``passes`` passes). A pass that fails (the database is briefly away) is
    logged and the loop goes on. ``daily`` (the daily jobs: reminders, retention) runs in the
    first pass and again in the first pass of every new day, before the delivery, so that what
    it puts in the outbox goes out in the same pass; a failing ``daily`` is logged and tried
    again the next day (the jobs are idempotent). ``each_pass`` (the per-pass jobs, setting
    ``SROI_WORKER_PASS_JOBS``: for example building the council reports that were requested)
    run in every pass, one after the other, before the delivery; each failure is logged and
    keeps neither the other jobs nor the delivery from running. Returns the number of passes
    made."""
    done = 0
    last_day: date | None = None
    while not stop.is_set() and (passes is None or done < passes):
        _drop_stale_connections()
        if daily is not None and last_day != today():
            last_day = today()
            try:
                daily()
            except Exception:  # the worker outlives a failing daily job
                logger.exception("Outbox worker: a daily job failed")
        for job in each_pass:
            try:
                job()
            except Exception:  # the worker outlives a failing per-pass job
                logger.exception("Outbox worker: the per-pass job %s failed", _job_name(job))
        try:
            report(outbox_deliver_due())
        except Exception:  # the worker outlives a failing pass; the next one tries again
            logger.exception("Outbox: a delivery pass failed")
        finally:
            _drop_stale_connections()
        done += 1
        if passes is None or done < passes:
            stop.wait(interval)
    return done


def _job_name(job: Callable[[], object]) -> str:
    return f"{getattr(job, '__module__', '?')}.{getattr(job, '__qualname__', repr(job))}"


def _drop_stale_connections() -> None:
    """Between passes, close database connections that broke or outlived CONN_MAX_AGE (as
    Django does between requests); not inside a transaction (a test's)."""
    if not connection.in_atomic_block:
        close_old_connections()
