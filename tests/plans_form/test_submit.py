"""Indienen: the draft is saved, then checked for completeness; what is missing is listed in
the error summary at the top (each entry links to its field) and shown at the field."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from sroi.plans.constants import PlanStatus
from sroi.plans.models import Plan
from tests.plans.factories import BuyerFactory
from tests.plans_form.helpers import field_error, plan_post, summary_links


def _submit(client: Client, plan: Plan, **fields: object) -> object:
    url = reverse("plans:plan_edit", kwargs={"pk": plan.pk})
    return client.post(url, plan_post(action="submit", **fields))


def test_submit_without_effort_kind_shows_summary(client_a: Client, plan_a: Plan) -> None:
    buyer = BuyerFactory()
    response = _submit(client_a, plan_a, effort_kinds=[], buyer=str(buyer.pk))
    assert response.status_code == 400
    assert "#id_effort_kinds" in summary_links(response)
    assert field_error(response, "id_effort_kinds") == "Fout: Kies ten minste één soort invulling."
    plan_a.refresh_from_db()
    assert plan_a.status == PlanStatus.DRAFT
    assert plan_a.effort_kinds == []  # the draft itself was saved


def test_summary_links_to_each_missing_field(client_a: Client, plan_a: Plan) -> None:
    response = _submit(
        client_a,
        plan_a,
        name="",
        buyer="",
        effort_kinds=["jobs", "social_procurement"],
        social_explanation="",
        lines=[
            {
                "kind": "candidate",
                "target_group": "pw_lt2",
                "count": "0",
                "hours_per_week": "36",
                "start_date": "2026-01-01",
                "duration_months": "12",
            },
        ],
    )
    assert response.status_code == 400
    links = summary_links(response)
    for href in ("#id_name", "#id_buyer", "#id_social_explanation", "#id_lines-0-count"):
        assert href in links, (href, links)
    assert field_error(response, "id_name") == "Fout: Vul de naam van het contract in."
    assert (
        field_error(response, "id_lines-0-count") == "Fout: Vul het verwachte aantal kandidaten in."
    )


def test_line_errors_point_at_the_right_form_line(client_a: Client, plan_a: Plan) -> None:
    # An empty line between two filled ones is dropped on saving: the plan's second line is
    # the form's third, and its message must show there.
    lines = [
        {
            "kind": "candidate",
            "target_group": "pw_lt2",
            "count": "1",
            "hours_per_week": "36",
            "start_date": "2026-01-01",
            "duration_months": "12",
        },
        {"kind": "effort", "block_code": "", "amount_eur": ""},
        {
            "kind": "candidate",
            "target_group": "pw_lt2",
            "count": "",
            "hours_per_week": "36",
            "start_date": "2026-01-01",
            "duration_months": "12",
        },
    ]
    response = _submit(client_a, plan_a, buyer=str(BuyerFactory().pk), lines=lines)
    assert "#id_lines-2-count" in summary_links(response)
    assert field_error(response, "id_lines-2-count") != ""
    assert field_error(response, "id_lines-0-count") == ""


def test_field_errors_stop_the_submission(client_a: Client, plan_a: Plan) -> None:
    response = _submit(client_a, plan_a, buyer=str(BuyerFactory().pk), value_eur="-5")
    assert response.status_code == 400
    assert "#id_value_eur" in summary_links(response)
    plan_a.refresh_from_db()
    assert plan_a.status == PlanStatus.DRAFT


def test_complete_plan_is_submitted(client_a: Client, plan_a: Plan) -> None:
    response = _submit(client_a, plan_a, buyer=str(BuyerFactory().pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan_detail", kwargs={"pk": plan_a.pk})
    plan_a.refresh_from_db()
    assert plan_a.status == PlanStatus.SUBMITTED
    assert plan_a.current_version == 1


def test_new_plan_can_be_submitted_at_once(client_a: Client) -> None:
    response = client_a.post(
        reverse("plans:plan_create"), plan_post(action="submit", buyer=str(BuyerFactory().pk))
    )
    plan = Plan.objects.get()
    assert response["Location"] == reverse("plans:plan_detail", kwargs={"pk": plan.pk})
    assert plan.status == PlanStatus.SUBMITTED
