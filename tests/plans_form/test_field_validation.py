"""Each field's own validation: a Dutch message at the field, the typed text kept, the valid
rest of the draft saved."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.test import Client
from django.urls import reverse

from sroi.plans.models import Plan
from tests.plans_form.helpers import field_error, input_value, plan_post


def _save(client: Client, plan: Plan, **fields: object) -> object:
    return client.post(reverse("plans:plan_edit", kwargs={"pk": plan.pk}), plan_post(**fields))


def test_dutch_amount_notation_is_read(client_a: Client, plan_a: Plan) -> None:
    response = _save(client_a, plan_a, value_eur="2.500.000,50", sroi_percentage="2,5")
    assert response.status_code == 302
    plan_a.contract.refresh_from_db()
    assert plan_a.contract.value_eur == Decimal("2500000.50")
    assert plan_a.contract.sroi_percentage == Decimal("2.5")


def test_negative_contract_value_is_refused_at_the_field(client_a: Client, plan_a: Plan) -> None:
    response = _save(client_a, plan_a, value_eur="-10", name="Nieuwe naam")
    assert response.status_code == 400
    assert field_error(response, "id_value_eur") == "Fout: Vul een waarde in van minimaal 0."
    assert input_value(response, "id_value_eur") == "-10"
    plan_a.contract.refresh_from_db()
    assert plan_a.contract.value_eur == Decimal("1000000.00")  # the saved value stays
    assert plan_a.contract.name == "Nieuwe naam"  # the valid rest is saved


def test_unreadable_amount_keeps_the_typed_text(client_a: Client, plan_a: Plan) -> None:
    response = _save(client_a, plan_a, value_eur="een miljoen")
    assert (
        field_error(response, "id_value_eur") == "Fout: Vul een bedrag in, bijvoorbeeld 50.000,00"
    )
    assert input_value(response, "id_value_eur") == "een miljoen"


def test_percentage_must_lie_between_0_and_100(client_a: Client, plan_a: Plan) -> None:
    response = _save(client_a, plan_a, sroi_percentage="150")
    assert (
        field_error(response, "id_sroi_percentage")
        == "Fout: Vul een percentage tussen 0 en 100 in."
    )
    response = _save(client_a, plan_a, sroi_percentage="-1")
    assert (
        field_error(response, "id_sroi_percentage")
        == "Fout: Vul een percentage tussen 0 en 100 in."
    )
    plan_a.contract.refresh_from_db()
    assert plan_a.contract.sroi_percentage == Decimal("5.00")


def test_contract_end_must_be_after_start(client_a: Client, plan_a: Plan) -> None:
    response = _save(client_a, plan_a, start_date="2026-06-01", end_date="2026-01-31")
    assert (
        field_error(response, "id_end_date") == "Fout: De einddatum moet na de startdatum liggen."
    )
    assert input_value(response, "id_end_date") == "2026-01-31"
    plan_a.contract.refresh_from_db()
    # The start was valid on its own but the saved end (2027-12-31) still fits after it.
    assert plan_a.contract.start_date == date(2026, 6, 1)
    assert plan_a.contract.end_date == date(2027, 12, 31)


def test_start_after_saved_end_is_refused_by_the_service(client_a: Client, plan_a: Plan) -> None:
    # The end date is invalid, so only the start would be saved, but it lies after the saved
    # end date (2027-12-31): the service refuses it and its message shows at the field.
    response = _save(client_a, plan_a, start_date="2028-06-01", end_date="2028-01-01")
    assert response.status_code == 400
    assert field_error(response, "id_end_date") != ""
    plan_a.contract.refresh_from_db()
    assert plan_a.contract.start_date == date(2026, 1, 1)


def test_invalid_date_is_kept_with_message(client_a: Client, plan_a: Plan) -> None:
    response = _save(client_a, plan_a, start_date="31-02-2026")
    assert field_error(response, "id_start_date") == (
        "Fout: Vul een geldige datum in, bijvoorbeeld 31-12-2026."
    )
    assert input_value(response, "id_start_date") == "31-02-2026"


def test_candidate_count_and_hours_are_checked(client_a: Client, plan_a: Plan) -> None:
    line = {
        "kind": "candidate",
        "target_group": "pw_lt2",
        "count": "-2",
        "hours_per_week": "200",
        "start_date": "2026-01-01",
        "duration_months": "12",
    }
    response = _save(client_a, plan_a, lines=[line])
    assert response.status_code == 400
    assert field_error(response, "id_lines-0-count") == "Fout: Vul 0 of meer in."
    assert (
        field_error(response, "id_lines-0-hours_per_week")
        == "Fout: Een week heeft maximaal 168 uur."
    )
    assert input_value(response, "id_lines-0-count") == "-2"
    assert input_value(response, "id_lines-0-hours_per_week") == "200"
    # The valid rest of the line is saved: target group, start and end (12 months).
    saved = plan_a.lines.get()
    assert (saved.target_group, saved.count, saved.hours_per_week) == ("pw_lt2", None, None)
    assert (saved.start_date, saved.end_date) == (date(2026, 1, 1), date(2026, 12, 31))


def test_hours_per_week_of_168_is_allowed(client_a: Client, plan_a: Plan) -> None:
    line = {"kind": "candidate", "target_group": "pw_lt2", "count": "0", "hours_per_week": "168"}
    assert _save(client_a, plan_a, lines=[line]).status_code == 302
    saved = plan_a.lines.get()
    assert (saved.count, saved.hours_per_week) == (0, Decimal("168"))


def test_line_end_before_start_is_refused(client_a: Client, plan_a: Plan) -> None:
    line = {
        "kind": "candidate",
        "target_group": "pw_lt2",
        "start_date": "2026-06-01",
        "end_date": "2026-05-01",
    }
    response = _save(client_a, plan_a, lines=[line])
    assert (
        field_error(response, "id_lines-0-end_date")
        == "Fout: De einddatum moet na de start liggen."
    )


def test_duration_in_months_gives_the_end_date(client_a: Client, plan_a: Plan) -> None:
    # 2026-03-15 + 6 months - 1 day = 2026-09-14 (rekenregels: add_months keeps the day).
    line = {
        "kind": "candidate",
        "target_group": "ww_gt1",
        "count": "2",
        "hours_per_week": "24",
        "start_date": "2026-03-15",
        "duration_months": "6",
    }
    assert _save(client_a, plan_a, lines=[line], target_groups=["ww_gt1"]).status_code == 302
    assert plan_a.lines.get().end_date == date(2026, 9, 14)


def test_exclusive_bonuses_cannot_be_combined(client_a: Client, plan_a: Plan) -> None:
    line = {
        "kind": "candidate",
        "target_group": "pw_lt2",
        "bonuses": ["BONUS_50PLUS", "BONUS_55PLUS"],
    }
    response = _save(client_a, plan_a, lines=[line])
    assert response.status_code == 400
    assert "55 jaar of ouder" in field_error(response, "id_lines-0-bonuses")


def test_negative_procurement_amount_is_refused(client_a: Client, plan_a: Plan) -> None:
    effort = {"kind": "effort", "block_code": "SOCIAAL_INKOPEN", "amount_eur": "-4.000"}
    response = _save(client_a, plan_a, lines=[effort])
    assert (
        field_error(response, "id_lines-0-amount_eur") == "Fout: Vul een waarde in van minimaal 0."
    )


def test_pso_date_needs_a_level(client_a: Client, plan_a: Plan) -> None:
    response = _save(client_a, plan_a, pso_level="", pso_certificate_end="2027-06-30")
    assert (
        field_error(response, "id_pso_level")
        == "Fout: Kies de PSO-trede van uw certificaat, of maak de certificaatdatum leeg."
    )
    plan_a.refresh_from_db()
    assert plan_a.pso_certificate_end == date(2027, 6, 30)  # the date itself is saved


def test_pso_level_and_date_are_saved(client_a: Client, plan_a: Plan) -> None:
    response = _save(client_a, plan_a, pso_level="trede_2", pso_certificate_end="30-06-2027")
    assert response.status_code == 302
    plan_a.refresh_from_db()
    assert (plan_a.pso_level, plan_a.pso_certificate_end) == ("trede_2", date(2027, 6, 30))
