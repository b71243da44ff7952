"""The portfolio's traffic light and the contract's outlook, stored on the contract.

``Contract.outlook_eur`` is the forecast at the contract's end that the contract page shows
(``progress.Progress.forecast_eur``): the live realisations until their planned end plus what
the agreements in force still promise. ``Contract.light`` is ``light_for`` of the contract's
figures on a day. Both are stored by ``contract_light_store``: on every change of the
contract's status or figures (the signal ``plans.contract_state.contract_figures_changed``,
sent by the services that change them, in their transaction) and every night
(``contracts_light_refresh``, run by ``revalue_contracts``), because the light follows the
calendar. Lists filter, sort and count on the stored column in SQL.

The rule (docs/portfolio.md, "Stoplicht"), with O the obligation after the PSO discount:

1. A closed contract is **closed**.
2. No obligation (no value or percentage yet, or 0): **on track**.
3. Agreements not yet in force (a plan requested or in review): **on track** until the
   contract's start, **at risk** from its start, **behind** once a quarter of its term has
   passed.
4. Agreements in force: the *pace target* is O spread evenly over the term, up to the end of
   the last reporting period whose report deadline has passed (what had to be reported by
   now; 0 while no deadline has passed). The contract is **behind** when
   its outlook is under 90 % of O or what was reported (approved and awaiting verification) is
   under half the pace target; **at risk** when its outlook is under O or what was reported is
   under 80 % of the pace target; otherwise **on track**.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from sroi.monitoring.periods import deadline_of, interval_of
from sroi.monitoring.progress import CENT, ZERO, net_obligation, open_agreements_eur
from sroi.plans.constants import ContractLight, ContractStatus
from sroi.plans.models import Contract
from sroi.rules.engine.periods import ONE_DAY, add_months

BEHIND_OUTLOOK = Decimal("0.90")  # outlook under this share of the obligation: behind
BEHIND_PACE = Decimal("0.50")  # reported under this share of the pace target: behind
AT_RISK_PACE = Decimal("0.80")  # reported under this share of the pace target: at risk
NOT_IN_FORCE_BEHIND_SHARE = Decimal("0.25")  # share of the term without agreements: behind


def pace_target(obligation: Decimal, start: date | None, end: date | None, day: date) -> Decimal:
    """The obligation spread evenly over the term, on ``day`` (0 before the start, all of it
    from the end; 0 without dates)."""
    if start is None or end is None or day <= start:
        return ZERO
    total_days = (end - start).days
    if total_days <= 0 or day >= end:
        return obligation
    return (obligation * (day - start).days / total_days).quantize(CENT)


def reported_by(start: date | None, today: date, reporting_months: int) -> date | None:
    """The day after the end of the last reporting period whose report deadline
    (``periods.deadline_of``) lies before ``today``: everything before it had to be reported.
    None while no deadline has passed (or without a start date)."""
    if start is None or reporting_months <= 0:
        return None
    due = None
    periods_passed = 1
    while True:
        after_period = add_months(start, periods_passed * reporting_months)
        if deadline_of(after_period - ONE_DAY) >= today:
            return due
        due = after_period
        periods_passed += 1


def _term_share(start: date | None, end: date | None, day: date) -> Decimal:
    if start is None or end is None or day <= start:
        return ZERO
    total_days = (end - start).days
    if total_days <= 0 or day >= end:
        return Decimal(1)
    return Decimal((day - start).days) / Decimal(total_days)


def light_for(
    *,
    status: str,
    obligation: Decimal | None,
    reported: Decimal,
    outlook: Decimal,
    start: date | None,
    end: date | None,
    today: date,
    reporting_months: int,
) -> ContractLight:
    """The traffic light of a contract (the rule in the module's docstring)."""
    if status == ContractStatus.CLOSED:
        return ContractLight.CLOSED
    if obligation is None or obligation <= 0:
        return ContractLight.ON_TRACK
    if status != ContractStatus.AGREEMENTS_IN_FORCE:
        if start is None or today < start:
            return ContractLight.ON_TRACK
        if _term_share(start, end, today) >= NOT_IN_FORCE_BEHIND_SHARE:
            return ContractLight.BEHIND
        return ContractLight.AT_RISK
    due = reported_by(start, today, reporting_months)
    target = pace_target(obligation, start, end, due) if due is not None else ZERO
    if outlook < obligation * BEHIND_OUTLOOK or (target > 0 and reported < target * BEHIND_PACE):
        return ContractLight.BEHIND
    if outlook < obligation or (target > 0 and reported < target * AT_RISK_PACE):
        return ContractLight.AT_RISK
    return ContractLight.ON_TRACK


# The contract's stored fields the light and outlook are computed from, or compared with.
_LIGHT_INPUTS = (
    "status",
    "obligation_eur",
    "value_eur",
    "sroi_percentage",
    "start_date",
    "end_date",
    "reporting_interval_months",
    "realised_eur",
    "pending_eur",
    "forecast_eur",
    "outlook_eur",
    "light",
)


def contract_light_store(contract: Contract, *, today: date | None = None) -> ContractLight:
    """Compute and store the contract's outlook and light (only when they changed). Four
    queries. Call inside the transaction of the change.

    The inputs are read again from the contract's row, under its lock: the caller's instance
    may be older than a change that committed in between (a sender that did not lock the
    contract, such as a plan action holding ``plan.contract``, crossing an approval or an
    acceptance), and the light stored last must be that of the figures stored last."""
    today = today or timezone.localdate()
    with transaction.atomic():  # the lock also when a caller is not in a transaction
        fresh = Contract.objects.select_for_update().values(*_LIGHT_INPUTS).get(pk=contract.pk)
        for name, value in fresh.items():
            setattr(contract, name, value)
        obligation = net_obligation(contract)
        outlook = (Decimal(contract.forecast_eur or ZERO) + open_agreements_eur(contract)).quantize(
            CENT
        )
        reported = Decimal(contract.realised_eur or ZERO) + Decimal(contract.pending_eur or ZERO)
        light = light_for(
            status=contract.status,
            obligation=obligation,
            reported=reported,
            outlook=outlook,
            start=contract.start_date,
            end=contract.end_date,
            today=today,
            reporting_months=interval_of(contract),  # the periods' own reading (0: the default)
        )
        if contract.outlook_eur != outlook or contract.light != light:
            Contract.objects.filter(pk=contract.pk).update(outlook_eur=outlook, light=light)
            contract.outlook_eur, contract.light = outlook, light
    return light


def contracts_light_refresh(*, today: date | None = None) -> int:
    """Store the light of every contract that is not closed (the nightly job: the light follows
    the calendar). Each contract in its own transaction under its own lock. Returns how many
    were refreshed."""
    today = today or timezone.localdate()
    ids = list(
        Contract.objects.exclude(status=ContractStatus.CLOSED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for contract_id in ids:
        with transaction.atomic():
            locked = Contract.objects.select_for_update().get(pk=contract_id)
            contract_light_store(locked, today=today)
    return len(ids)


def on_contract_figures_changed(sender: Any, *, contract: Contract, **kwargs: Any) -> None:
    """The receiver of ``contract_figures_changed`` (connected in ``MonitoringConfig.ready``)."""
    contract_light_store(contract)
