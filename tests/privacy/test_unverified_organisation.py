"""An organisation created by a sign-up is not shown to the coordinator (organisation list and
page, invitation choices, plan lists and pages) until its e-mail address is verified."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import Organisation, User
from sroi.core.models import OutboxMessage
from sroi.plans.models import Plan
from tests.plans.factories import PlanFactory

SIGN_UP = {
    "full_name": "Petra Jansen",
    "email": "petra@groen-bouw.example.org",
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
}


def _sign_up() -> tuple[Organisation, str]:
    """Sign up; returns the new organisation and the confirmation link from the mail."""
    response = Client().post(reverse("account_signup"), SIGN_UP)
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Groen Bouw B.V.")
    body = OutboxMessage.objects.get(to=[SIGN_UP["email"]]).body
    match = re.search(r"/accounts/confirm-email/[^/\s]+/", body)
    assert match is not None
    return organisation, match.group(0)


def _coordinator_sees(client: Client, organisation: Organisation, plan: Plan) -> dict[str, bool]:
    listing = client.get(reverse("accounts:organisation_list")).content.decode()
    invitations = client.get(reverse("accounts:invitations")).content.decode()
    plans = client.get(reverse("plans:home")).content.decode()
    return {
        "organisation list": organisation.name in listing,
        "organisation page": client.get(
            reverse("accounts:organisation_detail", kwargs={"pk": organisation.pk})
        ).status_code
        == 200,
        "invitation choices": f'value="{organisation.pk}"' in invitations,
        "plan list": plan.contract.name in plans,
        "plan page": client.get(reverse("plans:plan_detail", kwargs={"pk": plan.pk})).status_code
        == 200,
    }


@pytest.mark.usefixtures("shipped_rulesets")
def test_sign_up_is_hidden_from_the_coordinator_until_verified(
    client: Client, coordinator: User
) -> None:
    organisation, confirm_url = _sign_up()
    assert organisation.awaiting_verification is True
    plan = PlanFactory(contract__organisation=organisation, contract__name="Groenonderhoud Andijk")
    client.force_login(coordinator)

    assert _coordinator_sees(client, organisation, plan) == dict.fromkeys(
        ["organisation list", "organisation page", "invitation choices", "plan list", "plan page"],
        False,
    )

    response = Client().post(confirm_url)  # the link in the verification mail
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.awaiting_verification is False

    assert _coordinator_sees(client, organisation, plan) == dict.fromkeys(
        ["organisation list", "organisation page", "invitation choices", "plan list", "plan page"],
        True,
    )


def test_organisation_of_an_invitation_is_shown_at_once(coordinator: User) -> None:
    from sroi.accounts.services import OrganisationDetails, invitation_accept, invitation_create

    invitation, _token = invitation_create(
        acting_user=coordinator, email="nieuw@bouw.example.org", role="contractor"
    )
    details = OrganisationDetails(
        **{
            key: value
            for key, value in SIGN_UP.items()
            if key in OrganisationDetails.__annotations__
        }
    )
    user = invitation_accept(
        invitation=invitation,
        full_name="Nieuw",
        password="Zeer-geheim-wachtwoord-2026",
        organisation_details=details,
    )
    assert user.organisation is not None
    assert user.organisation.awaiting_verification is False
