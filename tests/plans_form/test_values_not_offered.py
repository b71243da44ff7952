"""The contractor cannot post what the form does not offer: an agreed value (only the
coordinator sets one) or a block code outside the choices."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.plans.models import Plan
from tests.plans.factories import PlanFactory
from tests.plans_form.helpers import field_error, plan_post

EFFORT = {"kind": "effort", "block_code": "SOCIAAL_INKOPEN", "amount_eur": "4.000,00"}


def _save(client: Client, plan: Plan, lines: list[dict[str, str]]) -> object:
    return client.post(
        reverse("plans:plan_edit", kwargs={"pk": plan.pk}),
        plan_post(name=plan.contract.name, lines=lines),
    )


def test_a_posted_agreed_value_is_not_stored(client_a: Client, plan_a: Plan) -> None:
    response = _save(client_a, plan_a, [{**EFFORT, "agreed_value_eur": "99.999,00"}])
    assert response.status_code == 302
    line = plan_a.lines.get()
    assert line.amount_eur == Decimal("4000.00")
    assert line.agreed_value_eur is None


def test_a_block_code_outside_the_choices_is_refused(client_a: Client, plan_a: Plan) -> None:
    # CO_CREATIE (a custom block whose value the coordinator agrees) is not offered.
    response = _save(
        client_a,
        plan_a,
        [{"kind": "effort", "block_code": "CO_CREATIE", "description": "Samenwerking"}],
    )
    assert response.status_code == 400
    assert field_error(response, "id_lines-0-block_code") == (
        "Fout: Kies een onderdeel uit de lijst."
    )
    assert not plan_a.lines.filter(block_code="CO_CREATIE").exists()


def test_an_invented_block_code_is_refused(client_a: Client, plan_a: Plan) -> None:
    response = _save(client_a, plan_a, [{**EFFORT, "block_code": "GRATIS_GELD"}])
    assert response.status_code == 400
    assert field_error(response, "id_lines-0-block_code") != ""
    assert not plan_a.lines.filter(block_code="GRATIS_GELD").exists()


def test_a_block_the_plan_already_has_stays_choosable(client_a: Client, contractor_a: User) -> None:
    plan = PlanFactory(
        contract__organisation=contractor_a.organisation,
        lines=[{"block_code": "CO_CREATIE", "description": "Uit de rekenhulp"}],
    )
    response = _save(
        client_a,
        plan,
        [{"kind": "effort", "block_code": "CO_CREATIE", "description": "Aangepast"}],
    )
    assert response.status_code == 302
    assert plan.lines.get().description == "Aangepast"
