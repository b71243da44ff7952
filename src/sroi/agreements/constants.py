"""Choices and the status-transition mappings of the agreements app (checked in the services
and nowhere else)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementStatus(models.TextChoices):
    """Where a version of a contract's prestatieafspraken stands."""

    PROPOSAL = "proposal", _("proposal")
    ACCEPTED = "accepted", _("accepted")
    SUPERSEDED = "superseded", _("superseded")


class AgreementAction(models.TextChoices):
    EDIT = "edit", _("edit")
    PROPOSE = "propose", _("propose")
    ACCEPT = "accept", _("accept")
    SUPERSEDE = "supersede", _("supersede")


# action -> (statuses it may start from, status it leads to). A proposal is edited and sent
# (sending keeps it a proposal: it is the contractor's turn); accepting makes it the version in
# force; a newer accepted version supersedes it. Accepted and superseded versions never change.
AGREEMENT_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    AgreementAction.EDIT: (frozenset({AgreementStatus.PROPOSAL}), AgreementStatus.PROPOSAL),
    AgreementAction.PROPOSE: (frozenset({AgreementStatus.PROPOSAL}), AgreementStatus.PROPOSAL),
    AgreementAction.ACCEPT: (frozenset({AgreementStatus.PROPOSAL}), AgreementStatus.ACCEPTED),
    AgreementAction.SUPERSEDE: (frozenset({AgreementStatus.ACCEPTED}), AgreementStatus.SUPERSEDED),
}


class MomentStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    POSTPONED = "postponed", _("postponed")


class MomentAction(models.TextChoices):
    MOVE = "move", _("move")
    REMOVE = "remove", _("remove")
    HOLD = "hold", _("hold")
    POSTPONE = "postpone", _("postpone")


# A postponed moment keeps its new date and can be held (or postponed again) there.
MOMENT_TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    MomentAction.MOVE: (frozenset({MomentStatus.PLANNED}), MomentStatus.PLANNED),
    MomentAction.REMOVE: (frozenset({MomentStatus.PLANNED}), None),
    MomentAction.HOLD: (
        frozenset({MomentStatus.PLANNED, MomentStatus.POSTPONED}),
        MomentStatus.HELD,
    ),
    MomentAction.POSTPONE: (
        frozenset({MomentStatus.PLANNED, MomentStatus.POSTPONED}),
        MomentStatus.POSTPONED,
    ),
}


class MomentOutcome(models.TextChoices):
    ON_TRACK = "on_track", _("on track")
    BEHIND = "behind", _("behind")
    ACTION_AGREED = "action_agreed", _("action agreed")


# Default schedule: one moment every this many months from the contract start.
MOMENT_INTERVAL_MONTHS = 6
# Moments of one contract (the schedule of a 20-year contract every month is 240).
MOMENTS_MAX = 250
# A moment lies at most this many days before the contract start or after its end (an end-of-
# contract assessment a few months later is normal; a moment in 2150 is a typing error).
MOMENT_MARGIN_DAYS = 366

# Lines of one agreements version (as many as a plan holds).
AGREEMENT_NOTE_MAX_LENGTH = 2000
DIFFERENCE_REASON_MAX_LENGTH = 2000
ACCEPTED_NAME_MAX_LENGTH = 200
MOMENT_NOTE_MAX_LENGTH = 5000
