"""The agreements' part of ``manage.py load_demo`` (an extender of ``sroi.plans.demo``,
registered in ``AgreementsConfig.ready``): prestatieafspraken and beoordelingsmomenten in every
state. Idempotent.

- "Reconstructie Dampten Hoorn" (the approved plan): version 1 of the agreements drawn up,
  a co-creation project added with its agreed value, proposed and accepted by the contractor
  (PDF stored and mailed); version 2, a proposal with one more candidate, sent and waiting
  for the contractor; the default schedule of assessment moments, the first one held and
  the others planned.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sroi.accounts.constants import Role
from sroi.accounts.models import User
from sroi.agreements import moments, services
from sroi.agreements.constants import MomentOutcome
from sroi.agreements.models import AgreementVersion
from sroi.plans.constants import EffortKind
from sroi.plans.demo import DemoCounts
from sroi.plans.models import Contract

ACCEPTED_CONTRACT = "Reconstructie Dampten Hoorn"
CO_CREATION = {
    "effort_kind": EffortKind.SOCIAL_VALUE,
    "block_code": "CO_CREATIE",
    "count": 1,
    "agreed_value_eur": Decimal("7500"),
    "deadline": date(2027, 6, 30),
    "note": "Buurtproject De Dampten samen met de gemeente.",
}


def load_agreements_demo(coordinator: User, counts: DemoCounts) -> None:
    contract = Contract.objects.filter(name=ACCEPTED_CONTRACT).first()
    if contract is None:
        return
    exists = contract.agreement_versions.exists()
    counts.add("agreement versions", not exists)
    if not exists:
        contractor = contract.organisation.users.filter(role=Role.CONTRACTOR).first()
        if contractor is None:  # pragma: no cover (the plans demo made one)
            return
        first = services.agreements_draw_up(acting_user=coordinator, contract=contract)
        services.agreement_add(acting_user=coordinator, version=first, data=CO_CREATION)
        _propose(coordinator, first, "Eerste jaar; in de verlenging meer plaatsingen.")
        services.agreements_accept(
            acting_user=contractor, version=first, name=contractor.full_name or "Demo"
        )
        second = services.agreements_new_version(acting_user=coordinator, contract=contract)
        line = second.agreements.order_by("position", "pk").first()
        if line is not None:
            services.agreement_update(
                acting_user=coordinator, agreement=line, data={"count": line.count + 1}
            )
        _propose(coordinator, second, "Nog steeds minder kandidaten dan gevraagd.")
    _moments(contract, coordinator, counts)


def _propose(coordinator: User, version: AgreementVersion, reason: str) -> None:
    version.refresh_from_db()
    if not services.difference_is_recorded(version):
        services.agreements_record_difference(
            acting_user=coordinator, version=version, reason=reason
        )
    services.agreements_propose(acting_user=coordinator, version=version)


def _moments(contract: Contract, coordinator: User, counts: DemoCounts) -> None:
    """The default schedule, the first moment held."""
    exists = contract.assessment_moments.exists()
    counts.add("moment schedules", not exists)
    if exists:
        return
    planned = moments.moments_schedule_default(acting_user=coordinator, contract=contract)
    if planned:
        moments.moment_hold(
            acting_user=coordinator,
            moment=planned[0],
            outcome=MomentOutcome.ON_TRACK,
            note="Twee kandidaten geplaatst; BBL-plek start in september.",
        )
