"""Plan lines: one definition of an empty line, and lines that keep their identity.

Lines are updated in place on every save (later agreements and realisations point at them);
a line the user removes is deleted, a new one created. The snapshot of a submitted version
names each line by its id, and the PDF appendix attaches each valued line's own details.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.plans import services
from sroi.plans.lines import line_is_empty
from sroi.plans.models import Plan, PlanLine
from sroi.plans.pdf import plan_pdf_data
from sroi.plans.valuation import plan_valuation
from tests.plans.factories import PlanFactory

CANDIDATE: dict[str, Any] = {
    "target_group": "pw_lt2",
    "count": 1,
    "hours_per_week": Decimal("36"),
    "start_date": date(2026, 1, 1),
    "end_date": date(2026, 12, 31),
}


def _ids(plan: Plan) -> list[int]:
    return list(plan.lines.order_by("position").values_list("pk", flat=True))


# --- one empty line ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "empty"),
    [
        ({}, True),
        ({"count": 1, "target_group": "", "bonuses": []}, True),
        ({"count": 1}, True),  # the count a new line starts with is not typed
        ({"count": " 1 "}, True),
        ({"count": 5}, False),  # a typed count is kept (and reported: no target group)
        ({"description": "  "}, True),
        ({"description": "Schoonmaak door WerkSaam"}, False),
        ({"bonuses": ["X"]}, False),
        ({"hours": Decimal("0")}, False),  # a typed 0 is typed
    ],
)
def test_one_definition_of_an_empty_line(line: dict[str, Any], empty: bool) -> None:
    assert line_is_empty(line) is empty


def test_a_line_with_only_a_description_is_reported_not_silently_skipped(
    contractor_a: User,
) -> None:
    """The services kept such a line but the valuation skipped it as empty, so the submitted
    snapshot's ``valuation_index`` (the line's position) pointed at the next line's value: the
    PDF appendix attached the wrong details to a line."""
    plan = PlanFactory(
        contract__organisation=contractor_a.organisation,
        lines=[{"description": "Gastlessen op een VSO-school"}, CANDIDATE],
    )
    result = plan_valuation(plan)
    assert [(p.line, p.code) for p in result.problems] == [(0, "no_block")]
    errors = services.plan_check_complete(plan)
    assert "lines-0-block_code" in errors


def test_pdf_appendix_attaches_each_valued_line_its_own_details(contractor_a: User) -> None:
    plan = PlanFactory(
        contract__organisation=contractor_a.organisation,
        effort_kinds=["jobs", "social_procurement"],
        target_groups=["pw_lt2", "ww_gt1"],
        social_explanation="Inkoop bij WerkSaam.",
        lines=[
            {**CANDIDATE, "count": 2},
            {"block_code": "SOCIAAL_INKOPEN", "amount_eur": Decimal("4000"), "description": "X"},
            {**CANDIDATE, "target_group": "ww_gt1", "count": 3},
        ],
    )
    version = services.plan_submit(acting_user=contractor_a, plan=plan)
    snapshot = version.snapshot
    lines = snapshot["plan"]["lines"]
    valued = {line["index"]: line["block"] for line in snapshot["valuation"]["lines"]}
    for line in lines:
        assert valued[line["valuation_index"]] == line["block_code"]
    appendix = plan_pdf_data(snapshot).appendix
    assert appendix is not None
    assert "2 kandidaten" in " ".join(appendix.lines[0].details)
    assert "3 kandidaten" in " ".join(appendix.lines[2].details)


# --- identity ------------------------------------------------------------------------------


def test_lines_keep_their_ids_when_saved_and_edited(contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, lines=[CANDIDATE])
    first = _ids(plan)[0]

    services.plan_save_draft(
        acting_user=contractor_a,
        plan=plan,
        lines=[
            {**CANDIDATE, "id": first, "count": 4},
            {"block_code": "SOCIAAL_INKOPEN", "amount_eur": Decimal("100")},
        ],
    )
    ids = _ids(plan)
    assert ids[0] == first
    assert PlanLine.objects.get(pk=first).count == 4
    second = ids[1]

    # the first line is removed, the second moved up and changed: it keeps its id
    services.plan_save_draft(
        acting_user=contractor_a,
        plan=plan,
        lines=[{"id": second, "block_code": "SOCIAAL_INKOPEN", "amount_eur": Decimal("200")}],
    )
    assert _ids(plan) == [second]
    assert not PlanLine.objects.filter(pk=first).exists()
    line = PlanLine.objects.get(pk=second)
    assert (line.position, line.amount_eur) == (0, Decimal("200.00"))


def test_a_line_id_of_another_plan_is_refused(contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, lines=[CANDIDATE])
    other = PlanFactory(contract__organisation=contractor_a.organisation, lines=[CANDIDATE])
    foreign = _ids(other)[0]
    with pytest.raises(ValidationError) as caught:
        services.plan_save_draft(
            acting_user=contractor_a, plan=plan, lines=[{**CANDIDATE, "id": foreign}]
        )
    assert "lines" in caught.value.message_dict
    assert PlanLine.objects.get(pk=foreign).plan_id == other.pk


def _post(plan: Plan, line_id: int, **extra: str) -> dict[str, str]:
    contract = plan.contract
    data = {
        "action": "save",
        "name": contract.name,
        "value_eur": "1000000",
        "start_date": "2026-01-01",
        "end_date": "2027-12-31",
        "sroi_percentage": "5",
        "effort_kinds": "jobs",
        "target_groups": "pw_lt2",
        "work_description": "Grondwerk.",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-kind": "candidate",
        "lines-0-line_id": str(line_id),
        "lines-0-target_group": "pw_lt2",
        "lines-0-count": "2",
        "lines-0-hours_per_week": "36",
        "lines-0-start_date": "2026-01-01",
        "lines-0-end_date": "2026-12-31",
    }
    data.update(extra)
    return data


def test_the_form_carries_the_line_id_and_saving_keeps_it(
    client: Client, contractor_a: User
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, lines=[CANDIDATE])
    line_id = _ids(plan)[0]
    client.force_login(contractor_a)
    url = reverse("plans:plan_edit", kwargs={"pk": plan.pk})
    page = client.get(url)
    assert f'name="lines-0-line_id" value="{line_id}"' in page.content.decode()

    response = client.post(url, _post(plan, line_id))
    assert response.status_code == 302
    assert _ids(plan) == [line_id]
    assert PlanLine.objects.get(pk=line_id).count == 2


def test_the_form_refuses_a_line_id_of_another_plan(client: Client, contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, lines=[CANDIDATE])
    other = PlanFactory(contract__organisation=contractor_a.organisation, lines=[CANDIDATE])
    foreign = _ids(other)[0]
    client.force_login(contractor_a)
    response = client.post(reverse("plans:plan_edit", kwargs={"pk": plan.pk}), _post(plan, foreign))
    assert response.status_code == 400
    assert "Deze regel hoort niet bij dit plan" in response.content.decode()
    assert PlanLine.objects.get(pk=foreign).plan_id == other.pk
    assert PlanLine.objects.get(pk=foreign).count == 1


def test_autosave_answers_the_ids_of_new_lines(client: Client, contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, lines=[CANDIDATE])
    line_id = _ids(plan)[0]
    client.force_login(contractor_a)
    url = reverse("plans:plan_edit", kwargs={"pk": plan.pk})
    data = _post(plan, line_id, action="autosave")
    data.update(
        {
            "lines-TOTAL_FORMS": "2",
            "lines-1-kind": "effort",
            "lines-1-block_code": "SOCIAAL_INKOPEN",
            "lines-1-amount_eur": "4000",
        }
    )
    body = client.post(url, data).json()
    ids = _ids(plan)
    assert ids[0] == line_id
    assert body["line_ids"] == {"lines-0-line_id": line_id, "lines-1-line_id": ids[1]}
    # the next autosave posts the new id: the line is updated, not recreated
    data["lines-1-line_id"] = str(ids[1])
    data["lines-1-amount_eur"] = "5000"
    client.post(url, data)
    assert _ids(plan) == ids
    assert PlanLine.objects.get(pk=ids[1]).amount_eur == Decimal("5000.00")


def test_snapshot_records_line_ids_and_its_schema_version(contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, lines=[CANDIDATE])
    version = services.plan_submit(acting_user=contractor_a, plan=plan)
    assert version.snapshot["schema_version"] == 2
    assert [line["id"] for line in version.snapshot["plan"]["lines"]] == _ids(plan)


def test_a_form_shown_again_carries_the_ids_of_lines_it_just_saved(
    client: Client, contractor_a: User
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, lines=[CANDIDATE])
    line_id = _ids(plan)[0]
    client.force_login(contractor_a)
    url = reverse("plans:plan_edit", kwargs={"pk": plan.pk})
    for action in ("save", "add_candidate"):
        data = _post(plan, line_id, action=action)
        data.update(
            {
                "lines-TOTAL_FORMS": "2",
                "lines-0-hours_per_week": "veel",  # an error: the form is shown again
                "lines-1-kind": "effort",
                "lines-1-block_code": "SOCIAAL_INKOPEN",
                "lines-1-amount_eur": "4000",
            }
        )
        response = client.post(url, data)
        assert response.status_code == 400
        new_id = _ids(plan)[1]
        assert f'name="lines-1-line_id" value="{new_id}"' in response.content.decode(), action
        PlanLine.objects.filter(pk=new_id).delete()
