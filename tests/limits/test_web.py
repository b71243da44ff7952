"""The web side of the limits: the calculator, its upload, plan-from-calculation, the plan form
and the URLs refuse what the database cannot store, each at its field, never with a 500."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.plans.models import Plan, PlanLine
from tests.calculator.conftest import worked_example
from tests.calculator.test_calculator_files import empty_form
from tests.limits.documents import Raw, document, dumps
from tests.plans_form.helpers import field_error, plan_post

CALCULATOR = "/rekenhulp/"
FROM_CALCULATION = reverse("plans:plan_from_calculation")


def calculator_error(response: object, field_id: str) -> str:
    content = response.content.decode()  # type: ignore[attr-defined]
    match = re.search(rf'id="{field_id}_error">(.*?)</div>', content, re.S)
    assert match is not None, f"no error message at {field_id}"
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip())


# --- the calculator ----------------------------------------------------------------------------


@pytest.mark.usefixtures("shipped_rulesets")
def test_calculator_refuses_a_contract_value_the_database_cannot_hold(client: Client) -> None:
    response = client.post(CALCULATOR, worked_example(value_eur="1.000.000.000.000"))
    assert response.status_code == 422
    assert calculator_error(response, "id_value_eur") == (
        "Fout: Vul een waarde in van hoogstens 100.000.000.000."
    )


@pytest.mark.usefixtures("shipped_rulesets")
def test_calculator_refuses_a_date_at_the_end_of_the_calendar(client: Client) -> None:
    response = client.post(CALCULATOR, worked_example(start="9999-12-01", end="9999-12-31"))
    assert response.status_code == 422
    assert calculator_error(response, "id_start") == (
        "Fout: Vul een datum in tussen 01-01-1990 en 31-12-2199."
    )


@pytest.mark.usefixtures("shipped_rulesets")
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            dumps(document(Raw("1e999999999"))), "getal te groot of te lang", id="e999999999"
        ),
        pytest.param(
            dumps(document(ref="\ud800")), "bevat een teken dat niet is toegestaan", id="surrogate"
        ),
        pytest.param(dumps(document(ref="K" * 201)), "ten hoogste 200 tekens", id="long-ref"),
    ],
)
def test_calculator_upload_refuses_hostile_files_at_the_upload_field(
    client: Client, text: str, expected: str
) -> None:
    upload = SimpleUploadedFile("berekening.json", text.encode("utf-8", "surrogatepass"))
    response = client.post(CALCULATOR, {**empty_form(action="upload"), "upload-document": upload})
    assert response.status_code == 422
    assert expected in calculator_error(response, "id_upload-document").lower()


# --- plan from a calculation -------------------------------------------------------------------


@pytest.mark.usefixtures("shipped_rulesets")
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(dumps(document(ref="K" * 600)), "ten hoogste 200 tekens", id="long-ref"),
        pytest.param(
            dumps(document(Raw("1e999999999"))), "getal te groot of te lang", id="e999999999"
        ),
        pytest.param(
            dumps(document(amount_eur="4000.001")),
            "ten hoogste 2 cijfers achter de komma",
            id="decimals",
        ),
        pytest.param(
            dumps(document("100000000001")), "ten hoogste 100.000.000.000", id="too-large"
        ),
        pytest.param(
            dumps(document(ref="K\x00017")), "bevat een teken dat niet is toegestaan", id="nul"
        ),
    ],
)
def test_plan_from_calculation_refuses_what_the_plan_cannot_hold(
    client: Client, contractor_a: User, text: str, expected: str
) -> None:
    client.force_login(contractor_a)
    # The calculator's hidden field carries the document as text (a NUL is sent escaped).
    response = client.post(FROM_CALCULATION, {"document": text})
    assert response.status_code == 400
    assert expected in html.unescape(response.content.decode()).lower()
    assert not Plan.objects.exists()


@pytest.mark.usefixtures("shipped_rulesets")
def test_plan_from_calculation_keeps_a_ref_of_the_maximum_length(
    client: Client, contractor_a: User
) -> None:
    client.force_login(contractor_a)
    response = client.post(FROM_CALCULATION, {"document": json.dumps(document(ref="K" * 200))})
    assert response.status_code == 302
    assert PlanLine.objects.get().description == "K" * 200


# --- the plan form -----------------------------------------------------------------------------


@pytest.fixture
def plan_edit(client: Client, contractor_a: User) -> str:
    from sroi.rules.services import ruleset_import_shipped
    from tests.plans.factories import PlanFactory

    ruleset_import_shipped()
    client.force_login(contractor_a)
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    return reverse("plans:plan_edit", kwargs={"pk": plan.pk})


def test_plan_form_refuses_a_contract_value_the_column_cannot_hold(
    client: Client, plan_edit: str
) -> None:
    response = client.post(plan_edit, plan_post(value_eur="1.000.000.000.000"))
    assert response.status_code == 400
    assert field_error(response, "id_value_eur") == (
        "Fout: Vul een waarde in van hoogstens 100.000.000.000."
    )


def test_plan_form_refuses_hours_the_column_cannot_hold(client: Client, plan_edit: str) -> None:
    effort = {"kind": "effort", "block_code": "MAATSCHAPPELIJK", "hours": "2.000.000.000"}
    response = client.post(plan_edit, plan_post(lines=[effort]))
    assert response.status_code == 400
    assert field_error(response, "id_lines-0-hours") == (
        "Fout: Vul een waarde in van hoogstens 1.000.000."
    )


def test_plan_form_refuses_a_start_whose_end_leaves_the_calendar(
    client: Client, plan_edit: str
) -> None:
    line = {
        "kind": "candidate",
        "target_group": "pw_lt2",
        "count": "1",
        "hours_per_week": "36",
        "start_date": "9999-12-01",
        "duration_months": "2",
    }
    response = client.post(plan_edit, plan_post(lines=[line]))
    assert response.status_code == 400
    assert field_error(response, "id_lines-0-start_date") == (
        "Fout: Vul een datum in tussen 01-01-1990 en 31-12-2199."
    )


# --- URLs --------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/plannen/?q=%00", "/rekenhulp/?ruleset=a%00b", "/plannen/%00/"])
def test_nul_in_the_path_or_query_is_a_bad_request(
    client: Client, contractor_a: User, url: str
) -> None:
    client.force_login(contractor_a)
    response = client.get(url)
    assert response.status_code == 400
    assert "Het verzoek kon niet worden verwerkt" in response.content.decode()
