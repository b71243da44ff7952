"""Council reports (raadsrapportages): requested on ``/coordinator/raadsrapportages/``, built in
the background, stored, and served as stored (docs/council-reports.md).

- ``council_report_request``: a coordinator (any buyer) or a buyer user (its own buyer) asks
  for the report of a buyer and year. Checked under a lock on the buyer's row: while a report
  of that buyer and year is queued or running, asking again returns that one.
- ``council_reports_build_due``: the worker (``send_outbox --loop``, per pass, setting
  ``SROI_WORKER_PASS_JOBS``) or ``manage.py build_council_reports`` claims the queued reports
  one at a time (a row lock, ``skip_locked`` where the database has it, and a conditional
  UPDATE, so two workers never build the same report), builds the snapshot, the PDF and the
  Excel file, and stores them (ready) or a Dutch error (failed). A report running for longer
  than ``STUCK_AFTER`` belongs to a worker that was killed and is taken again. When a report
  is ready its requester gets an e-mail with the link, through the outbox.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sroi.core.audit import audit_log
from sroi.core.mail import mail_enqueue
from sroi.plans.models import Buyer
from sroi.portfolio.constants import YEAR_MAX, YEAR_MIN, CouncilReportStatus
from sroi.portfolio.council_figures import council_figures, figures_to_json
from sroi.portfolio.council_render import render_council_pdf, render_council_xlsx
from sroi.portfolio.models import CouncilReport
from sroi.portfolio.selectors import can_use_portfolio, portfolio_buyers

logger = logging.getLogger(__name__)

# A report running longer than this was left by a worker that died: it is built again.
STUCK_AFTER = timedelta(minutes=30)
PENDING = (CouncilReportStatus.QUEUED, CouncilReportStatus.RUNNING)


class CouncilReportError(Exception):
    """A request that cannot be made; ``field`` names the form field the message belongs to."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# --- reads ---------------------------------------------------------------------------------


def council_buyers(user: Any) -> QuerySet[Buyer]:
    """The buyers whose reports ``user`` may request and read: every buyer for a coordinator,
    its own for a buyer user (``portfolio_buyers``), none for anyone else."""
    if not can_use_portfolio(user):
        return Buyer.objects.none()
    return portfolio_buyers(user)


def council_report_list_for_user(user: Any) -> QuerySet[CouncilReport]:
    """The reports of the buyers of ``council_buyers``, newest first (no file bytes read)."""
    reports = CouncilReport.objects.select_related("buyer", "requested_by").defer(
        "pdf", "xlsx", "figures"
    )
    if not can_use_portfolio(user):
        return reports.none()
    if user.is_coordinator:
        return reports
    return reports.filter(buyer__in=council_buyers(user))


def council_report_get_for_user(user: Any, pk: int) -> CouncilReport:
    """The report, or 404 when it does not exist or belongs to a buyer the user may not see."""
    try:
        return council_report_list_for_user(user).get(pk=pk)
    except CouncilReport.DoesNotExist as exc:
        raise Http404 from exc


def council_report_file(report: CouncilReport, kind: str) -> bytes:
    """The stored PDF (``kind="pdf"``) or Excel file (``"xlsx"``) of a ready report; 404
    otherwise. Never rendered again."""
    if report.status != CouncilReportStatus.READY or kind not in ("pdf", "xlsx"):
        raise Http404
    content = CouncilReport.objects.filter(pk=report.pk).values_list(kind, flat=True).first()
    if not content:
        raise Http404
    return bytes(content)


# --- the request ---------------------------------------------------------------------------


@transaction.atomic
def council_report_request(*, user: Any, buyer: Buyer, year: int) -> CouncilReport:
    """Queue the report of ``buyer`` and ``year``, or return the one of that buyer and year
    that is queued or running. ``PermissionDenied`` for users who use no portfolio;
    ``CouncilReportError`` for a buyer the user may not choose or a year out of range."""
    if not can_use_portfolio(user):
        raise PermissionDenied
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise CouncilReportError(
            _("Enter a year between %(first)s and %(last)s.")
            % {"first": YEAR_MIN, "last": YEAR_MAX},
            field="jaar",
        )
    # The lock on the buyer's row serialises two requests of the same buyer (SQLite: the
    # write transaction does); the check below runs under it.
    locked = council_buyers(user).select_for_update().filter(pk=buyer.pk).first()
    if locked is None:
        raise CouncilReportError(_("Choose a buyer from the list."), field="koper")
    pending = (
        CouncilReport.objects.filter(buyer=locked, year=year, status__in=PENDING)
        .defer("pdf", "xlsx", "figures")
        .order_by("requested_at", "id")
        .first()
    )
    if pending is not None:
        return pending
    report = CouncilReport.objects.create(
        buyer=locked, year=year, requested_by=user, requested_at=timezone.now()
    )
    audit_log(
        actor=user,
        action="portfolio.council_report_request",
        obj=report,
        data={"buyer_id": locked.pk, "year": year},
    )
    return report


# --- the build -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CouncilRun:
    """One ``council_reports_build_due`` call: reports stored ready and failed."""

    ready: int
    failed: int

    def __str__(self) -> str:
        return f"council reports: ready {self.ready}, failed {self.failed}"


def _due(now: datetime) -> Q:
    return Q(status=CouncilReportStatus.QUEUED) | Q(
        status=CouncilReportStatus.RUNNING, started_at__lt=now - STUCK_AFTER
    )


def _claim_next(skip: set[int]) -> CouncilReport | None:
    """Mark the oldest due report running and return it; None when nothing is due."""
    with transaction.atomic():
        now = timezone.now()
        due = (
            CouncilReport.objects.filter(_due(now))
            .exclude(pk__in=skip)
            .order_by("requested_at", "id")
            .only("pk", "status", "started_at")
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        candidate = due.first()
        if candidate is None:
            return None
        # The conditional UPDATE is the claim on every database: exactly one worker matches.
        claimed = CouncilReport.objects.filter(
            pk=candidate.pk, status=candidate.status, started_at=candidate.started_at
        ).update(status=CouncilReportStatus.RUNNING, started_at=now, finished_at=None, error="")
        if claimed != 1:
            skip.add(candidate.pk)
            return _claim_next(skip) if len(skip) < 1000 else None
    return CouncilReport.objects.select_related("buyer", "requested_by").get(pk=candidate.pk)


def _failure_message(error: BaseException) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "The report could not be generated (%(error)s). Request it again; if it fails again,"
            " contact the administrator."
        ) % {"error": type(error).__name__}


def _mail_ready(report: CouncilReport) -> None:
    user = report.requested_by
    if user is None or not user.is_active or not user.email:
        return
    url = str(settings.SROI_BASE_URL).rstrip("/") + reverse(
        "portfolio:council_report", kwargs={"pk": report.pk}
    )
    context = {"report": report, "buyer": report.buyer.name, "year": report.year, "url": url}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("portfolio/email/council_report_ready_subject.txt", context)
        body = render_to_string("portfolio/email/council_report_ready.txt", context)
    mail_enqueue(to=[user.email], subject=" ".join(subject.split()), body=body)


def council_report_build(report: CouncilReport) -> bool:
    """Build a claimed (running) report and store it ready, or failed with a Dutch error.
    Stores nothing when another worker took the report over meanwhile. True when ready."""
    started_at = report.started_at
    mine = CouncilReport.objects.filter(
        pk=report.pk, status=CouncilReportStatus.RUNNING, started_at=started_at
    )
    try:
        with translation.override(settings.LANGUAGE_CODE):
            snapshot = council_figures(report.buyer, report.year)
            pdf = render_council_pdf(snapshot)
            xlsx = render_council_xlsx(snapshot)
    except Exception as error:  # any failure is stored on the report; the next one goes on
        logger.exception("Council report %s could not be built", report.pk)
        mine.update(
            status=CouncilReportStatus.FAILED,
            finished_at=timezone.now(),
            error=_failure_message(error),
        )
        return False
    with transaction.atomic():
        stored = mine.update(
            status=CouncilReportStatus.READY,
            finished_at=timezone.now(),
            figures=figures_to_json(snapshot),
            pdf=pdf,
            xlsx=xlsx,
            error="",
        )
        if stored:
            audit_log(actor=None, action="portfolio.council_report_ready", obj=report)
            _mail_ready(report)
    return bool(stored)


def council_reports_build_due() -> CouncilRun:
    """Build every due report, one at a time (see the module). Safe in several workers."""
    ready = failed = 0
    seen: set[int] = set()
    while (report := _claim_next(seen)) is not None:
        seen.add(report.pk)
        if council_report_build(report):
            ready += 1
        else:
            failed += 1
    return CouncilRun(ready=ready, failed=failed)
