"""Beoordelingsmomenten: the default schedule (pure) and every service and refusal."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from sroi.accounts.models import User
from sroi.agreements import moments
from sroi.agreements.constants import MomentOutcome, MomentStatus
from sroi.agreements.models import AssessmentMoment
from sroi.agreements.moments import MomentError, default_schedule
from sroi.core.models import AuditEntry
from sroi.plans.models import Contract


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # two years: every six months, and the end
        (
            date(2026, 1, 1),
            date(2027, 12, 31),
            [date(2026, 7, 1), date(2027, 1, 1), date(2027, 7, 1), date(2027, 12, 31)],
        ),
        # shorter than six months: only the end
        (date(2026, 1, 1), date(2026, 5, 31), [date(2026, 5, 31)]),
        # exactly six months: the six-monthly date is the end, not doubled
        (date(2026, 1, 1), date(2026, 7, 1), [date(2026, 7, 1)]),
        # a start on the 31st: the month's last day, without drifting
        (
            date(2025, 8, 31),
            date(2027, 2, 28),
            [date(2026, 2, 28), date(2026, 8, 31), date(2027, 2, 28)],
        ),
        # an end on a month's last day (leap year)
        (
            date(2026, 3, 1),
            date(2028, 2, 29),
            [date(2026, 9, 1), date(2027, 3, 1), date(2027, 9, 1), date(2028, 2, 29)],
        ),
        # start and end on the same day
        (date(2026, 1, 1), date(2026, 1, 1), [date(2026, 1, 1)]),
    ],
)
def test_default_schedule(start: date, end: date, expected: list[date]) -> None:
    assert default_schedule(start, end) == expected


def test_schedule_default_plans_the_moments_once(contract: Contract, coordinator: User) -> None:
    created = moments.moments_schedule_default(acting_user=coordinator, contract=contract)
    assert [m.planned_date for m in created] == default_schedule(
        contract.start_date,
        contract.end_date,  # type: ignore[arg-type]
    )
    assert all(m.status == MomentStatus.PLANNED for m in created)
    again = moments.moments_schedule_default(acting_user=coordinator, contract=contract)
    assert again == []
    assert AssessmentMoment.objects.filter(contract=contract).count() == len(created)
    assert (
        AuditEntry.objects.filter(action="moment.schedule_default", contract_id=contract.pk).count()
        == 2
    )


@pytest.fixture
def moment(contract: Contract, coordinator: User) -> AssessmentMoment:
    return moments.moment_add(
        acting_user=coordinator, contract=contract, planned_date=date(2026, 7, 1)
    )


def _row(moment: AssessmentMoment) -> tuple[object, ...]:
    fresh = AssessmentMoment.objects.get(pk=moment.pk)
    return (fresh.planned_date, fresh.status, fresh.outcome, fresh.note, fresh.held_at)


def test_hold_records_outcome_note_and_who(moment: AssessmentMoment, coordinator: User) -> None:
    held = moments.moment_hold(
        acting_user=coordinator,
        moment=moment,
        outcome=MomentOutcome.BEHIND,
        note="Twee plaatsingen later dan gepland.",
    )
    assert held.status == MomentStatus.HELD
    assert held.outcome == MomentOutcome.BEHIND
    assert held.held_by == coordinator
    assert held.held_at is not None
    entry = AuditEntry.objects.get(action="moment.hold")
    assert entry.contract_id == moment.contract_id


def test_holding_twice_is_refused(moment: AssessmentMoment, coordinator: User) -> None:
    moments.moment_hold(acting_user=coordinator, moment=moment, outcome=MomentOutcome.ON_TRACK)
    before = _row(moment)
    with pytest.raises(MomentError, match="al gehouden"):
        moments.moment_hold(acting_user=coordinator, moment=moment, outcome=MomentOutcome.BEHIND)
    with pytest.raises(MomentError):
        moments.moment_postpone(acting_user=coordinator, moment=moment, new_date=date(2026, 9, 1))
    with pytest.raises(MomentError):
        moments.moment_move(acting_user=coordinator, moment=moment, planned_date=date(2026, 9, 1))
    with pytest.raises(MomentError):
        moments.moment_remove(acting_user=coordinator, moment=moment)
    assert _row(moment) == before


@pytest.mark.parametrize("outcome", ["", "great", "on_track\x00"])
def test_an_unknown_or_missing_outcome_is_refused(
    moment: AssessmentMoment, coordinator: User, outcome: str
) -> None:
    before = _row(moment)
    with pytest.raises(MomentError) as refused:
        moments.moment_hold(acting_user=coordinator, moment=moment, outcome=outcome)
    assert refused.value.field == "outcome"
    assert _row(moment) == before


def test_an_outcome_cannot_be_stored_without_holding(moment: AssessmentMoment) -> None:
    """The database refuses an outcome on a moment that was not held (check constraint)."""
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentMoment.objects.filter(pk=moment.pk).update(outcome=MomentOutcome.ON_TRACK)


def test_postpone_keeps_the_first_date_and_can_then_be_held(
    moment: AssessmentMoment, coordinator: User
) -> None:
    postponed = moments.moment_postpone(
        acting_user=coordinator, moment=moment, new_date=date(2026, 8, 15), note="Vakantie."
    )
    assert postponed.status == MomentStatus.POSTPONED
    assert postponed.planned_date == date(2026, 8, 15)
    assert postponed.original_date == date(2026, 7, 1)
    held = moments.moment_hold(
        acting_user=coordinator, moment=postponed, outcome=MomentOutcome.ACTION_AGREED
    )
    assert held.status == MomentStatus.HELD


def test_postponing_to_an_earlier_date_is_refused(
    moment: AssessmentMoment, coordinator: User
) -> None:
    before = _row(moment)
    with pytest.raises(MomentError) as refused:
        moments.moment_postpone(acting_user=coordinator, moment=moment, new_date=date(2026, 6, 1))
    assert refused.value.field == "new_date"
    assert _row(moment) == before


@pytest.mark.parametrize("day", [date(1990, 1, 1), date(2199, 12, 31), date(2024, 1, 1)])
def test_dates_outside_sane_bounds_are_refused(
    contract: Contract, coordinator: User, moment: AssessmentMoment, day: date
) -> None:
    before = _row(moment)
    with pytest.raises(MomentError, match="Kies een datum tussen"):
        moments.moment_add(acting_user=coordinator, contract=contract, planned_date=day)
    with pytest.raises(MomentError):
        moments.moment_move(acting_user=coordinator, moment=moment, planned_date=day)
    assert _row(moment) == before
    assert AssessmentMoment.objects.filter(contract=contract).count() == 1


def test_move_and_remove_a_planned_moment(moment: AssessmentMoment, coordinator: User) -> None:
    moved = moments.moment_move(
        acting_user=coordinator, moment=moment, planned_date=date(2026, 7, 15)
    )
    assert moved.planned_date == date(2026, 7, 15)
    moments.moment_remove(acting_user=coordinator, moment=moved)
    assert not AssessmentMoment.objects.filter(pk=moment.pk).exists()
    assert AuditEntry.objects.filter(action="moment.remove", contract_id=moment.contract_id)


@pytest.mark.parametrize("persona", ["contractor_a", "buyer_user"])
def test_only_a_coordinator_changes_moments(
    moment: AssessmentMoment, contract: Contract, persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    before = _row(moment)
    with pytest.raises(PermissionDenied):
        moments.moments_schedule_default(acting_user=user, contract=contract)
    with pytest.raises(PermissionDenied):
        moments.moment_add(acting_user=user, contract=contract, planned_date=date(2026, 9, 1))
    with pytest.raises(PermissionDenied):
        moments.moment_hold(acting_user=user, moment=moment, outcome=MomentOutcome.ON_TRACK)
    with pytest.raises(PermissionDenied):
        moments.moment_postpone(acting_user=user, moment=moment, new_date=date(2026, 9, 1))
    assert _row(moment) == before
    assert AssessmentMoment.objects.count() == 1
