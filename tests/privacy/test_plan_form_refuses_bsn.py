"""The plan form refuses a BSN in free text about candidates; the valid rest is saved."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from sroi.plans.models import Plan
from tests.cli.documents import worked_example
from tests.plans_form.helpers import field_error, input_value, plan_post
from tests.privacy.conftest import REFUSED_NL, TEST_BSN

CANDIDATE_LINE = {
    "kind": "candidate",
    "target_group": "pw_lt2",
    "count": "1",
    "hours_per_week": "36",
    "start_date": "2026-01-01",
    "duration_months": "12",
}


def _effort_line(description: str) -> dict[str, str]:
    return {
        "kind": "effort",
        "block_code": "SOCIAAL_INKOPEN",
        "amount_eur": "12.500,00",
        "description": description,
    }


def _save(client: Client, plan: Plan, **fields: object) -> object:
    return client.post(reverse("plans:plan_edit", kwargs={"pk": plan.pk}), plan_post(**fields))


def test_bsn_in_a_line_description_is_refused_at_the_field_and_the_rest_saved(
    client_a: Client, plan_a: Plan
) -> None:
    description = f"Begeleiding van kandidaat {TEST_BSN}"
    response = _save(
        client_a,
        plan_a,
        name="Nieuwe naam",
        effort_kinds=["jobs", "social_procurement"],
        lines=[CANDIDATE_LINE, _effort_line(description)],
    )

    assert response.status_code == 400
    assert field_error(response, "id_lines-1-description") == f"Fout: {REFUSED_NL}"
    assert input_value(response, "id_lines-1-description") == description  # typed text kept
    plan_a.refresh_from_db()
    plan_a.contract.refresh_from_db()
    assert plan_a.contract.name == "Nieuwe naam"  # the valid rest is saved
    assert not plan_a.lines.filter(description__contains=TEST_BSN).exists()
    effort = plan_a.lines.get(position=1)
    assert effort.description == ""  # the refused text is not stored
    assert effort.block_code == "SOCIAAL_INKOPEN"


def test_line_description_says_to_use_a_pseudonym(client_a: Client, plan_a: Plan) -> None:
    response = _save(client_a, plan_a, lines=[CANDIDATE_LINE, _effort_line("K-017")])

    assert response.status_code == 302
    assert plan_a.lines.get(position=1).description == "K-017"
    page = client_a.get(reverse("plans:plan_edit", kwargs={"pk": plan_a.pk}))
    assert "Gebruik een pseudoniem, nooit een BSN." in page.content.decode()


def test_bsn_in_the_plans_free_text_is_refused_at_each_field(
    client_a: Client, plan_a: Plan
) -> None:
    response = _save(
        client_a,
        plan_a,
        work_description=f"Grondwerk door K-017 en {TEST_BSN}",
        social_explanation="Inkoop bij WerkSaam, BSN 111.222.333",
        additional_info="Kandidaat 1112-22-333",
        name="Nieuwe naam",
    )

    assert response.status_code == 400
    for field in ("work_description", "social_explanation", "additional_info"):
        assert field_error(response, f"id_{field}") == f"Fout: {REFUSED_NL}"
    plan_a.refresh_from_db()
    plan_a.contract.refresh_from_db()
    assert plan_a.contract.name == "Nieuwe naam"
    assert plan_a.work_description == "Grondwerk en bestrating."  # the factory's text stays
    assert "111" not in plan_a.social_explanation + plan_a.additional_info


@pytest.mark.usefixtures("shipped_rulesets")
def test_calculation_with_a_bsn_ref_makes_no_plan(client_a: Client) -> None:
    document = worked_example()
    document["lines"][0]["ref"] = TEST_BSN

    response = client_a.post(
        reverse("plans:plan_from_calculation"), {"document": json.dumps(document)}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "ref mag geen BSN bevatten: gebruik een pseudoniem" in html
    assert TEST_BSN not in html
    assert not Plan.objects.exists()
