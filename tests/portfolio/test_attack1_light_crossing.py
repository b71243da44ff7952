"""Attack on the stored traffic light: two changes of one contract cross. A sender of
``contract_figures_changed`` that did not lock the contract holds a copy read before an
acceptance committed (agreements not yet in force); its signal must still store the light of
the contract as it is stored now."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pytest_django.fixtures import Settings

from sroi.accounts.models import User
from sroi.agreements import services as agreement_services
from sroi.monitoring.lights import contract_light_store
from sroi.plans.constants import ContractLight, ContractStatus, TargetGroup
from sroi.plans.models import Contract, Plan
from sroi.rules.services import ruleset_import_shipped
from tests.plans.factories import PlanFactory


@pytest.fixture(autouse=True)
def _setup(db: None, settings: Settings, tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.utils import timezone

    ruleset_import_shipped()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SROI_EVIDENCE_ROOT = str(tmp_path) + "/evidence"
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 3, 15))


@pytest.fixture
def full_plan(contractor_a: User) -> Plan:
    return PlanFactory(
        contract__organisation=contractor_a.organisation,
        approved=True,
        lines=[
            {
                "target_group": TargetGroup.PW_LT2.value,
                "count": 2,
                "hours_per_week": Decimal("36"),
                "start_date": date(2026, 1, 1),
                "end_date": date(2026, 12, 31),
            }
        ],
    )


def test_a_signal_with_a_stale_contract_stores_the_light_of_the_stored_contract(
    full_plan: Plan, coordinator: User, contractor_a: User
) -> None:
    stale = Contract.objects.get(pk=full_plan.contract.pk)  # the other sender's read
    assert stale.status != ContractStatus.AGREEMENTS_IN_FORCE
    version = agreement_services.agreements_draw_up(
        acting_user=coordinator, contract=full_plan.contract
    )
    version = agreement_services.agreements_propose(acting_user=coordinator, version=version)
    agreement_services.agreements_accept(acting_user=contractor_a, version=version, name="Jan")
    stored = Contract.objects.get(pk=stale.pk)
    assert (stored.status, stored.light) == (
        ContractStatus.AGREEMENTS_IN_FORCE,
        ContractLight.ON_TRACK,
    )

    contract_light_store(stale)  # its signal, after the acceptance committed

    stored.refresh_from_db()
    assert stored.light == ContractLight.ON_TRACK  # not "at risk" of a plan still in review
    assert stale.status == ContractStatus.AGREEMENTS_IN_FORCE
