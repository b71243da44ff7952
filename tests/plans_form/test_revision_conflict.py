"""Two tabs (or two colleagues) on one draft: a save based on an older revision never silently
overwrites what was saved meanwhile, and nothing typed is lost.

Each "tab" is the edit page as loaded (``form_data`` posts it as a browser would)."""

from __future__ import annotations

import json
from decimal import Decimal

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from sroi.plans.models import Plan
from tests.plans_form.form_reader import form_data
from tests.plans_form.helpers import text


def _url(plan: Plan) -> str:
    return reverse("plans:plan_edit", kwargs={"pk": plan.pk})


def _open_tab(client: Client, plan: Plan) -> dict[str, list[str]]:
    response = client.get(_url(plan))
    assert response.status_code == 200
    return form_data(response)


def _post(
    client: Client, plan: Plan, tab: dict[str, list[str]], action: str = "save", **typed: str
) -> HttpResponse:
    data = {**tab, **{name: [value] for name, value in typed.items()}, "action": [action]}
    return client.post(_url(plan), data)


def test_second_tab_gets_a_conflict_with_both_texts(client_a: Client, plan_a: Plan) -> None:
    tab_a, tab_b = _open_tab(client_a, plan_a), _open_tab(client_a, plan_a)
    assert _post(client_a, plan_a, tab_a, work_description="Tekst van tab A").status_code == 302

    response = _post(client_a, plan_a, tab_b, work_description="Tekst van tab B")

    assert response.status_code == 409
    page = text(response)
    assert "Dit plan is elders gewijzigd" in page
    conflict = page[page.index('id="conflict-work_description"') :]
    conflict = conflict[: conflict.index("</fieldset>")]
    assert "Tekst van tab A" in conflict  # theirs, as stored
    assert "Tekst van tab B" in conflict  # yours, as typed
    assert form_data(response)["work_description"] == ["Tekst van tab B"]  # kept in the field
    plan_a.refresh_from_db()
    assert plan_a.work_description == "Tekst van tab A"  # nothing overwritten


def test_after_a_conflict_the_user_keeps_their_text(client_a: Client, plan_a: Plan) -> None:
    tab_a, tab_b = _open_tab(client_a, plan_a), _open_tab(client_a, plan_a)
    _post(client_a, plan_a, tab_a, work_description="Tekst van tab A")
    conflict_page = _post(client_a, plan_a, tab_b, work_description="Tekst van tab B")

    again = form_data(conflict_page)
    assert again["conflict-work_description"] == ["mine"]  # the default choice
    response = _post(client_a, plan_a, again)

    assert response.status_code == 302
    plan_a.refresh_from_db()
    assert plan_a.work_description == "Tekst van tab B"


def test_after_a_conflict_the_user_can_take_the_stored_text(client_a: Client, plan_a: Plan) -> None:
    tab_a, tab_b = _open_tab(client_a, plan_a), _open_tab(client_a, plan_a)
    _post(client_a, plan_a, tab_a, work_description="Tekst van tab A")
    conflict_page = _post(
        client_a,
        plan_a,
        tab_b,
        work_description="Tekst van tab B",
        additional_info="Alleen in tab B getypt",
    )
    again = form_data(conflict_page)
    again["conflict-work_description"] = ["stored"]

    assert _post(client_a, plan_a, again).status_code == 302

    plan_a.refresh_from_db()
    assert plan_a.work_description == "Tekst van tab A"
    assert plan_a.additional_info == "Alleen in tab B getypt"


def test_changes_to_different_fields_are_merged(client_a: Client, plan_a: Plan) -> None:
    tab_a, tab_b = _open_tab(client_a, plan_a), _open_tab(client_a, plan_a)
    _post(client_a, plan_a, tab_a, work_description="Tekst van tab A", value_eur="2.000.000")

    response = _post(client_a, plan_a, tab_b, additional_info="Tekst van tab B")

    assert response.status_code == 302
    plan_a.refresh_from_db()
    plan_a.contract.refresh_from_db()
    assert plan_a.work_description == "Tekst van tab A"  # tab B did not change it: kept
    assert plan_a.contract.value_eur == Decimal("2000000.00")
    assert plan_a.additional_info == "Tekst van tab B"
    follow = client_a.get(response["Location"])
    assert "ook elders gewijzigd" in text(follow)


def test_conflicting_lines_show_both_versions(client_a: Client, plan_a: Plan) -> None:
    tab_a, tab_b = _open_tab(client_a, plan_a), _open_tab(client_a, plan_a)
    _post(client_a, plan_a, tab_a, **{"lines-0-hours_per_week": "20"})

    response = _post(client_a, plan_a, tab_b, **{"lines-0-hours_per_week": "24"})

    assert response.status_code == 409
    page = text(response)
    conflict = page[page.index('id="conflict-lines"') :]
    conflict = conflict[: conflict.index("</fieldset>")]
    assert "Uren per week: 20" in conflict
    assert "Uren per week: 24" in conflict
    assert plan_a.lines.get().hours_per_week == Decimal("20")


def test_autosave_on_an_old_revision_is_refused_with_a_message(
    client_a: Client, plan_a: Plan
) -> None:
    tab_a, tab_b = _open_tab(client_a, plan_a), _open_tab(client_a, plan_a)
    _post(client_a, plan_a, tab_a, work_description="Tekst van tab A")

    response = _post(client_a, plan_a, tab_b, "autosave", work_description="Tekst van tab B")

    assert response.status_code == 409
    body = json.loads(response.content)
    assert body["ok"] is False and body["conflict"] is True
    assert "elders gewijzigd" in body["message"]
    plan_a.refresh_from_db()
    assert plan_a.work_description == "Tekst van tab A"


def test_a_tabs_own_autosaves_never_conflict(client_a: Client, plan_a: Plan) -> None:
    tab = _open_tab(client_a, plan_a)
    for number in range(3):
        response = _post(client_a, plan_a, tab, "autosave", work_description=f"Versie {number}")
        assert response.status_code == 200
        body = json.loads(response.content)
        tab["revision"], tab["base"] = [str(body["revision"])], [body["base"]]  # as the JS does
    plan_a.refresh_from_db()
    assert plan_a.work_description == "Versie 2"
    assert plan_a.revision == 3


def test_an_old_revision_with_nothing_different_is_saved(client_a: Client, plan_a: Plan) -> None:
    tab_a, tab_b = _open_tab(client_a, plan_a), _open_tab(client_a, plan_a)
    _post(client_a, plan_a, tab_a, work_description="Zelfde tekst")

    response = _post(client_a, plan_a, tab_b, "autosave", work_description="Zelfde tekst")

    assert response.status_code == 200


def test_the_edit_page_base_is_the_stored_plans_fingerprint(client_a: Client, plan_a: Plan) -> None:
    """The page reuses the form it shows to compute ``base`` (one form built less): the
    result is the fingerprint of the stored plan as built from scratch."""
    from sroi.plans import conflicts

    tab = _open_tab(client_a, plan_a)
    assert tab["base"] == [conflicts.base_of(Plan.objects.get(pk=plan_a.pk))]
    assert tab["base"][0].count("=") > 5
