"""Prestatieafspraken (versions of agreements and their lines), beoordelingsmomenten and the
private calendar feed. Every change goes through ``sroi.agreements.services``,
``sroi.agreements.moments`` or ``sroi.agreements.calendar``.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sroi.agreements.constants import (
    ACCEPTED_NAME_MAX_LENGTH,
    AGREEMENT_NOTE_MAX_LENGTH,
    DIFFERENCE_REASON_MAX_LENGTH,
    MOMENT_NOTE_MAX_LENGTH,
    AgreementStatus,
    MomentOutcome,
    MomentStatus,
)
from sroi.core.validators import no_bsn
from sroi.plans.constants import EffortKind, TargetGroup
from sroi.rules.engine.limits import AMOUNT_EUR, CODE_MAX_LENGTH, HOURS, HOURS_PER_WEEK


class AgreementVersion(models.Model):
    """One version of a contract's prestatieafspraken: a proposal, then accepted, then
    (when a newer version is accepted) superseded. Every version stays visible.

    ``total_eur`` is the sum of the lines' values (stored by the services when a line
    changes); ``obligation_eur`` the (net) obligation the total was held against when the
    version was drawn up. ``difference_eur``/``difference_reason``: the accepted difference the
    coordinator recorded when the total does not cover the obligation.
    """

    contract = models.ForeignKey(
        "plans.Contract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="agreement_versions",
    )
    number = models.PositiveIntegerField(_("version"))
    based_on = models.ForeignKey(
        "plans.PlanVersion",
        verbose_name=_("based on plan version"),
        on_delete=models.PROTECT,
        related_name="agreement_versions",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AgreementStatus.choices,
        default=AgreementStatus.PROPOSAL,
        db_index=True,
    )
    total_eur = models.DecimalField(
        _("total agreed value"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        default=0,
    )
    obligation_eur = models.DecimalField(
        _("obligation"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        null=True,
        blank=True,
    )
    difference_eur = models.DecimalField(
        _("accepted difference"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        null=True,
        blank=True,
    )
    difference_reason = models.TextField(
        _("reason for the difference"),
        max_length=DIFFERENCE_REASON_MAX_LENGTH,
        blank=True,
        validators=[no_bsn],
    )
    # Raised by every change of the proposal: an acceptance names the revision it saw, so a
    # contractor never accepts a proposal that changed after the page was opened.
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn up by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("drawn up at"), default=timezone.now)
    proposed_at = models.DateTimeField(_("sent to the contractor at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_name = models.CharField(
        _("name typed on acceptance"),
        max_length=ACCEPTED_NAME_MAX_LENGTH,
        blank=True,
        validators=[no_bsn],
    )

    class Meta:
        verbose_name = _("agreements version")
        verbose_name_plural = _("agreements versions")
        ordering = ("contract", "-number")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"], name="agreements_version_unique_number"
            ),
            # At most one open proposal and one version in force per contract.
            models.UniqueConstraint(
                fields=["contract"],
                condition=Q(status=AgreementStatus.PROPOSAL),
                name="agreements_one_proposal_per_contract",
            ),
            models.UniqueConstraint(
                fields=["contract"],
                condition=Q(status=AgreementStatus.ACCEPTED),
                name="agreements_one_in_force_per_contract",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == AgreementStatus.PROPOSAL


class Agreement(models.Model):
    """One prestatieafspraak: a line of a version, from a plan line or added by hand.

    ``value_eur`` is the engine's value with the contract's rule-set version (None: not
    valued yet, e.g. a co-creation block without its agreed value); ``agreed_value_eur`` is
    the coordinator's value per unit for a block whose value is agreed case by case (a block
    without a value in the rule set), and empty for every other block.
    """

    version = models.ForeignKey(
        AgreementVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="agreements",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    plan_line = models.ForeignKey(
        "plans.PlanLine",
        verbose_name=_("plan line"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
    )
    effort_kind = models.CharField(_("kind of effort"), max_length=30, choices=EffortKind.choices)
    target_group = models.CharField(
        _("target group"), max_length=20, choices=TargetGroup.choices, blank=True
    )
    block_code = models.CharField(_("building block"), max_length=CODE_MAX_LENGTH)
    count = models.PositiveIntegerField(_("number of candidates"), default=1)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=HOURS_PER_WEEK.max_digits,
        decimal_places=HOURS_PER_WEEK.decimal_places,
        null=True,
        blank=True,
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    bonuses = models.JSONField(_("bonuses"), default=list, blank=True)
    hours = models.DecimalField(
        _("hours"),
        max_digits=HOURS.max_digits,
        decimal_places=HOURS.decimal_places,
        null=True,
        blank=True,
    )
    amount_eur = models.DecimalField(
        _("amount (excl. VAT)"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        null=True,
        blank=True,
    )
    agreed_value_eur = models.DecimalField(
        _("agreed value"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        null=True,
        blank=True,
    )
    value_eur = models.DecimalField(
        _("value"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        null=True,
        blank=True,
    )
    note = models.TextField(
        _("note"), max_length=AGREEMENT_NOTE_MAX_LENGTH, blank=True, validators=[no_bsn]
    )

    class Meta:
        verbose_name = _("performance agreement")
        verbose_name_plural = _("performance agreements")
        ordering = ("version", "position", "id")
        indexes = [
            # The portfolio's filters on a target group and a kind of effort.
            models.Index(fields=["target_group", "version"], name="agreements_agr_group_idx"),
            models.Index(fields=["effort_kind", "version"], name="agreements_agr_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.version_id}/{self.position}: {self.block_code}"


class AgreementVersionPdf(models.Model):
    """The PDF of an accepted version: the document of record, rendered once and kept (like
    ``plans.PlanVersionPdf``, docs/adr/0009 and 0010)."""

    version = models.OneToOneField(
        AgreementVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="pdf",
    )
    content = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rendered_at = models.DateTimeField(_("rendered at"), default=timezone.now)

    class Meta:
        verbose_name = _("agreements PDF")
        verbose_name_plural = _("agreements PDFs")

    def __str__(self) -> str:
        return f"{self.version} PDF"


class AssessmentMoment(models.Model):
    """A beoordelingsmoment of a contract: planned, held (with an outcome) or postponed."""

    contract = models.ForeignKey(
        "plans.Contract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="assessment_moments",
    )
    planned_date = models.DateField(_("date"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MomentStatus.choices,
        default=MomentStatus.PLANNED,
    )
    # The date it was first planned on, kept when it is postponed (``planned_date`` is then the
    # new date).
    original_date = models.DateField(_("originally planned on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=MomentOutcome.choices, blank=True
    )
    note = models.TextField(
        _("note"), max_length=MOMENT_NOTE_MAX_LENGTH, blank=True, validators=[no_bsn]
    )
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("held by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("assessment moment")
        verbose_name_plural = _("assessment moments")
        ordering = ("contract", "planned_date", "id")
        indexes = [
            models.Index(fields=["contract", "planned_date"], name="agreements_moment_date_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=MomentStatus.HELD) | Q(outcome=""),
                name="agreements_moment_outcome_only_when_held",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.planned_date}"


def feed_token_hash(token: str) -> str:
    """The stored form of a calendar feed token: only its SHA-256 digest is kept."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class CalendarFeed(models.Model):
    """A user's private calendar feed: the URL carries a random token, the database its hash.
    Renewing replaces the hash, so the old URL stops working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} feed"
