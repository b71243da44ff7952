"""``manage.py load_demo``: the plans demo world (``sroi.plans``' command, extended), plus
prestatieafspraken and beoordelingsmomenten in every state. Idempotent.

This app comes before ``sroi.plans`` in INSTALLED_APPS, so this command is the one Django runs;
it first loads everything the plans command loads, then:

- "Reconstructie Dampten Hoorn" (the approved plan): version 1 of the agreements drawn up,
  a co-creation project added with its agreed value, proposed and accepted by the contractor
  (PDF stored and mailed); version 2, a proposal with one more candidate, sent and waiting
  for the contractor; the default schedule of assessment moments, the first one held and
  the others planned.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from sroi.accounts.constants import Role
from sroi.accounts.models import User
from sroi.agreements import moments, services
from sroi.agreements.constants import MomentOutcome
from sroi.agreements.models import AgreementVersion
from sroi.plans.constants import EffortKind
from sroi.plans.management.commands.load_demo import Command as PlansDemoCommand
from sroi.plans.management.commands.load_demo import Counts
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


class Command(PlansDemoCommand):
    help = (
        PlansDemoCommand.help + " Adds agreements (proposed and accepted) and assessment moments."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, **options)
        counts = Counts()
        with transaction.atomic():
            users = self._users(Counts())
            coordinator = users["coordinator@example.org"]
            self._agreements(coordinator, counts)
        self.stdout.write(f"Agreements demo loaded. {counts}")

    def _contract(self, name: str) -> Contract | None:
        return Contract.objects.filter(name=name).first()

    def _agreements(self, coordinator: User, counts: Counts) -> None:
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
            self._propose(coordinator, first, "Eerste jaar; in de verlenging meer plaatsingen.")
            services.agreements_accept(
                acting_user=contractor, version=first, name=contractor.full_name or "Demo"
            )
            second = services.agreements_new_version(acting_user=coordinator, contract=contract)
            line = second.agreements.order_by("position", "pk").first()
            if line is not None:
                services.agreement_update(
                    acting_user=coordinator, agreement=line, data={"count": line.count + 1}
                )
            self._propose(coordinator, second, "Nog steeds minder kandidaten dan gevraagd.")
        self._moments(contract, coordinator, counts, hold_first=True)

    def _propose(self, coordinator: User, version: AgreementVersion, reason: str) -> None:
        version.refresh_from_db()
        if not services.difference_is_recorded(version):
            services.agreements_record_difference(
                acting_user=coordinator, version=version, reason=reason
            )
        services.agreements_propose(acting_user=coordinator, version=version)

    def _moments(
        self, contract: Contract, coordinator: User, counts: Counts, *, hold_first: bool
    ) -> None:
        exists = contract.assessment_moments.exists()
        counts.add("moment schedules", not exists)
        if exists:
            return
        planned = moments.moments_schedule_default(acting_user=coordinator, contract=contract)
        if hold_first and planned:
            moments.moment_hold(
                acting_user=coordinator,
                moment=planned[0],
                outcome=MomentOutcome.ON_TRACK,
                note="Twee kandidaten geplaatst; BBL-plek start in september.",
            )
