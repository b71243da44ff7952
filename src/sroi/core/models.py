from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sroi.core.constants import OutboxStatus
from sroi.core.validators import no_bsn_in_json


class AuditEntry(models.Model):
    """Who did what to which object, written by the service that made the change."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    # The contract the change belongs to, for the contract's timeline (a plain id: core
    # knows no contracts).
    contract_id = models.PositiveBigIntegerField(_("contract"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ("-at", "-id")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["contract_id", "at"], name="core_audit_contract_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class OutboxMessage(models.Model):
    """An e-mail written in the caller's transaction (transactional outbox), delivered by the
    worker ``send_outbox --loop`` once committed; never sent inside a request.

    ``sroi.core.mail`` owns every state change; the row is the delivery record.
    """

    to = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    html_body = models.TextField(_("HTML body"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OutboxStatus.choices,
        default=OutboxStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), db_index=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=255, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Retention: the body, HTML body and attachments are emptied this long after delivery
    # (``purge_outbox``, SROI_OUTBOX_RETENTION_DAYS); the subject and recipients stay.
    purged_at = models.DateTimeField(_("purged at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.subject} ({self.status})"


class OutboxAttachment(models.Model):
    """A file sent with an outbox message, stored in the database with the message."""

    message = models.ForeignKey(
        OutboxMessage,
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    filename = models.CharField(_("file name"), max_length=255)
    mimetype = models.CharField(_("MIME type"), max_length=100)
    content = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("outbox attachment")
        verbose_name_plural = _("outbox attachments")
        ordering = ("id",)

    def __str__(self) -> str:
        return self.filename


class KeptInput(models.Model):
    """A form posted after the user's session expired, kept until the same user signs in again.

    Only a POST carrying a valid signed token naming the user the form was served to is kept
    (``sroi.core.kept_input``), so an anonymous visitor cannot store anything; one row per user
    and form page, replaced by a newer post, deleted when restored or after the token's age.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    path = models.CharField(_("page"), max_length=200)
    data = models.JSONField(_("typed input"), validators=[no_bsn_in_json])
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("kept input")
        verbose_name_plural = _("kept input")
        constraints = [
            models.UniqueConstraint(fields=["user", "path"], name="core_kept_input_user_path")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.path}"
