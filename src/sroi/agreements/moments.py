"""Beoordelingsmomenten: the default schedule and every change to a contract's moments.

Only a coordinator changes moments. Each service locks the contract's row, re-reads the moment,
checks the transition (``MOMENT_TRANSITIONS``) and writes the audit entry with the contract's
id in the same transaction. A refusal raises ``MomentError`` (Dutch message, field) and changes
nothing.

The default schedule (``default_schedule``): a moment every six months counted from the
contract start (start + 6, + 12, ... months, each computed from the start, so a start on the
31st gives the 31st where the month has one and the month's last day otherwise, without
drifting), strictly before the end date, plus one on the end date. Edge cases:

- a contract shorter than six months (or exactly six) gets one moment: on its end date;
- a six-monthly date that falls on the end date is not doubled;
- a contract ending on a month's last day gets its final moment on that day.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sroi.accounts.models import User
from sroi.agreements.constants import (
    MOMENT_INTERVAL_MONTHS,
    MOMENT_MARGIN_DAYS,
    MOMENT_NOTE_MAX_LENGTH,
    MOMENT_TRANSITIONS,
    MOMENTS_MAX,
    MomentAction,
    MomentOutcome,
    MomentStatus,
)
from sroi.agreements.models import AssessmentMoment
from sroi.core.audit import audit_log
from sroi.plans.constants import ContractStatus
from sroi.plans.models import Contract
from sroi.rules.engine.limits import DATE_MAX, DATE_MIN


class MomentError(Exception):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; the 31st becomes the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_schedule(start: date, end: date) -> list[date]:
    """Every six months from ``start`` (strictly before ``end``), then ``end``."""
    days: list[date] = []
    step = 1
    while len(days) < MOMENTS_MAX - 1:
        day = add_months(start, MOMENT_INTERVAL_MONTHS * step)
        if day >= end:
            break
        days.append(day)
        step += 1
    days.append(end)
    return days


def _require_coordinator(user: Any) -> None:
    if not (getattr(user, "is_authenticated", False) and user.is_coordinator):
        raise PermissionDenied


def _lock_contract(contract: Contract) -> Contract:
    """The contract's row, locked; a closed contract refuses every change."""
    locked = Contract.objects.select_for_update().get(pk=contract.pk)
    if locked.status == ContractStatus.CLOSED or locked.closed_at is not None:
        raise MomentError(
            _(
                "This contract is closed: its agreements and assessment moments can no longer"
                " change."
            )
        )
    return locked


def _lock_moment(moment: AssessmentMoment) -> tuple[Contract, AssessmentMoment]:
    contract = _lock_contract(moment.contract)
    fresh = AssessmentMoment.objects.select_for_update().filter(pk=moment.pk).first()
    if fresh is None:
        raise MomentError(_("This assessment moment has been removed."))
    fresh.contract = contract
    return contract, fresh


def date_bounds(contract: Contract) -> tuple[date, date]:
    """The dates a moment of ``contract`` may have: from a year before its start to a year
    after its end (within the dates every form accepts)."""
    low = DATE_MIN
    high = DATE_MAX
    if contract.start_date is not None:
        low = max(low, contract.start_date - timedelta(days=MOMENT_MARGIN_DAYS))
    if contract.end_date is not None:
        high = min(high, contract.end_date + timedelta(days=MOMENT_MARGIN_DAYS))
    return low, high


def _check_date(contract: Contract, day: date | None, field: str) -> date:
    if day is None:
        raise MomentError(_("Enter a date."), field=field)
    low, high = date_bounds(contract)
    if not low <= day <= high:
        raise MomentError(
            _("Choose a date between %(low)s and %(high)s.")
            % {"low": f"{low:%d-%m-%Y}", "high": f"{high:%d-%m-%Y}"},
            field=field,
        )
    return day


def _check(moment: AssessmentMoment, action: str) -> str | None:
    allowed_from, target = MOMENT_TRANSITIONS[action]
    if moment.status in allowed_from:
        return target
    if moment.status == MomentStatus.HELD:
        raise MomentError(_("This assessment moment has already been held."))
    raise MomentError(
        _("This cannot be done: the assessment moment has the status '%(status)s'.")
        % {"status": moment.get_status_display()}
    )


def _audit(acting_user: Any, action: str, moment: AssessmentMoment, **data: Any) -> None:
    audit_log(
        actor=acting_user,
        action=f"moment.{action}",
        obj=moment,
        data={"date": moment.planned_date.isoformat(), "status": moment.status, **data},
        contract_id=moment.contract_id,
    )


def _room_for(contract: Contract, more: int) -> None:
    if contract.assessment_moments.count() + more > MOMENTS_MAX:
        raise MomentError(
            _("A contract has at most %(max)s assessment moments.") % {"max": MOMENTS_MAX}
        )


@transaction.atomic
def moments_schedule_default(*, acting_user: User, contract: Contract) -> list[AssessmentMoment]:
    """Plan the default schedule; dates that already have a moment are skipped (idempotent)."""
    _require_coordinator(acting_user)
    contract = _lock_contract(contract)
    if contract.start_date is None or contract.end_date is None:
        raise MomentError(_("The contract needs a start and an end date for a schedule."))
    existing = set(contract.assessment_moments.values_list("planned_date", flat=True))
    new = [
        day
        for day in default_schedule(contract.start_date, contract.end_date)
        if day not in existing
    ]
    _room_for(contract, len(new))
    moments = AssessmentMoment.objects.bulk_create(
        AssessmentMoment(contract=contract, planned_date=day, original_date=day) for day in new
    )
    audit_log(
        actor=acting_user,
        action="moment.schedule_default",
        obj=contract,
        data={"dates": [day.isoformat() for day in new]},
        contract_id=contract.pk,
    )
    return moments


@transaction.atomic
def moment_add(*, acting_user: User, contract: Contract, planned_date: date | None) -> Any:
    _require_coordinator(acting_user)
    contract = _lock_contract(contract)
    day = _check_date(contract, planned_date, "planned_date")
    _room_for(contract, 1)
    moment = AssessmentMoment.objects.create(contract=contract, planned_date=day, original_date=day)
    _audit(acting_user, "add", moment)
    return moment


@transaction.atomic
def moment_move(
    *, acting_user: User, moment: AssessmentMoment, planned_date: date | None
) -> AssessmentMoment:
    """Choose another date for a planned moment (postponing is for a moment that was due)."""
    _require_coordinator(acting_user)
    contract, moment = _lock_moment(moment)
    _check(moment, MomentAction.MOVE)
    moment.planned_date = _check_date(contract, planned_date, "planned_date")
    moment.original_date = moment.planned_date
    moment.save(update_fields=["planned_date", "original_date"])
    _audit(acting_user, "move", moment)
    return moment


@transaction.atomic
def moment_remove(*, acting_user: User, moment: AssessmentMoment) -> None:
    _require_coordinator(acting_user)
    _contract, moment = _lock_moment(moment)
    _check(moment, MomentAction.REMOVE)
    _audit(acting_user, "remove", moment, removed=moment.pk)
    moment.delete()


@transaction.atomic
def moment_hold(
    *, acting_user: User, moment: AssessmentMoment, outcome: str, note: str = ""
) -> AssessmentMoment:
    """Record that the moment was held, with its outcome and a note."""
    _require_coordinator(acting_user)
    _contract, moment = _lock_moment(moment)
    status = _check(moment, MomentAction.HOLD)
    if outcome not in MomentOutcome.values:
        raise MomentError(_("Choose the outcome of the assessment."), field="outcome")
    note = (note or "").strip()
    if len(note) > MOMENT_NOTE_MAX_LENGTH:
        raise MomentError(
            _("Use at most %(max)s characters.") % {"max": MOMENT_NOTE_MAX_LENGTH}, field="note"
        )
    moment.status = str(status)
    moment.outcome = outcome
    moment.note = note
    moment.held_at = timezone.now()
    moment.held_by = acting_user
    moment.save(update_fields=["status", "outcome", "note", "held_at", "held_by"])
    _audit(acting_user, "hold", moment, outcome=outcome)
    return moment


@transaction.atomic
def moment_postpone(
    *, acting_user: User, moment: AssessmentMoment, new_date: date | None, note: str = ""
) -> AssessmentMoment:
    """Postpone a moment to a later date (the first planned date is kept)."""
    _require_coordinator(acting_user)
    contract, moment = _lock_moment(moment)
    status = _check(moment, MomentAction.POSTPONE)
    day = _check_date(contract, new_date, "new_date")
    if day <= moment.planned_date:
        raise MomentError(
            _("Choose a date after %(date)s.") % {"date": f"{moment.planned_date:%d-%m-%Y}"},
            field="new_date",
        )
    note = (note or "").strip()
    if len(note) > MOMENT_NOTE_MAX_LENGTH:
        raise MomentError(
            _("Use at most %(max)s characters.") % {"max": MOMENT_NOTE_MAX_LENGTH}, field="note"
        )
    previous = moment.planned_date
    moment.original_date = moment.original_date or previous
    moment.planned_date = day
    moment.status = str(status)
    moment.note = note
    moment.save(update_fields=["original_date", "planned_date", "status", "note"])
    _audit(acting_user, "postpone", moment, previous=previous.isoformat())
    return moment
