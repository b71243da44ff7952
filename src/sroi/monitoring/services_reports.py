"""Reports per reporting period (``sroi.monitoring.periods``) and the contract's reporting
interval.

- ``report_submit``: the contractor submits a period. Under the contract's lock every draft
  realisation of the contract dated on or before the period's end (a placement's start, a
  purchase's or an activity's date) becomes ``submitted`` with ``report`` set; the ``Report``
  row is created on the first submission. Nothing to submit is refused. A second submission
  of the same period adds the new drafts to the same report and sets it back to
  ``submitted`` (a verified report is then awaiting verification again).
- ``report_submit_nothing``: the contractor submits a period with no realisations ("Niets te
  melden in deze periode"): a ``Report`` with nothing in it, so the period no longer counts as
  overdue. Refused when the period has not started, already has a report, or drafts dated in
  or before it wait to be submitted.
- ``report_acknowledge``: a coordinator verifies a report with nothing left to decide (a nil
  report) by hand; a report with realisations becomes verified by the decisions on them.
- ``reporting_interval_set``: a coordinator chooses 1, 3, 6 or 12 months. Reports already
  submitted keep their dates; the periods from then on follow the new interval.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sroi.monitoring.constants import (
    REPORTING_INTERVAL_CHOICES,
    RealisationKind,
    RealisationStatus,
    ReportStatus,
)
from sroi.monitoring.models import Realisation, Report
from sroi.monitoring.periods import Period, period_starting
from sroi.monitoring.services import (
    MonitoringError,
    audit,
    contract_is_closed,
    lock_contract,
    require_contractor_of,
    require_coordinator,
    require_open_for_reporting,
)
from sroi.monitoring.valuation import contract_revalue, revalue_elsewhere_on_commit
from sroi.plans.models import Contract

INTERVALS: tuple[int, ...] = tuple(months for months, _label in REPORTING_INTERVAL_CHOICES)


def drafts_until_q(period_end: date) -> Q:
    """The drafts a report of a period ending on ``period_end`` takes, as a filter."""
    return Q(status=RealisationStatus.DRAFT) & (
        Q(kind=RealisationKind.PLACEMENT, start_date__lte=period_end)
        | (~Q(kind=RealisationKind.PLACEMENT) & Q(date__lte=period_end))
    )


def _period(contract: Contract, period_start: date) -> Period:
    period = period_starting(contract, period_start)
    if period is None:
        raise MonitoringError(_("This contract has no reporting period starting on that date."))
    return period


def report_submit(
    *, acting_user: Any, contract: Contract, period_start: date, revision: int | None = None
) -> Report:
    """Submit the period starting on ``period_start`` (see the module docstring).
    ``revision`` is the report's revision the page showed (0 before the first submission).
    Raises ``MonitoringError``."""
    require_contractor_of(acting_user, contract)
    with transaction.atomic():
        contract = lock_contract(contract)
        require_open_for_reporting(contract)
        period = _period(contract, period_start)
        report = (
            Report.objects.select_for_update()
            .filter(contract=contract, period_start=period.start)
            .first()
        )
        if revision is not None and revision != (report.revision if report else 0):
            raise MonitoringError(
                _(
                    "Someone else submitted this period after you opened the page. Check the"
                    " realisations in it and submit again if needed."
                )
            )
        drafts = Realisation.objects.filter(contract=contract).filter(drafts_until_q(period.end))
        kinds: dict[str, int] = {}
        for kind in drafts.values_list("kind", flat=True):
            kinds[kind] = kinds.get(kind, 0) + 1
        if not kinds:
            raise MonitoringError(
                _(
                    "There is nothing to submit: this period has no draft realisations. Report a"
                    " placement, purchase or activity first."
                )
            )
        now = timezone.now()
        again = report is not None
        if report is None:
            report = Report(
                contract=contract,
                period_start=period.start,
                period_end=period.end,
                deadline=period.deadline,
            )
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = now
        report.submitted_by = acting_user
        report.verified_at = None
        report.verified_by = None
        report.revision += 1
        report.save()
        candidate_ids = list(drafts.exclude(candidate=None).values_list("candidate_id", flat=True))
        count = drafts.update(
            status=RealisationStatus.SUBMITTED,
            report=report,
            revision=F("revision") + 1,
            updated_at=now,
        )
        audit(
            acting_user=acting_user,
            action="report_submit",
            contract=contract,
            obj=report,
            data={
                "period_start": period.start.isoformat(),
                "period_end": period.end.isoformat(),
                "count": count,
                "kinds": kinds,
                "again": again,
            },
        )
        contract_revalue(contract)
        # Submitted placements now count on the candidates' other contracts too.
        revalue_elsewhere_on_commit(contract, candidate_ids)
    return report


def report_submit_nothing(
    *,
    acting_user: Any,
    contract: Contract,
    period_start: date,
    revision: int | None = None,
    today: date | None = None,
) -> Report:
    """Submit the period starting on ``period_start`` with nothing in it (a nil report).
    ``revision`` is the report's revision the page showed (0: no report yet). Under the
    contract's lock the period's report is read again, so two crossing submissions make one
    report and one refusal. Raises ``MonitoringError``."""
    require_contractor_of(acting_user, contract)
    today = today or timezone.localdate()
    with transaction.atomic():
        contract = lock_contract(contract)
        require_open_for_reporting(contract)
        period = _period(contract, period_start)
        if period.start > today:
            raise MonitoringError(
                _("This period has not started yet: there is nothing to declare for it."),
                field="period_start",
            )
        report = (
            Report.objects.select_for_update()
            .filter(contract=contract, period_start=period.start)
            .first()
        )
        if report is not None:
            raise MonitoringError(
                _(
                    "This period has already been submitted (perhaps by a colleague just now)."
                    " Check the reports below."
                ),
                field="period_start",
            )
        if revision is not None and revision != 0:
            raise MonitoringError(
                _(
                    "Someone else submitted this period after you opened the page. Check the"
                    " realisations in it and submit again if needed."
                )
            )
        waiting = (
            Realisation.objects.filter(contract=contract).filter(drafts_until_q(period.end)).count()
        )
        if waiting:
            raise MonitoringError(
                ngettext(
                    "There is %(count)s draft realisation dated in or before this period."
                    " Submit it with the period's report instead, or remove it first.",
                    "There are %(count)s draft realisations dated in or before this period."
                    " Submit them with the period's report instead, or remove them first.",
                    waiting,
                )
                % {"count": waiting},
                field="period_start",
            )
        report = Report.objects.create(
            contract=contract,
            period_start=period.start,
            period_end=period.end,
            deadline=period.deadline,
            status=ReportStatus.SUBMITTED,
            submitted_at=timezone.now(),
            submitted_by=acting_user,
            revision=1,
        )
        audit(
            acting_user=acting_user,
            action="report_submit",
            contract=contract,
            obj=report,
            data={
                "period_start": period.start.isoformat(),
                "period_end": period.end.isoformat(),
                "count": 0,
                "kinds": {},
                "again": False,
                "nothing_to_report": True,
            },
        )
    return report


def report_acknowledge(*, acting_user: Any, report: Report, revision: int | None = None) -> Report:
    """A coordinator verifies a submitted report in which nothing awaits a decision (a nil
    report). ``revision`` is the report's revision the page showed. Raises
    ``MonitoringError``."""
    require_coordinator(acting_user)
    with transaction.atomic():
        contract = lock_contract(report.contract)
        report = Report.objects.select_for_update().get(pk=report.pk)
        if revision is not None and revision != report.revision:
            raise MonitoringError(
                _(
                    "This report changed after you opened the page (submitted again or already"
                    " verified). Check it and try again."
                )
            )
        if report.status != ReportStatus.SUBMITTED:
            raise MonitoringError(_("Only a submitted report can be verified."))
        if Realisation.objects.filter(report=report, status=RealisationStatus.SUBMITTED).exists():
            raise MonitoringError(
                _(
                    "Realisations in this report await verification: approve or reject them on"
                    " the verification page."
                )
            )
        report.status = ReportStatus.VERIFIED
        report.verified_at = timezone.now()
        report.verified_by = acting_user
        report.revision += 1
        report.save(update_fields=["status", "verified_at", "verified_by", "revision"])
        audit(
            acting_user=acting_user,
            action="report_verify",
            contract=contract,
            obj=report,
            data={"period_start": report.period_start.isoformat(), "by_hand": True},
        )
    return report


def reporting_interval_set(*, acting_user: Any, contract: Contract, months: int) -> Contract:
    """A coordinator sets the contract's reporting interval (1, 3, 6 or 12 months)."""
    require_coordinator(acting_user)
    if months not in INTERVALS:
        raise MonitoringError(_("Choose an item from the list."), field="months")
    with transaction.atomic():
        contract = lock_contract(contract)
        if contract_is_closed(contract):
            raise MonitoringError(
                _("This contract is closed: its realisations can no longer change.")
            )
        old = contract.reporting_interval_months
        if old != months:
            contract.reporting_interval_months = months
            contract.save(update_fields=["reporting_interval_months", "updated_at"])
            audit(
                acting_user=acting_user,
                action="reporting_interval",
                contract=contract,
                data={"from": old, "to": months},
            )
    return contract
