"""The plan list and the edit page value a saved plan once per process: the valuation is kept
under everything it is computed from, so any change (also one made in the admin, which does not
touch the plan) gives a new valuation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sroi.plans.models import Contract, Plan, PlanLine
from sroi.plans.valuation import plan_valuation
from tests.plans.factories import PlanFactory

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

    PlanLine.objects.filter(pk=line.pk).update(hours_per_week=line.hours_per_week / 2)
    second = plan_valuation(_fresh(plan), reuse=True)
    assert second.valuation is not None
    assert second.valuation.total_eur < first.valuation.total_eur

    Contract.objects.filter(pk=plan.contract_id).update(value_eur=Decimal("2000000"))
    third = plan_valuation(_fresh(plan), reuse=True)
    assert third.valuation is not None
    assert third.valuation.obligation_net_eur != second.valuation.obligation_net_eur
