"""Concept opslaan and autosave: whatever is there is saved, nothing typed is lost."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sroi.accounts.models import User
from sroi.plans.models import Plan
from tests.plans_form.helpers import input_value, is_checked, plan_post, text


def test_empty_new_plan_can_be_saved(client_a: Client, contractor_a: User) -> None:
    data = plan_post(
        name="",
        value_eur="",
        start_date="",
        end_date="",
        sroi_percentage="",
        effort_kinds=[],
        target_groups=[],
        work_description="",
        lines=[],
    )
    response = client_a.post(reverse("plans:plan_create"), data)
    plan = Plan.objects.get()
    assert response["Location"] == reverse("plans:plan_edit", kwargs={"pk": plan.pk})
    assert plan.contract.organisation == contractor_a.organisation
    assert plan.created_by == contractor_a


def test_saved_draft_comes_back_in_the_form(client_a: Client) -> None:
    lines = [
        {
            "kind": "candidate",
            "target_group": "ww_lt1",
            "count": "3",
            "hours_per_week": "32",
            "start_date": "2026-03-01",
            "duration_months": "12",
            "bonuses": ["BONUS_50PLUS"],
        },
        {
            "kind": "effort",
            "block_code": "SOCIAAL_INKOPEN",
            "amount_eur": "12.500,00",
            "description": "Groenonderhoud door WerkSaam",
        },
    ]
    client_a.post(
        reverse("plans:plan_create"),
        plan_post(
            target_groups=["ww_lt1"], effort_kinds=["jobs", "social_procurement"], lines=lines
        ),
    )
    plan = Plan.objects.get()
    response = client_a.get(reverse("plans:plan_edit", kwargs={"pk": plan.pk}))
    html = text(response)
    assert input_value(response, "id_name") == "Onderhoud wegen Hoorn"
    assert input_value(response, "id_value_eur") == "1.000.000,00"
    assert input_value(response, "id_lines-0-count") == "3"
    assert input_value(response, "id_lines-0-hours_per_week") == "32"
    assert input_value(response, "id_lines-0-duration_months") == "12"  # 2026-03-01..2027-02-28
    assert input_value(response, "id_lines-1-amount_eur") == "12.500,00"
    assert input_value(response, "id_lines-1-description") == "Groenonderhoud door WerkSaam"
    assert is_checked(response, "lines-0-bonuses", "BONUS_50PLUS")
    assert not is_checked(response, "lines-0-bonuses", "BONUS_55PLUS")
    assert is_checked(response, "effort_kinds", "social_procurement")
    assert is_checked(response, "target_groups", "ww_lt1")
    assert 'name="lines-1-block_code"' in html
    line = plan.lines.get(position=0)
    assert (line.start_date, line.end_date, line.bonuses) == (
        date(2026, 3, 1),
        date(2027, 2, 28),
        ["BONUS_50PLUS"],
    )
    assert plan.lines.get(position=1).amount_eur == Decimal("12500.00")


def test_removed_line_is_gone_after_saving(client_a: Client, plan_a: Plan) -> None:
    line = {"kind": "candidate", "target_group": "pw_lt2", "count": "1", "DELETE": "on"}
    client_a.post(reverse("plans:plan_edit", kwargs={"pk": plan_a.pk}), plan_post(lines=[line]))
    assert plan_a.lines.count() == 0


def test_add_line_saves_and_offers_an_empty_line(client_a: Client, plan_a: Plan) -> None:
    url = reverse("plans:plan_edit", kwargs={"pk": plan_a.pk})
    response = client_a.post(url, plan_post(action="add_candidate", name="Met extra regel"))
    assert response.status_code == 302
    assert response["Location"].startswith(f"{url}?regel=candidate")
    plan_a.contract.refresh_from_db()
    assert plan_a.contract.name == "Met extra regel"
    page = client_a.get(response["Location"])
    # The saved line (0), a new empty candidate line (1) and an empty effort line (2).
    assert input_value(page, "id_lines-1-count") == "1"
    assert 'name="lines-2-block_code"' in text(page)
    assert 'name="lines-3-' not in text(page)


def test_autosave_answers_with_the_time(client_a: Client, plan_a: Plan) -> None:
    url = reverse("plans:plan_edit", kwargs={"pk": plan_a.pk})
    response = client_a.post(url, plan_post(action="autosave", work_description="Straatwerk."))
    body = response.json()
    assert response.status_code == 200
    assert body["ok"] is True
    assert body["edit_url"] == url
    assert body["errors"] == 0
    plan_a.refresh_from_db()
    assert plan_a.work_description == "Straatwerk."
    saved_at = timezone.localtime(plan_a.updated_at).strftime("%H:%M")
    assert body["message"].endswith(saved_at)


def test_autosave_of_a_new_plan_creates_it_once(client_a: Client) -> None:
    response = client_a.post(reverse("plans:plan_create"), plan_post(action="autosave"))
    plan = Plan.objects.get()
    assert response.json()["edit_url"] == reverse("plans:plan_edit", kwargs={"pk": plan.pk})
    # The next autosave goes to the edit address (plan_form.js), so no second plan appears.
    client_a.post(response.json()["edit_url"], plan_post(action="autosave", name="Tweede"))
    assert Plan.objects.count() == 1


def test_autosave_with_an_error_saves_the_rest(client_a: Client, plan_a: Plan) -> None:
    url = reverse("plans:plan_edit", kwargs={"pk": plan_a.pk})
    response = client_a.post(url, plan_post(action="autosave", value_eur="-1", name="Rest"))
    assert response.json()["errors"] == 1
    plan_a.contract.refresh_from_db()
    assert plan_a.contract.name == "Rest"
    assert plan_a.contract.value_eur == Decimal("1000000.00")


def test_add_line_with_an_error_keeps_the_input_and_adds_the_line(
    client_a: Client, plan_a: Plan
) -> None:
    url = reverse("plans:plan_edit", kwargs={"pk": plan_a.pk})
    response = client_a.post(url, plan_post(action="add_effort", value_eur="-3"))
    assert response.status_code == 400
    assert input_value(response, "id_value_eur") == "-3"
    # The posted candidate line (0) and the new effort line (1).
    assert 'name="lines-1-block_code"' in text(response)
    assert 'name="lines-TOTAL_FORMS" value="2"' in text(response)
