"""The monitoring part of ``manage.py load_demo`` (an extender of ``sroi.plans.demo``,
registered in ``MonitoringConfig.ready`` after the agreements' one). Idempotent.

On "Reconstructie Dampten Hoorn" (agreements in force, from ``sroi.agreements.demo``) the
contractor reports through the services, with the entry forms' rules (``forms.py``):

- a finished placement (PW_LT2, 36 hours);
- a running placement with a planned end (BBL at a training company, 32 hours);
- one candidate on two lines: 24 hours, then 36 hours from an hours change (the second line
  starts in the second period, so it stays a draft);
- a purchase from a social enterprise and an activity (a guest lesson).

The contractor submits the first period's report; the coordinator approves the two placements
and the purchase, rejects the activity with a reason and leaves the first line of the hours
change awaiting verification. So the pages show every status and the progress page has
realised, pending and forecast figures.

Every date is computed from the contract's start and lies in the past (the forms refuse future
dates): the demo needs the contract to have run six months, else it adds nothing.

Last, every demo contract's traffic light is stored (``lights.contracts_light_refresh``, what
the nightly ``revalue_contracts`` does), so the portfolio shows the lights of today.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from sroi.accounts.constants import Role
from sroi.accounts.models import User
from sroi.monitoring import services, services_reports, services_verify
from sroi.monitoring.constants import EligibilityEvidence, EmploymentType, RealisationKind
from sroi.monitoring.forms import FORMS_BY_KIND
from sroi.monitoring.lights import contracts_light_refresh
from sroi.monitoring.models import Realisation
from sroi.monitoring.periods import period_of
from sroi.plans.constants import ContractStatus, TargetGroup
from sroi.plans.demo import DemoCounts, register_demo_extender
from sroi.plans.models import Contract
from sroi.plans.valuation import contract_ruleset_version
from sroi.rules.engine.periods import add_months

MONITORED_CONTRACT = "Reconstructie Dampten Hoorn"
# The demo needs this many months of the contract behind it (all its dates lie in the past).
MONTHS_RUN = 6
REJECT_REASON = (
    "Er zit geen presentielijst of bevestiging van de school bij. Voeg die toe als bewijs en"
    " dien de activiteit opnieuw in."
)


def _iso(day: date | None) -> str:
    return day.isoformat() if day is not None else ""


def _rows(contract: Contract, today: date) -> list[dict[str, Any]]:
    """The form input of the demo realisations (strings, as a user would type them)."""
    start = contract.start_date
    assert start is not None  # noqa: S101 (checked by the caller)
    change = add_months(start, 5)  # the hours change of the third candidate
    planned_end = contract.end_date or add_months(start, 24)
    finished_end = min(add_months(start, 5) - timedelta(days=1), today - timedelta(days=1))
    placement = {
        "eligibility_evidence": EligibilityEvidence.UWV_DOELGROEPVERKLARING,
        "employment_type": EmploymentType.TEMPORARY,
    }
    return [
        {
            **placement,
            "kind": RealisationKind.PLACEMENT,
            "candidate_reference": "DEMO-K01",
            "birth_year": "1987",
            "target_group": TargetGroup.PW_LT2,
            "start_date": _iso(start + timedelta(days=14)),
            "end_date": _iso(finished_end),
            "hours_per_week": "36",
        },
        {
            **placement,
            "kind": RealisationKind.PLACEMENT,
            "candidate_reference": "DEMO-K02",
            "birth_year": "2006",
            "target_group": TargetGroup.BBL,
            "eligibility_evidence": EligibilityEvidence.BPV_OVEREENKOMST,
            "start_date": _iso(add_months(start, 1)),
            "planned_end_date": _iso(planned_end),
            "hours_per_week": "32",
            "employer_name": "Opleidingsbedrijf Bouw West-Friesland",
        },
        {
            **placement,
            "kind": RealisationKind.PLACEMENT,
            "candidate_reference": "DEMO-K03",
            "birth_year": "1979",
            "target_group": TargetGroup.PW_LT2,
            "start_date": _iso(add_months(start, 2)),
            "end_date": _iso(change - timedelta(days=1)),
            "hours_per_week": "24",
        },
        {
            **placement,
            "kind": RealisationKind.PLACEMENT,
            "candidate_reference": "DEMO-K03",
            "birth_year": "1979",
            "target_group": TargetGroup.PW_LT2,
            "employment_type": EmploymentType.PERMANENT,
            "start_date": _iso(change),
            "planned_end_date": _iso(planned_end),
            "hours_per_week": "36",
        },
        {
            "kind": RealisationKind.PURCHASE,
            "block_code": "SOCIAAL_INKOPEN",
            "supplier_name": "Kringloopbedrijf De Wissel",
            "supplier_kvk": "37222333",
            "invoice_number": f"DW-{start.year}-0142",
            "date": _iso(start + timedelta(days=20)),
            "amount_eur": "4250,00",
        },
        {
            "kind": RealisationKind.ACTIVITY,
            "block_code": "MAATSCHAPPELIJK",
            "description": "Gastles bouwtechniek op de praktijkschool in Hoorn.",
            "date": _iso(start + timedelta(days=40)),
            "hours": "6",
            "employees_count": "2",
        },
    ]


def _clean(contract: Contract, row: Mapping[str, Any], today: date) -> dict[str, Any]:
    """``row`` through the entry form of its kind: the demo keeps to the pages' rules."""
    version = contract_ruleset_version(contract)
    ruleset = version.to_engine() if version is not None else None
    kind = row["kind"]
    form = FORMS_BY_KIND[kind](
        {k: v for k, v in row.items() if k != "kind"}, ruleset=ruleset, today=today
    )
    if not form.is_valid():  # pragma: no cover (a programming error in the demo data)
        raise ValueError(f"Demo {kind} is invalid: {form.errors.as_json()}")
    return form.realisation_data()


def load_monitoring_demo(coordinator: User, counts: DemoCounts) -> None:
    contract = Contract.objects.filter(name=MONITORED_CONTRACT).first()
    if contract is None or contract.status != ContractStatus.AGREEMENTS_IN_FORCE:
        return
    today = timezone.localdate()
    start = contract.start_date
    if start is None or add_months(start, MONTHS_RUN) > today:
        return  # too early in the contract: nothing to report in the past yet
    exists = Realisation.objects.filter(contract=contract).exists()
    counts.add("monitoring demos", not exists)
    if exists:
        return
    contractor = contract.organisation.users.filter(role=Role.CONTRACTOR, is_active=True).first()
    if contractor is None:  # pragma: no cover (the plans demo made one)
        return
    rows = [_clean(contract, row, today) for row in _rows(contract, today)]
    created = services.realisations_create(acting_user=contractor, contract=contract, rows=rows)
    first = period_of(contract, start)
    assert first is not None  # noqa: S101 (the contract has started)
    services_reports.report_submit(
        acting_user=contractor, contract=contract, period_start=first.start
    )
    # the first line of the hours change stays awaiting verification, the second a draft
    finished, running, _pending, _draft, purchase, activity = created
    services_verify.realisations_approve_many(
        acting_user=coordinator,
        contract=contract,
        revisions={r.pk: None for r in (finished, running, purchase)},
    )
    services_verify.realisation_reject(
        acting_user=coordinator, realisation=activity, reason=REJECT_REASON
    )


def store_demo_lights(coordinator: User, counts: DemoCounts) -> None:
    """The traffic light of every open demo contract, as of today (the light follows the
    calendar: the services store it on a change, the nightly job every day)."""
    contracts_light_refresh()


def register_monitoring_demo() -> None:
    """Called by ``MonitoringConfig.ready`` (after the agreements' extender: it needs them)."""
    register_demo_extender(load_monitoring_demo)
    register_demo_extender(store_demo_lights)
