"""Reminders through the outbox (``manage.py send_reminders [--today YYYY-MM-DD]``; the mail
worker runs it once a day, docs/deploy/README.md).

Four kinds, for contracts whose agreements are in force and that are not closed:

- ``moment``: an assessment moment (planned or postponed, not held) within
  ``SROI_REMINDER_DAYS_BEFORE`` days, to the contractor's users and the coordinators;
- ``report_deadline``: a reporting period's deadline (period end + ``REPORT_DEADLINE_DAYS``)
  within those days, to the contractor's users, unless the period's report is submitted;
- ``placement_ended``: running placements (no end date) whose planned end has passed, to the
  contractor's users (one mail per contract);
- ``digest``: once a month, per coordinator, the contracts at risk (forecast below the net
  obligation).

Each reminder has a key (``moment:<id>:user:<id>``, ``report:<contract>:<period start>:user:<id>``,
``placement:<id>:<planned end>:user:<id>``, ``digest:<yyyy-mm>:user:<id>``) stored in
``ReminderSent`` in the same transaction as the outbox message. The key is unique: a second
run, or a run at the same time, finds the key taken and sends nothing. Mails are in Dutch,
link to the contract and never name a candidate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from sroi.accounts.constants import Role
from sroi.accounts.models import User
from sroi.agreements.constants import MomentStatus
from sroi.agreements.models import AssessmentMoment
from sroi.core.mail import mail_enqueue
from sroi.monitoring.constants import RealisationKind, RealisationStatus, ReminderKind, ReportStatus
from sroi.monitoring.models import Realisation, ReminderSent, Report
from sroi.monitoring.periods import periods
from sroi.monitoring.progress import contract_summary
from sroi.plans.constants import ContractStatus
from sroi.plans.models import Contract

REPORTED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.VERIFIED)
RUNNING_STATUSES = (
    RealisationStatus.DRAFT,
    RealisationStatus.SUBMITTED,
    RealisationStatus.APPROVED,
)


@dataclass
class ReminderRun:
    """What one run put in the outbox, per kind (messages, not recipients' keys)."""

    sent: dict[str, int] = field(default_factory=lambda: {kind: 0 for kind in ReminderKind.values})

    def __str__(self) -> str:
        return ", ".join(f"{kind} {count}" for kind, count in self.sent.items())


def _open_contracts() -> QuerySet[Contract]:
    return Contract.objects.filter(
        status=ContractStatus.AGREEMENTS_IN_FORCE, closed_at__isnull=True
    ).select_related("organisation", "buyer")


def _coordinators() -> list[User]:
    return list(User.objects.filter(role=Role.COORDINATOR, is_active=True).order_by("pk"))


def _contractor_users(contract: Contract) -> list[User]:
    return list(
        User.objects.filter(
            role=Role.CONTRACTOR, is_active=True, organisation_id=contract.organisation_id
        ).order_by("pk")
    )


def _contract_url(contract: Contract) -> str:
    return str(settings.SROI_BASE_URL).rstrip("/") + reverse(
        "contracts:contract_detail", kwargs={"pk": contract.pk}
    )


def _send_once(
    *,
    keys: Sequence[str],
    kind: str,
    contract: Contract | None,
    recipient: User,
    template: str,
    context: dict[str, Any],
) -> bool:
    """One mail to ``recipient`` recorded under ``keys``, all in one transaction; False (and
    nothing sent) when a key is already taken, by an earlier run or one running now."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"monitoring/email/{template}_subject.txt", context)
        body = render_to_string(f"monitoring/email/{template}.txt", context)
    try:
        with transaction.atomic():
            rows = [
                ReminderSent.objects.create(
                    key=key,
                    kind=kind,
                    contract_id=contract.pk if contract is not None else None,
                    recipient=recipient,
                )
                for key in keys
            ]
            message = mail_enqueue(
                to=[recipient.email], subject=" ".join(subject.split()), body=body
            )
            ReminderSent.objects.filter(pk__in=[row.pk for row in rows]).update(message=message)
    except IntegrityError:
        return False
    return True


def _taken(keys: Iterable[str]) -> set[str]:
    return set(ReminderSent.objects.filter(key__in=list(keys)).values_list("key", flat=True))


def _moment_reminders(today: date, horizon: date, run: ReminderRun) -> None:
    moments = (
        AssessmentMoment.objects.filter(
            contract__in=_open_contracts(),
            planned_date__gte=today,
            planned_date__lte=horizon,
        )
        .exclude(status=MomentStatus.HELD)
        .select_related("contract")
        .order_by("planned_date", "pk")
    )
    coordinators = _coordinators()
    for moment in moments:
        contract = moment.contract
        for user in [*_contractor_users(contract), *coordinators]:
            key = f"moment:{moment.pk}:user:{user.pk}"
            if key in _taken([key]):
                continue
            sent = _send_once(
                keys=[key],
                kind=ReminderKind.MOMENT,
                contract=contract,
                recipient=user,
                template="reminder_moment",
                context={"contract": contract, "moment": moment, "url": _contract_url(contract)},
            )
            run.sent[ReminderKind.MOMENT] += sent


def _deadline_reminders(today: date, horizon: date, run: ReminderRun) -> None:
    for contract in _open_contracts().filter(start_date__isnull=False, end_date__isnull=False):
        due = [p for p in periods(contract) if today <= p.deadline <= horizon]
        if not due:
            continue
        reported = set(
            Report.objects.filter(
                contract=contract,
                period_start__in=[p.start for p in due],
                status__in=REPORTED_STATUSES,
            ).values_list("period_start", flat=True)
        )
        users = _contractor_users(contract)
        for period in due:
            if period.start in reported:
                continue
            for user in users:
                key = f"report:{contract.pk}:{period.start.isoformat()}:user:{user.pk}"
                if key in _taken([key]):
                    continue
                sent = _send_once(
                    keys=[key],
                    kind=ReminderKind.REPORT_DEADLINE,
                    contract=contract,
                    recipient=user,
                    template="reminder_report",
                    context={
                        "contract": contract,
                        "period": period,
                        "url": _contract_url(contract),
                    },
                )
                run.sent[ReminderKind.REPORT_DEADLINE] += sent


def _placement_reminders(today: date, run: ReminderRun) -> None:
    placements = (
        Realisation.objects.filter(
            contract__in=_open_contracts(),
            kind=RealisationKind.PLACEMENT,
            status__in=RUNNING_STATUSES,
            end_date__isnull=True,
            planned_end_date__lt=today,
        )
        .select_related("contract")
        .order_by("contract_id", "planned_end_date", "pk")
    )
    by_contract: dict[int, list[Realisation]] = {}
    for placement in placements:
        by_contract.setdefault(placement.contract_id, []).append(placement)
    for items in by_contract.values():
        contract = items[0].contract
        for user in _contractor_users(contract):
            keys = {f"placement:{p.pk}:{p.planned_end_date}:user:{user.pk}": p for p in items}
            new = [key for key in keys if key not in _taken(keys)]
            if not new:
                continue
            sent = _send_once(
                keys=new,
                kind=ReminderKind.PLACEMENT_ENDED,
                contract=contract,
                recipient=user,
                template="reminder_placement",
                context={
                    "contract": contract,
                    "placements": [keys[key] for key in new],
                    "url": _contract_url(contract),
                },
            )
            run.sent[ReminderKind.PLACEMENT_ENDED] += sent


@dataclass(frozen=True)
class AtRisk:
    contract: Contract
    obligation_eur: Decimal
    forecast_eur: Decimal

    @property
    def gap_eur(self) -> Decimal:
        return self.obligation_eur - self.forecast_eur


def contracts_at_risk() -> list[AtRisk]:
    """Contracts in force, not closed, whose forecast at the end falls short of the net
    obligation: the early warning of the progress page (``progress.contract_summary``, the one
    rule), from the figures ``contract_revalue`` stored."""
    risky = []
    for contract in _open_contracts().order_by("end_date", "pk"):
        summary = contract_summary(contract)
        if summary.warning and summary.obligation_eur is not None:
            risky.append(AtRisk(contract, summary.obligation_eur, summary.forecast_eur))
    return risky


def _digest(today: date, run: ReminderRun) -> None:
    month = f"{today:%Y-%m}"
    coordinators = [
        user
        for user in _coordinators()
        if f"digest:{month}:user:{user.pk}" not in _taken([f"digest:{month}:user:{user.pk}"])
    ]
    if not coordinators:
        return
    risky = contracts_at_risk()
    if not risky:
        return  # nothing at risk: no mail; a later run this month sends one if that changes
    base = str(settings.SROI_BASE_URL).rstrip("/")
    for user in coordinators:
        sent = _send_once(
            keys=[f"digest:{month}:user:{user.pk}"],
            kind=ReminderKind.DIGEST,
            contract=None,
            recipient=user,
            template="reminder_digest",
            context={
                "month": today,
                "rows": [(item, _contract_url(item.contract)) for item in risky],
                "url": base + reverse("contracts:contract_list"),
            },
        )
        run.sent[ReminderKind.DIGEST] += sent


def send_reminders(*, today: date | None = None) -> ReminderRun:
    """Put every reminder that is due on ``today`` and not sent before in the outbox."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=int(settings.SROI_REMINDER_DAYS_BEFORE))
    run = ReminderRun()
    _moment_reminders(today, horizon, run)
    _deadline_reminders(today, horizon, run)
    _placement_reminders(today, run)
    _digest(today, run)
    return run
