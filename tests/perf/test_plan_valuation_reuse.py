"""The plan list and the edit page value a saved plan once per process: the valuation is kept
under the plan's and the contract's columns, the rule-set version and the language. The lines
are not part of the key (so the list reads no lines): their only writer,
``services.plan_save_draft``, raises the plan's revision and ``updated_at``, and the admin is
read only. A change of the contract, also one made without the services, is seen too."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from sroi.plans import services
from sroi.plans.constants import PsoLevel
from sroi.plans.lines import LINE_FIELDS, LINE_ID
from sroi.plans.models import Contract, Plan, PlanLine
from sroi.plans.valuation import plan_valuation
from tests.plans.factories import PlanFactory, contractor_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_rulesets")]


def _fresh(plan: Plan) -> Plan:
    return Plan.objects.select_related("contract").get(pk=plan.pk)


def test_the_same_plan_is_valued_once() -> None:
    plan = PlanFactory()
    first = plan_valuation(_fresh(plan), reuse=True)

    assert first.valuation is not None
    assert plan_valuation(_fresh(plan), reuse=True) is first
    assert plan_valuation(_fresh(plan)) is not first  # without ``reuse``: computed


def test_a_changed_line_or_contract_is_valued_again() -> None:
    plan = PlanFactory()
    first = plan_valuation(_fresh(plan), reuse=True)
    assert first.valuation is not None
    line = PlanLine.objects.filter(plan=plan).order_by("position").first()
    assert line is not None and line.hours_per_week is not None

    revision = plan.revision
    data = {name: getattr(line, name) for name in LINE_FIELDS}
    data.update({LINE_ID: line.pk, "hours_per_week": line.hours_per_week / 2})
    services.plan_save_draft(
        acting_user=contractor_of(plan),
        plan=_fresh(plan),
        lines=[data],
        revision=revision,
    )
    saved = _fresh(plan)
    assert saved.revision == revision + 1  # what makes the kept valuation stale
    second = plan_valuation(saved, reuse=True)
    assert second.valuation is not None
    assert second.valuation.total_eur < first.valuation.total_eur

    Contract.objects.filter(pk=plan.contract_id).update(value_eur=Decimal("2000000"))
    third = plan_valuation(_fresh(plan), reuse=True)
    assert third.valuation is not None
    assert third.valuation.obligation_net_eur != second.valuation.obligation_net_eur


def test_a_changed_plan_column_is_valued_again() -> None:
    plan = PlanFactory()
    first = plan_valuation(_fresh(plan), reuse=True)
    Plan.objects.filter(pk=plan.pk).update(pso_level=PsoLevel.ASPIRANT)  # revision unchanged
    second = plan_valuation(_fresh(plan), reuse=True)
    assert second is not first


def test_the_admin_cannot_change_lines(admin_client: Client) -> None:
    plan = PlanFactory()
    line = PlanLine.objects.filter(plan=plan).first()
    assert line is not None
    response = admin_client.post(
        reverse("admin:plans_plan_change", args=[plan.pk]), {"lines-0-count": "9"}
    )
    assert response.status_code == 403
    line.refresh_from_db()
    assert line.count != 9
