"""A contract's stored figures and status, kept in step by the services that change them.

Lists sort and total contracts in SQL, so what they show is stored on the contract:

- ``obligation_eur``: the SROI percentage of the contract value INCLUDING every exercised
  extension (``ContractExtension``), rounded to cents once, half up (the engine's
  ``obligation_eur``, the same definition the valuation uses). Gross: the PSO discount is a
  property of a plan, not of the contract. None while value or percentage is missing.
- ``planned_eur``: the total value of the contract's current plan (the one valuation of a plan,
  ``sroi.plans.valuation``), None while it cannot be valued.
- ``agreed_eur``: set by the agreements (not here).

``contract_refresh_figures`` recomputes the first two; every service that changes a contract's
value, percentage, dates, extensions or its plan calls it in the same transaction.

The contract's status moves by one table, ``CONTRACT_STATUS_ON`` (event -> statuses it moves
from, status it moves to), through ``contract_follow``; nothing else sets it (``contract_register``
creates a contract as ``plan_requested``). Submitting moves ``plan_requested`` to
``plan_in_review``; asking for changes or withdrawing moves it back; a rejection (final) closes
it; the contractor's acceptance of agreements (``AGREEMENTS_ACCEPTED``, sent by
``sroi.agreements.services``) puts the agreements in force. A contract whose agreements are in
force or that is closed is not moved by its plan. Approving a plan makes its contract one of
record (``contract_make_of_record``). Each change of status is on the contract's timeline.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.dispatch import Signal

from sroi.core.audit import audit_log
from sroi.plans.constants import PLAN_ACTIVE_STATUSES, ContractStatus, PlanAction
from sroi.plans.models import Contract, Plan
from sroi.plans.valuation import plan_valuation
from sroi.rules.engine import obligation_eur

# The contractor accepted a version of the agreements (the event of ``sroi.agreements``).
AGREEMENTS_ACCEPTED = "agreements.accept"
# The final assessment closed the contract (the event of ``sroi.monitoring.assessment``).
FINAL_ASSESSMENT_CLOSED = "monitoring.contract_close"

# Sent (``sender=Contract``, ``contract=...``) inside the transaction of a change that moves a
# contract's status or stored figures: its status, obligation, plan or agreements.
# ``sroi.monitoring.lights`` listens and stores the contract's outlook and traffic light (the
# layers point one way: plans cannot call monitoring).
contract_figures_changed = Signal()

# THE contract's status table: event (a plan action, or ``AGREEMENTS_ACCEPTED``) -> (contract
# statuses it moves from, the status it moves to). In any other status the event leaves the
# contract as it is.
CONTRACT_STATUS_ON: dict[str, tuple[frozenset[str], str]] = {
    PlanAction.SUBMIT: (
        frozenset({ContractStatus.PLAN_REQUESTED}),
        ContractStatus.PLAN_IN_REVIEW,
    ),
    PlanAction.WITHDRAW: (
        frozenset({ContractStatus.PLAN_IN_REVIEW}),
        ContractStatus.PLAN_REQUESTED,
    ),
    PlanAction.REQUEST_CHANGES: (
        frozenset({ContractStatus.PLAN_IN_REVIEW}),
        ContractStatus.PLAN_REQUESTED,
    ),
    # A rejection is final (one plan per contract): the contract's Social Return is closed.
    PlanAction.REJECT: (
        frozenset({ContractStatus.PLAN_REQUESTED, ContractStatus.PLAN_IN_REVIEW}),
        ContractStatus.CLOSED,
    ),
    # A newer accepted version keeps the agreements in force; a closed contract stays closed.
    AGREEMENTS_ACCEPTED: (
        frozenset(
            {
                ContractStatus.PLAN_REQUESTED,
                ContractStatus.PLAN_IN_REVIEW,
                ContractStatus.AGREEMENTS_IN_FORCE,
            }
        ),
        ContractStatus.AGREEMENTS_IN_FORCE,
    ),
    # The final assessment (not a recovery period) closes the contract: read-only from then on.
    FINAL_ASSESSMENT_CLOSED: (
        frozenset({ContractStatus.AGREEMENTS_IN_FORCE}),
        ContractStatus.CLOSED,
    ),
}


def contract_value_with_extensions(contract: Contract) -> Decimal | None:
    """The contract value plus the value of every exercised extension (None without value)."""
    if contract.value_eur is None:
        return None
    added = contract.extensions.aggregate(total=Sum("value_added_eur"))["total"]
    return Decimal(contract.value_eur) + Decimal(added or 0)


def contract_obligation(contract: Contract) -> Decimal | None:
    """The obligation including extensions, in euros and cents (None: not computable yet)."""
    value = contract_value_with_extensions(contract)
    if value is None or contract.sroi_percentage is None:
        return None
    return obligation_eur(value, Decimal(contract.sroi_percentage))


def _current_plan(contract: Contract) -> Plan | None:
    """The contract's active plan (a contract has one), else its latest."""
    plans = contract.plans.select_related("contract", "contract__ruleset_version")
    active = plans.filter(status__in=PLAN_ACTIVE_STATUSES).order_by("-id").first()
    return active or plans.order_by("-id").first()


def contract_planned_value(contract: Contract) -> Decimal | None:
    plan = _current_plan(contract)
    if plan is None:
        return None
    valuation = plan_valuation(plan).valuation
    return valuation.total_eur if valuation is not None else None


def contract_refresh_figures(contract: Contract) -> Contract:
    """Recompute and store ``obligation_eur`` and ``planned_eur`` (only when they changed).

    Derived figures: no audit entry of their own (the change that moved them has one).
    """
    obligation = contract_obligation(contract)
    planned = contract_planned_value(contract)
    changed = []
    if contract.obligation_eur != obligation:
        contract.obligation_eur = obligation
        changed.append("obligation_eur")
    if contract.planned_eur != planned:
        contract.planned_eur = planned
        changed.append("planned_eur")
    if changed:
        Contract.objects.filter(pk=contract.pk).update(
            **{name: getattr(contract, name) for name in changed}
        )
        contract_figures_changed.send(sender=Contract, contract=contract)
    return contract


def contract_set_status(
    *, contract: Contract, status: str, acting_user: Any, reason: str = ""
) -> Contract:
    """Store a new status with its timeline entry (nothing when it is the same). Called by
    ``contract_follow`` only: the table decides."""
    if contract.status == status:
        return contract
    before = contract.status
    contract.status = status
    Contract.objects.filter(pk=contract.pk).update(status=status)
    contract_figures_changed.send(sender=Contract, contract=contract)
    audit_log(
        actor=acting_user,
        action="contract.status",
        obj=contract,
        data={"before": before, "after": status, "reason": reason},
        contract_id=contract.pk,
    )
    return contract


def contract_follow(*, contract: Contract, event: str, acting_user: Any) -> Contract:
    """Move the contract's status after ``event`` (``CONTRACT_STATUS_ON``): a plan action or
    ``AGREEMENTS_ACCEPTED``."""
    rule = CONTRACT_STATUS_ON.get(event)
    if rule is None:
        return contract
    allowed_from, target = rule
    if contract.status not in allowed_from:
        return contract
    reason = event if event in {AGREEMENTS_ACCEPTED, FINAL_ASSESSMENT_CLOSED} else f"plan.{event}"
    return contract_set_status(
        contract=contract, status=target, acting_user=acting_user, reason=reason
    )


def contract_make_of_record(contract: Contract, acting_user: Any) -> Contract:
    """Approving a plan makes its contract one of record: its contract fields are locked from
    then on. The review's approval calls this (in the same transaction)."""
    if contract.of_record:
        return contract
    contract.of_record = True
    Contract.objects.filter(pk=contract.pk).update(of_record=True)
    audit_log(
        actor=acting_user,
        action="contract.make_of_record",
        obj=contract,
        contract_id=contract.pk,
    )
    return contract
