"""Realisations (placements, purchases, activities) with their evidence, reports per period,
the final assessment and the reminder log. Every change goes through the services of this app
(docs/monitoring.md).

Candidate data is sensitive: a candidate is a pseudonym chosen by the contractor (never a
BSN) with a birth year, and both are removed by ``anonymise_candidates`` a configured number
of months after the final assessment; the euro values and counts stay.
"""

from __future__ import annotations

import os
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sroi.core.validators import no_bsn
from sroi.monitoring.constants import (
    ACTIVITY_DESCRIPTION_MAX_LENGTH,
    ASSESSMENT_NOTE_MAX_LENGTH,
    CANDIDATE_REFERENCE_MAX_LENGTH,
    DECISION_REASON_MAX_LENGTH,
    INVOICE_NUMBER_MAX_LENGTH,
    AssessmentOutcome,
    EligibilityEvidence,
    EmploymentType,
    RealisationKind,
    RealisationStatus,
    ReminderKind,
    ReportStatus,
)
from sroi.plans.constants import TargetGroup
from sroi.rules.engine.limits import (
    AMOUNT_EUR,
    CODE_MAX_LENGTH,
    HOURS,
    HOURS_PER_WEEK,
    NAME_MAX_LENGTH,
    PERCENTAGE,
)


class Candidate(models.Model):
    """A person placed by a contractor, known only by the contractor's pseudonym.

    The same reference within one organisation is the same candidate on every contract: that
    identity is what stops double counting (docs/rekenregels.md, "Kandidaat"). After
    anonymisation ``reference`` is empty and ``birth_year`` None; the placements keep their
    values.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    reference = models.CharField(
        _("candidate reference"),
        max_length=CANDIDATE_REFERENCE_MAX_LENGTH,
        blank=True,
        validators=[no_bsn],
        help_text=_("A pseudonym of your own choosing, for example K-017. Never a BSN or a name."),
    )
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ("organisation", "reference")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"],
                condition=~Q(reference=""),
                name="monitoring_candidate_unique_reference",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"#{self.pk}"


class Report(models.Model):
    """A contractor's report of one reporting period of a contract. The periods follow from
    the contract's start and ``Contract.reporting_interval_months``; a report row exists once
    the period has realisations or was submitted."""

    contract = models.ForeignKey(
        "plans.Contract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Raised by every change (submission, a decision): a form names the revision it saw.
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ("contract", "period_start")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "period_start"], name="monitoring_report_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="monitoring_report_period_order",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="monitoring_report_due_idx")]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.period_start}..{self.period_end}"


class Realisation(models.Model):
    """One realised effort on a contract: a placement, a purchase or an activity.

    Which fields are filled depends on ``kind`` (``sroi.monitoring.forms`` has the rules).
    ``value_eur`` is the engine's value with the contract's rule-set version, stored by the
    services whenever the realisation or its candidate's other placements change (None: not
    valued, with the engine's problem). A realisation changed after its verification becomes a
    new row with ``supersedes`` pointing at the old one and ``version`` one higher; the old
    row's status becomes ``superseded``. Nothing is deleted.
    """

    contract = models.ForeignKey(
        "plans.Contract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="realisations",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RealisationKind.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RealisationStatus.choices,
        default=RealisationStatus.DRAFT,
    )
    report = models.ForeignKey(
        Report,
        verbose_name=_("report"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="realisations",
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("performance agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="realisations",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    block_code = models.CharField(_("building block"), max_length=CODE_MAX_LENGTH)

    # Placement
    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    target_group = models.CharField(
        _("target group"), max_length=20, choices=TargetGroup.choices, blank=True
    )
    eligibility_evidence = models.CharField(
        _("evidence of eligibility"),
        max_length=30,
        choices=EligibilityEvidence.choices,
        blank=True,
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(
        _("end"), null=True, blank=True, help_text=_("Leave empty while the placement runs.")
    )
    planned_end_date = models.DateField(
        _("planned end"),
        null=True,
        blank=True,
        help_text=_("For a running placement: when it is expected to end (for the forecast)."),
    )
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=HOURS_PER_WEEK.max_digits,
        decimal_places=HOURS_PER_WEEK.decimal_places,
        null=True,
        blank=True,
    )
    employment_type = models.CharField(
        _("contract type"), max_length=20, choices=EmploymentType.choices, blank=True
    )
    employer_name = models.CharField(
        _("employer"),
        max_length=NAME_MAX_LENGTH,
        blank=True,
        validators=[no_bsn],
        help_text=_("Leave empty when your own organisation employs the candidate."),
    )

    # Purchase from a social enterprise
    supplier_name = models.CharField(
        _("supplier"), max_length=NAME_MAX_LENGTH, blank=True, validators=[no_bsn]
    )
    supplier_kvk = models.CharField(_("supplier's KvK number"), max_length=8, blank=True)
    invoice_number = models.CharField(
        _("invoice number"), max_length=INVOICE_NUMBER_MAX_LENGTH, blank=True, validators=[no_bsn]
    )
    amount_eur = models.DecimalField(
        _("amount (excl. VAT)"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        null=True,
        blank=True,
    )

    # Purchase and activity
    date = models.DateField(_("date"), null=True, blank=True)

    # Activity
    description = models.TextField(
        _("description"),
        max_length=ACTIVITY_DESCRIPTION_MAX_LENGTH,
        blank=True,
        validators=[no_bsn],
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=HOURS.max_digits,
        decimal_places=HOURS.decimal_places,
        null=True,
        blank=True,
    )
    employees_count = models.PositiveIntegerField(
        _("number of employees involved"), null=True, blank=True
    )

    # Valuation (stored by the services; see the class docstring)
    value_eur = models.DecimalField(
        _("value"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        null=True,
        blank=True,
    )
    # The value if the placement runs until its planned end (the forecast); equal to
    # ``value_eur`` for a finished placement, a purchase and an activity.
    forecast_eur = models.DecimalField(
        _("forecast value"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        null=True,
        blank=True,
    )

    # Verification
    decision_reason = models.TextField(
        _("reason"), max_length=DECISION_REASON_MAX_LENGTH, blank=True, validators=[no_bsn]
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Raised by every change: an edit or decision names the revision it saw (no lost update).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        verbose_name = _("realisation")
        verbose_name_plural = _("realisations")
        ordering = ("contract", "kind", "id")
        indexes = [
            models.Index(fields=["contract", "status"], name="monitoring_real_status_idx"),
            models.Index(fields=["candidate", "status"], name="monitoring_real_candidate_idx"),
            # The portfolio's filter on a target group (``portfolio.selectors``).
            models.Index(fields=["target_group", "contract"], name="monitoring_real_group_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="monitoring_realisation_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} v{self.version}"

    @property
    def is_running(self) -> bool:
        return self.kind == RealisationKind.PLACEMENT and self.end_date is None


class PrivateFileSystemStorage(FileSystemStorage):
    """The evidence folder: ``SROI_EVIDENCE_ROOT`` read when used (not when the model class
    is made), and no URLs (``FileSystemStorage`` would fall back to ``MEDIA_URL``): its files
    are reachable only through a view that checks access."""

    @property
    def base_location(self) -> str:
        return str(settings.SROI_EVIDENCE_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Evidence files have no URL: serve them through their view.")


def evidence_storage() -> Storage:
    """Evidence files live outside the web root (``SROI_EVIDENCE_ROOT``), with no URL: they
    are served only by ``sroi.monitoring.views_files.evidence_download``, which checks
    access."""
    return PrivateFileSystemStorage()


def evidence_path(instance: Evidence, filename: str) -> str:
    """A random name in a folder per contract; the uploaded name is kept only as text."""
    suffix = PurePosixPath(filename).suffix.lower()[:5]
    return f"{instance.realisation.contract_id}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A file that proves a realisation (a contract, a payslip, an invoice): PDF, JPEG or
    PNG, checked by content. ``original_name`` is the uploaded name, cleaned, for display
    only. Retention empties ``file`` and sets ``removed_at``."""

    realisation = models.ForeignKey(
        Realisation,
        verbose_name=_("realisation"),
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    file = models.FileField(
        _("file"), storage=evidence_storage, upload_to=evidence_path, max_length=200, blank=True
    )
    original_name = models.CharField(
        _("file name"), max_length=NAME_MAX_LENGTH, validators=[no_bsn]
    )
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ("realisation", "uploaded_at", "id")

    def __str__(self) -> str:
        return self.original_name


class FinalAssessment(models.Model):
    """The final assessment of a contract at its end. ``number`` 2 and up follow a recovery
    period. The assessment that is not a recovery closes the contract (``closes_contract``):
    it becomes read-only and its candidates are anonymised ``SROI_CANDIDATE_RETENTION_MONTHS``
    after ``assessed_at``."""

    contract = models.ForeignKey(
        "plans.Contract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="final_assessments",
    )
    number = models.PositiveIntegerField(_("number"), default=1)
    outcome = models.CharField(_("outcome"), max_length=20, choices=AssessmentOutcome.choices)
    obligation_eur = models.DecimalField(
        _("obligation"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
    )
    realised_eur = models.DecimalField(
        _("realised"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
    )
    shortfall_eur = models.DecimalField(
        _("shortfall"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
    )
    recovery_deadline = models.DateField(_("recovery deadline"), null=True, blank=True)
    settlement_factor = models.DecimalField(
        _("settlement factor"),
        max_digits=PERCENTAGE.max_digits,
        decimal_places=PERCENTAGE.decimal_places,
        default=1,
    )
    settlement_eur = models.DecimalField(
        _("settlement"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        default=0,
    )
    note = models.TextField(
        _("settlement note"), max_length=ASSESSMENT_NOTE_MAX_LENGTH, blank=True, validators=[no_bsn]
    )
    closes_contract = models.BooleanField(_("closes the contract"), default=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("candidates anonymised at"), null=True, blank=True)
    pdf = models.BinaryField(_("PDF"), blank=True, default=b"")
    pdf_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("final assessment")
        verbose_name_plural = _("final assessments")
        ordering = ("contract", "number")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"], name="monitoring_assessment_unique_number"
            ),
            models.UniqueConstraint(
                fields=["contract"],
                condition=Q(closes_contract=True),
                name="monitoring_assessment_one_closing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} #{self.number}"


class ReminderSent(models.Model):
    """One reminder put in the outbox. ``key`` names what it reminds of and to whom (for
    example ``moment:12:user:5``): ``send_reminders`` sends a key once, so running it twice
    sends nothing twice."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    contract_id = models.PositiveBigIntegerField(_("contract"), null=True, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    message = models.ForeignKey(
        "core.OutboxMessage",
        verbose_name=_("message"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ("-sent_at",)

    def __str__(self) -> str:
        return self.key
