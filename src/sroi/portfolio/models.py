"""The portfolio's stored records: council reports (generated in the background and kept),
the buyers' publications of open figures, and the API tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sroi.core.validators import no_bsn
from sroi.portfolio.constants import (
    PUBLICATION_INTRODUCTION_MAX_LENGTH,
    PUBLICATION_SLUG_MAX_LENGTH,
    CouncilReportStatus,
)


class CouncilReport(models.Model):
    """A council report (raadsrapportage) of one buyer and year: requested by a user, generated
    by the worker (``sroi.portfolio.council``), then kept: the PDF and the Excel file are
    documents of record, served as stored. ``figures`` is the typed, versioned snapshot both
    were rendered from."""

    buyer = models.ForeignKey(
        "plans.Buyer",
        verbose_name=_("buyer"),
        on_delete=models.PROTECT,
        related_name="council_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CouncilReportStatus.choices,
        default=CouncilReportStatus.QUEUED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)
    xlsx = models.BinaryField(_("Excel file"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("council report")
        verbose_name_plural = _("council reports")
        ordering = ("-requested_at", "-id")
        indexes = [
            models.Index(fields=["status", "requested_at"], name="portfolio_report_due_idx"),
            models.Index(fields=["buyer", "year"], name="portfolio_report_buyer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.buyer} {self.year}"


class Publication(models.Model):
    """A buyer's public page of open figures (``/open/<slug>/``): aggregated results only,
    small counts of people suppressed. Visible without login while ``published``."""

    buyer = models.OneToOneField(
        "plans.Buyer",
        verbose_name=_("buyer"),
        on_delete=models.CASCADE,
        related_name="publication",
    )
    slug = models.SlugField(_("address"), max_length=PUBLICATION_SLUG_MAX_LENGTH, unique=True)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        max_length=PUBLICATION_INTRODUCTION_MAX_LENGTH,
        validators=[no_bsn],
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("publication of open figures")
        verbose_name_plural = _("publications of open figures")

    def __str__(self) -> str:
        return self.slug


class ApiToken(models.Model):
    """A personal API token: read-only, with exactly the access of its user. Only a hash of the
    key is kept (the key is shown once); ``prefix`` identifies it in lists. Revoked tokens are
    kept (with ``revoked_at``) for the record."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100, validators=[no_bsn])
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
