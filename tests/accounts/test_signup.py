"""Self sign-up: the form asks for the company too; e-mail must be verified before login."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from sroi.accounts.constants import Role
from sroi.accounts.models import Organisation, User
from sroi.core.models import AuditEntry, OutboxMessage

PASSWORD = "Zeer-geheim-wachtwoord-2026"

SIGNUP = {
    "full_name": "Petra Jansen",
    "email": "Petra@Groen-Bouw.example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "name": "Groen Bouw B.V.",
    "kvk_number": "1234 5678",
    "street": "Dijkweg",
    "house_number": "12a",
    "postcode": "1619ab",
    "city": "Andijk",
    "contact_name": "Jan de Vries",
    "contact_function": "HR-adviseur",
    "contact_email": "sroi@groen-bouw.example.org",
    "contact_phone": "0229-123456",
}


def signup(client: Client, **changes: str) -> Any:
    return client.post(reverse("account_signup"), {**SIGNUP, **changes})


@pytest.mark.django_db
def test_signup_page_asks_for_the_company_in_dutch(client: Client) -> None:
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Bedrijfsnaam", "KvK-nummer", "Postcode", "Contactpersoon Social Return"):
        assert label in html
    assert 'class="utrecht-textbox utrecht-textbox--html-input"' in html


@pytest.mark.django_db
def test_signup_creates_organisation_and_unverified_contractor(client: Client) -> None:
    response = signup(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="petra@groen-bouw.example.org")
    assert user.full_name == "Petra Jansen"
    assert user.role == Role.CONTRACTOR
    organisation = user.organisation
    assert organisation is not None
    # Stored normalised: KvK without spaces, postcode "1234 AB", phone international.
    assert organisation.name == "Groen Bouw B.V."
    assert organisation.kvk_number == "12345678"
    assert organisation.postcode == "1619 AB"
    assert organisation.contact_phone == "+31 229 123 456"
    assert organisation.house_number == "12a"
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (user.email, False, True)
    assert AuditEntry.objects.filter(
        action="organisation.create", object_id=str(organisation.pk), actor=user
    ).exists()


@pytest.mark.django_db
def test_signup_sends_verification_mail_through_the_outbox(client: Client) -> None:
    signup(client)

    message = OutboxMessage.objects.get()
    assert message.to == ["petra@groen-bouw.example.org"]
    assert message.subject.startswith("[SROI] ")
    assert re.search(r"/accounts/confirm-email/[^/\s]+/", message.body)


@pytest.mark.django_db
def test_signup_with_invalid_company_data_keeps_input_and_explains_in_dutch(client: Client) -> None:
    response = signup(client, kvk_number="1234567", postcode="0123 AB", contact_phone="12345")

    assert response.status_code == 200
    assert not User.objects.exists()
    assert not Organisation.objects.exists()
    html = response.content.decode()
    assert "Een KvK-nummer bestaat uit precies 8 cijfers." in html
    assert "Vul een Nederlandse postcode in" in html
    assert "Vul een geldig telefoonnummer in" in html
    # The error summary links to each field; what the user typed is still there.
    assert 'href="#id_kvk_number"' in html
    assert 'href="#id_postcode"' in html
    assert 'value="Groen Bouw B.V."' in html
    assert 'value="1234567"' in html
    assert 'aria-describedby="id_kvk_number_help id_kvk_number_error"' in html


@pytest.mark.django_db
def test_signup_requires_every_company_field(client: Client) -> None:
    response = signup(client, name="", city="")

    assert response.status_code == 200
    assert not User.objects.exists()
    html = response.content.decode()
    assert 'href="#id_name"' in html
    assert 'href="#id_city"' in html
    assert "Vul de bedrijfsnaam in." in html
    assert "Vul de plaats in." in html


@pytest.mark.django_db
def test_unverified_user_cannot_log_in_until_the_link_is_followed(client: Client) -> None:
    signup(client)
    login = {"login": SIGNUP["email"], "password": PASSWORD}

    response = client.post(reverse("account_login"), login)
    # allauth does not log in; it sends another verification mail and says so.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    body = OutboxMessage.objects.order_by("id").first().body  # type: ignore[union-attr]
    confirm_path = re.search(r"(/accounts/confirm-email/[^/\s]+/)", body).group(1)  # type: ignore[union-attr]
    assert client.get(confirm_path).status_code == 200
    client.post(confirm_path)
    assert EmailAddress.objects.get(email="petra@groen-bouw.example.org").verified

    response = client.post(reverse("account_login"), login)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == User.objects.get().pk
