"""Every form that stores free text refuses a BSN at the field, however it is written, and
keeps what was typed; nothing is stored. (Which fields carry the guard is checked for all
models and forms in test_guard_everywhere.py; these tests follow a user through the pages.)"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import Invitation, Organisation, User
from sroi.plans.constants import PlanStatus
from sroi.plans.models import Buyer, Plan, PlanEvent
from tests.plans.factories import PlanFactory
from tests.plans_form.helpers import plan_post
from tests.privacy.conftest import REFUSED_NL

# 123456782 written as people (or a pasted document) might: no-break spaces, en dashes,
# fullwidth digits, Arabic-Indic digits, a zero-width space, slashes, underscores.
DISGUISED = [
    "123\u00a0456\u00a0782",
    "1234\u201356\u2013782",
    "\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff12",
    "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0662",
    "1234\u200b56782",
    "123/456/782",
    "123_456_782",
]


def _errors(response: Any, form_key: str = "form") -> dict[str, list[str]]:
    return dict(response.context[form_key].errors)


@pytest.mark.parametrize("bsn", DISGUISED)
def test_organisation_edit_refuses_a_disguised_bsn(
    client: Client, contractor_a: User, bsn: str
) -> None:
    client.force_login(contractor_a)
    organisation = contractor_a.organisation
    assert organisation is not None
    data = {
        "name": organisation.name,
        "kvk_number": organisation.kvk_number,
        "street": organisation.street,
        "house_number": organisation.house_number,
        "postcode": organisation.postcode,
        "city": organisation.city,
        "contact_name": f"Jan de Vries {bsn}",
        "contact_function": "HR-adviseur",
        "contact_email": organisation.contact_email,
        "contact_phone": organisation.contact_phone,
    }

    response = client.post(reverse("accounts:organisation_edit"), data)

    assert response.status_code == 200
    assert _errors(response) == {"contact_name": [REFUSED_NL]}
    assert f'value="Jan de Vries {bsn}"' in response.content.decode()  # typed text kept
    assert Organisation.objects.get(pk=organisation.pk).contact_name == "Jan de Vries"


def test_sign_up_refuses_a_bsn_in_the_name_and_the_e_mail_address(db: None) -> None:
    client = Client()
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Petra 123.456.782",
            "email": "123456782@groen-bouw.example.org",
            "password1": "Zeer-geheim-wachtwoord-2026",
            "password2": "Zeer-geheim-wachtwoord-2026",
            "name": "Groen Bouw B.V.",
            "kvk_number": "12345678",
            "street": "Dijkweg",
            "house_number": "12",
            "postcode": "1619 AB",
            "city": "Andijk",
            "contact_name": "Jan de Vries",
            "contact_function": "HR-adviseur",
            "contact_email": "sroi@groen-bouw.example.org",
            "contact_phone": "0229 123 456",
        },
    )

    assert response.status_code == 200
    errors = _errors(response)
    assert errors["full_name"] == [REFUSED_NL]
    assert errors["email"] == [REFUSED_NL]
    assert not User.objects.exists()
    assert not Organisation.objects.exists()


def test_invitation_refuses_a_bsn_as_e_mail_address(client: Client, coordinator: User) -> None:
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:invitations"),
        {"email": "123-456-782@example.org", "role": "contractor", "organisation": ""},
    )
    assert response.status_code == 200
    assert _errors(response) == {"email": [REFUSED_NL]}
    assert not Invitation.objects.exists()


@pytest.mark.usefixtures("shipped_rulesets")
def test_decision_note_refuses_a_bsn(client: Client, coordinator: User, contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    client.force_login(coordinator)
    note = "Graag kandidaat 123\u00a0456\u00a0782 vervangen door een pseudoniem."

    response = client.post(
        reverse("plans:plan_request_changes", kwargs={"pk": plan.pk}), {"note": note}
    )

    assert response.status_code == 400
    assert _errors(response, "decision_form") == {"note": [REFUSED_NL]}
    assert note in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert not PlanEvent.objects.filter(note=note).exists()


@pytest.mark.usefixtures("shipped_rulesets")
def test_withdrawal_note_refuses_a_bsn(client: Client, contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    client.force_login(contractor_a)

    response = client.post(
        reverse("plans:plan_withdraw", kwargs={"pk": plan.pk}),
        {"note": "Kandidaat \uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff12 is gestopt"},
    )

    assert response.status_code == 400
    assert _errors(response, "withdraw_form") == {"note": [REFUSED_NL]}
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_buyer_name_refuses_a_bsn(client: Client, coordinator: User) -> None:
    client.force_login(coordinator)
    response = client.post(reverse("plans:buyer_list"), {"name": "Gemeente 123_456_782"})
    assert response.status_code == 400
    assert _errors(response) == {"name": [REFUSED_NL]}
    assert not Buyer.objects.filter(name__contains="782").exists()


@pytest.mark.usefixtures("shipped_rulesets")
def test_contract_name_and_extension_notes_refuse_a_bsn(client: Client, contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    client.force_login(contractor_a)

    response = client.post(
        reverse("plans:plan_edit", kwargs={"pk": plan.pk}),
        plan_post(
            name="Onderhoud 123\u2013456\u2013782",
            extension_notes="Twee keer een jaar, kandidaat 1234\u200b56782",
        ),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert html.count(REFUSED_NL) >= 2
    contract = Plan.objects.get(pk=plan.pk).contract
    assert "782" not in contract.name + contract.extension_notes
