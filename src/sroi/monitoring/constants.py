"""Choices and limits of the monitoring app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RealisationKind(models.TextChoices):
    PLACEMENT = "placement", _("placement")
    PURCHASE = "purchase", _("purchase from a social enterprise")
    ACTIVITY = "activity", _("activity")


class RealisationStatus(models.TextChoices):
    """A realisation is a draft until its report is submitted, then waits for the
    coordinator. An approved realisation changed later becomes a new version (a draft again);
    the old one is ``superseded`` and stays visible. Only ``approved`` counts as realised."""

    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("awaiting verification")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    SUPERSEDED = "superseded", _("superseded by a newer version")


# Statuses that still count in a contract's figures (realised or pending).
REALISATION_LIVE_STATUSES: frozenset[str] = frozenset(
    {RealisationStatus.DRAFT, RealisationStatus.SUBMITTED, RealisationStatus.APPROVED}
)


class EligibilityEvidence(models.TextChoices):
    """The kind of evidence that the candidate belongs to the target group."""

    UWV_DOELGROEPVERKLARING = "uwv_doelgroepverklaring", _("UWV target-group statement")
    GEMEENTE_VERKLARING = "gemeente_verklaring", _("statement of the municipality")
    BPV_OVEREENKOMST = "bpv_overeenkomst", _("BPV agreement (work-based learning)")
    STAGE_OVEREENKOMST = "stage_overeenkomst", _("internship agreement")
    DOELGROEPREGISTER = "doelgroepregister", _("entry in the target-group register")
    OTHER = "other", _("other evidence")


class EmploymentType(models.TextChoices):
    PERMANENT = "permanent", _("permanent")
    TEMPORARY = "temporary", _("temporary")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("open")
    SUBMITTED = "submitted", _("submitted")
    VERIFIED = "verified", _("verified")


class AssessmentOutcome(models.TextChoices):
    FULFILLED = "fulfilled", _("fulfilled")
    NOT_FULFILLED = "not_fulfilled", _("not fulfilled")
    RECOVERY = "recovery", _("not fulfilled, recovery period granted")


class ReminderKind(models.TextChoices):
    MOMENT = "moment", _("assessment moment coming up")
    REPORT_DEADLINE = "report_deadline", _("report deadline coming up")
    PLACEMENT_ENDED = "placement_ended", _("running placement passed its end")
    DIGEST = "digest", _("monthly digest of contracts at risk")


REPORTING_INTERVAL_CHOICES = (
    (1, _("monthly")),
    (3, _("quarterly")),
    (6, _("half-yearly")),
    (12, _("yearly")),
)
REPORTING_INTERVAL_DEFAULT = 3
# A period's report is due this many days after the period ends.
REPORT_DEADLINE_DAYS = 30

CANDIDATE_REFERENCE_MAX_LENGTH = 40
INVOICE_NUMBER_MAX_LENGTH = 50
ACTIVITY_DESCRIPTION_MAX_LENGTH = 2000
DECISION_REASON_MAX_LENGTH = 2000
ASSESSMENT_NOTE_MAX_LENGTH = 5000
EMPLOYEES_MAX = 100_000
BIRTH_YEAR_MIN = 1940
# An evidence file: at most this many bytes (10 MB), of one of these types (by content).
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES: dict[str, str] = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
}
EVIDENCE_PER_REALISATION_MAX = 20
# An import holds at most this many rows.
IMPORT_ROWS_MAX = 10_000
