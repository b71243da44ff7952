"""The organisation page: a contractor sees and edits its own company; coordinators only look."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import Organisation, User
from sroi.accounts.services import OrganisationDetails, organisation_update
from sroi.core.models import AuditEntry

VALID_EDIT = {
    "name": "Bouwbedrijf A Holding B.V.",
    "kvk_number": "87654321",
    "street": "Kerkstraat",
    "house_number": "1",
    "postcode": "1601 aa",
    "city": "Enkhuizen",
    "contact_name": "Fatima El Amrani",
    "contact_function": "Projectleider SROI",
    "contact_email": "sroi@bouw-a.example.org",
    "contact_phone": "06 12345678",
}


def organisation_of(user: User) -> Organisation:
    assert user.organisation_id is not None
    return Organisation.objects.get(pk=user.organisation_id)


def logged_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


# --- /organisatie/ -------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_from_organisation_page(client: Client, db: None) -> None:
    response = client.get(reverse("accounts:organisation"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_contractor_sees_own_organisation_and_its_users(
    client: Client, contractor_a: User, contractor_b: User
) -> None:
    colleague = User.objects.create_user(
        email="collega@bouw-a.example.org", organisation=contractor_a.organisation
    )

    response = logged_in(client, contractor_a).get(reverse("accounts:organisation"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Bouwbedrijf A B.V." in html
    assert colleague.email in html
    assert contractor_a.email in html
    # Nothing of the other organisation.
    assert "Schoonmaak B B.V." not in html
    assert contractor_b.email not in html
    # MFA is one click away.
    assert reverse("mfa_index") in html
    assert "Tweestapsverificatie" in html


def test_coordinator_page_links_to_overview_and_mfa_but_no_company_edit(
    client: Client, coordinator: User
) -> None:
    response = logged_in(client, coordinator).get(reverse("accounts:organisation"))

    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("accounts:organisation_list") in html
    assert reverse("accounts:invitations") in html
    assert reverse("mfa_index") in html
    assert reverse("accounts:organisation_edit") not in html


# --- /organisatie/wijzigen/ ------------------------------------------------------------------


def test_contractor_edits_own_organisation_with_normalised_values(
    client: Client, contractor_a: User
) -> None:
    response = logged_in(client, contractor_a).post(
        reverse("accounts:organisation_edit"), VALID_EDIT
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:organisation")
    organisation = organisation_of(contractor_a)
    assert organisation.name == "Bouwbedrijf A Holding B.V."
    assert organisation.postcode == "1601 AA"
    assert organisation.contact_phone == "+31 6 12345678"
    entry = AuditEntry.objects.get(action="organisation.update")
    assert entry.actor == contractor_a
    assert entry.object_id == str(organisation.pk)
    assert "postcode" in entry.data["fields"]


def test_edit_form_is_prefilled_with_own_data(client: Client, contractor_a: User) -> None:
    response = logged_in(client, contractor_a).get(reverse("accounts:organisation_edit"))
    assert response.status_code == 200
    assert 'value="Bouwbedrijf A B.V."' in response.content.decode()


def test_invalid_edit_shows_dutch_errors_and_changes_nothing(
    client: Client, contractor_a: User
) -> None:
    response = logged_in(client, contractor_a).post(
        reverse("accounts:organisation_edit"), {**VALID_EDIT, "kvk_number": "12a45678"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Een KvK-nummer bestaat uit precies 8 cijfers." in html
    assert 'href="#id_kvk_number"' in html
    assert 'value="Bouwbedrijf A Holding B.V."' in html  # input kept
    assert organisation_of(contractor_a).name == "Bouwbedrijf A B.V."


def test_edit_changes_only_the_users_own_organisation(
    client: Client, contractor_a: User, contractor_b: User
) -> None:
    logged_in(client, contractor_b).post(reverse("accounts:organisation_edit"), VALID_EDIT)

    assert organisation_of(contractor_a).name == "Bouwbedrijf A B.V."
    assert organisation_of(contractor_b).name == VALID_EDIT["name"]


def test_coordinator_cannot_edit_a_company(client: Client, coordinator: User) -> None:
    client = logged_in(client, coordinator)
    assert client.get(reverse("accounts:organisation_edit")).status_code == 403
    assert client.post(reverse("accounts:organisation_edit"), VALID_EDIT).status_code == 403
    assert not AuditEntry.objects.filter(action="organisation.update").exists()


def test_anonymous_cannot_edit(client: Client, contractor_a: User) -> None:
    response = client.post(reverse("accounts:organisation_edit"), VALID_EDIT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert organisation_of(contractor_a).name == "Bouwbedrijf A B.V."


# --- /organisatie/overzicht/ ---------------------------------------------------------------


def test_coordinator_sees_every_organisation(
    client: Client, coordinator: User, contractor_a: User, contractor_b: User
) -> None:
    response = logged_in(client, coordinator).get(reverse("accounts:organisation_list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Bouwbedrijf A B.V." in html
    assert "Schoonmaak B B.V." in html


def test_contractor_cannot_see_the_organisation_list(client: Client, contractor_a: User) -> None:
    assert (
        logged_in(client, contractor_a).get(reverse("accounts:organisation_list")).status_code
        == 403
    )


def test_anonymous_is_sent_to_login_from_organisation_list(client: Client, db: None) -> None:
    response = client.get(reverse("accounts:organisation_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_coordinator_sees_one_organisation_read_only(
    client: Client, coordinator: User, contractor_b: User
) -> None:
    url = reverse("accounts:organisation_detail", args=[contractor_b.organisation_id])
    response = logged_in(client, coordinator).get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Schoonmaak B B.V." in html
    assert contractor_b.email in html
    assert reverse("accounts:organisation_edit") not in html


def test_contractor_cannot_see_other_organisation(
    client: Client, contractor_a: User, contractor_b: User
) -> None:
    client = logged_in(client, contractor_a)
    other = reverse("accounts:organisation_detail", args=[contractor_b.organisation_id])
    own = reverse("accounts:organisation_detail", args=[contractor_a.organisation_id])

    assert client.get(other).status_code == 404
    assert client.get(own).status_code == 200


def test_anonymous_is_sent_to_login_from_organisation_detail(
    client: Client, contractor_a: User
) -> None:
    url = reverse("accounts:organisation_detail", args=[contractor_a.organisation_id])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_service_refuses_to_update_another_organisation(
    contractor_a: User, contractor_b: User, coordinator: User
) -> None:
    details = OrganisationDetails.from_cleaned_data(VALID_EDIT)
    organisation_a = organisation_of(contractor_a)
    for intruder in (contractor_b, coordinator):
        with pytest.raises(PermissionDenied):
            organisation_update(acting_user=intruder, organisation=organisation_a, details=details)
    assert Organisation.objects.get(pk=organisation_a.pk).name == "Bouwbedrijf A B.V."
