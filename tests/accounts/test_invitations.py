"""Invitations: coordinators invite; the link lets the invitee set a password exactly once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sroi.accounts.constants import Role
from sroi.accounts.models import Invitation, Organisation, User, invitation_token_hash
from sroi.accounts.services import InvitationError, invitation_accept, invitation_create
from sroi.core.models import AuditEntry, OutboxMessage

PASSWORD = "Zeer-geheim-wachtwoord-2026"
NEW_COMPANY = {
    "name": "Nieuw Bouw B.V.",
    "kvk_number": "11223344",
    "street": "Havenweg",
    "house_number": "3",
    "postcode": "1611 EB",
    "city": "Bovenkarspel",
    "contact_name": "Eva Smit",
    "contact_function": "Directeur",
    "contact_email": "eva@nieuw-bouw.example.org",
    "contact_phone": "0228 123 456",
}


def accept_path_from_mail(message: OutboxMessage) -> str:
    match = re.search(r"https?://[^/\s]+(/organisatie/uitnodiging/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


# --- creating ------------------------------------------------------------------------------


def test_coordinator_invites_contractor_into_existing_organisation(
    client: Client, coordinator: User, contractor_a: User
) -> None:
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:invitations"),
        {
            "email": "Nieuw@Bouw-A.example.org",
            "role": Role.CONTRACTOR,
            "organisation": contractor_a.organisation_id,
        },
    )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "nieuw@bouw-a.example.org"
    assert invitation.organisation_id == contractor_a.organisation_id
    assert invitation.invited_by == coordinator
    assert invitation.accepted_at is None
    # Valid for 14 days from now (allow the seconds the test took).
    assert abs(invitation.expires_at - (timezone.now() + timedelta(days=14))) < timedelta(minutes=1)
    message = OutboxMessage.objects.get()
    assert message.to == ["nieuw@bouw-a.example.org"]
    assert "Bouwbedrijf A B.V." in message.body
    # Only the hash of the token is stored; the mail carries the token itself.
    token = accept_path_from_mail(message).rstrip("/").rsplit("/", 1)[1]
    assert invitation.token_hash == invitation_token_hash(token)
    assert token not in invitation.token_hash
    assert AuditEntry.objects.filter(action="invitation.create", actor=coordinator).exists()


def test_invitation_list_shows_invitations_to_coordinator(
    client: Client, coordinator: User
) -> None:
    invitation_create(acting_user=coordinator, email="x@nieuw.example.org", role=Role.CONTRACTOR)
    client.force_login(coordinator)

    response = client.get(reverse("accounts:invitations"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "x@nieuw.example.org" in html
    assert "Openstaand" in html
    assert "Nieuwe organisatie" in html


def test_contractor_gets_403_on_invitations(client: Client, contractor_a: User) -> None:
    client.force_login(contractor_a)
    assert client.get(reverse("accounts:invitations")).status_code == 403
    response = client.post(
        reverse("accounts:invitations"), {"email": "x@example.org", "role": Role.COORDINATOR}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_anonymous_is_sent_to_login_from_invitations(client: Client, db: None) -> None:
    response = client.get(reverse("accounts:invitations"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_contractor_cannot_invite_through_the_service(contractor_a: User) -> None:
    with pytest.raises(PermissionDenied):
        invitation_create(acting_user=contractor_a, email="x@example.org", role=Role.CONTRACTOR)


def test_cannot_invite_an_existing_user(
    client: Client, coordinator: User, contractor_a: User
) -> None:
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:invitations"),
        {"email": contractor_a.email.upper(), "role": Role.CONTRACTOR},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Er bestaat al een account met dit e-mailadres." in html
    assert 'href="#id_email"' in html
    assert not Invitation.objects.exists()


def test_coordinator_invitation_cannot_have_an_organisation(
    client: Client, coordinator: User, contractor_a: User
) -> None:
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:invitations"),
        {
            "email": "c@werksaam.example.org",
            "role": Role.COORDINATOR,
            "organisation": contractor_a.organisation_id,
        },
    )

    assert response.status_code == 200
    assert "Een coördinator hoort bij geen organisatie: laat dit leeg." in response.content.decode()
    assert not Invitation.objects.exists()


def test_coordinator_cannot_invite_an_administrator(client: Client, coordinator: User) -> None:
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:invitations"), {"email": "a@example.org", "role": Role.ADMINISTRATOR}
    )
    assert response.status_code == 200  # not one of the offered choices
    assert not Invitation.objects.exists()
    with pytest.raises(PermissionDenied):
        invitation_create(acting_user=coordinator, email="a@example.org", role=Role.ADMINISTRATOR)


# --- accepting -----------------------------------------------------------------------------


def test_accept_into_existing_organisation_logs_in_verified(
    client: Client, coordinator: User, contractor_a: User
) -> None:
    invitation, token = invitation_create(
        acting_user=coordinator,
        email="nieuw@bouw-a.example.org",
        role=Role.CONTRACTOR,
        organisation=contractor_a.organisation,
    )
    path = reverse("accounts:invitation_accept", args=[token])
    page = client.get(path)
    assert page.status_code == 200
    assert "nieuw@bouw-a.example.org" in page.content.decode()
    assert 'name="kvk_number"' not in page.content.decode()  # no company data asked

    response = client.post(
        path, {"full_name": "Nina Nieuw", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:organisation")
    user = User.objects.get(email="nieuw@bouw-a.example.org")
    assert (user.full_name, user.role, user.organisation_id) == (
        "Nina Nieuw",
        Role.CONTRACTOR,
        contractor_a.organisation_id,
    )
    assert user.check_password(PASSWORD)
    address = EmailAddress.objects.get(user=user)
    assert address.verified and address.primary
    assert int(client.session["_auth_user_id"]) == user.pk
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.accepted_by == user
    assert AuditEntry.objects.filter(action="invitation.accept", actor=user).exists()


def test_accept_invitation_for_new_organisation_asks_company_data(
    client: Client, coordinator: User
) -> None:
    invitation_create(
        acting_user=coordinator, email="eva@nieuw-bouw.example.org", role=Role.CONTRACTOR
    )
    path = accept_path_from_mail(OutboxMessage.objects.get())
    form = {"full_name": "Eva Smit", "password1": PASSWORD, "password2": PASSWORD}

    response = client.post(path, {**form, **NEW_COMPANY, "postcode": "0611 EB"})
    assert response.status_code == 200
    assert "Vul een Nederlandse postcode in" in response.content.decode()
    assert not User.objects.filter(email="eva@nieuw-bouw.example.org").exists()

    response = client.post(path, {**form, **NEW_COMPANY, "postcode": "1611eb"})
    assert response.status_code == 302
    user = User.objects.get(email="eva@nieuw-bouw.example.org")
    assert user.organisation is not None
    assert user.organisation.name == "Nieuw Bouw B.V."
    assert user.organisation.postcode == "1611 EB"
    assert user.organisation.contact_phone == "+31 228 123 456"
    assert EmailAddress.objects.get(user=user).verified


def test_accept_coordinator_invitation(client: Client, coordinator: User) -> None:
    _, token = invitation_create(
        acting_user=coordinator,
        email="nieuwe.coordinator@werksaam.example.org",
        role=Role.COORDINATOR,
    )
    response = client.post(
        reverse("accounts:invitation_accept", args=[token]),
        {"full_name": "Co Ordinator", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = User.objects.get(email="nieuwe.coordinator@werksaam.example.org")
    assert user.role == Role.COORDINATOR
    assert user.organisation is None
    assert not Organisation.objects.exists()


def test_accept_rejects_weak_or_mismatched_password(client: Client, coordinator: User) -> None:
    _, token = invitation_create(
        acting_user=coordinator, email="c@werksaam.example.org", role=Role.COORDINATOR
    )
    path = reverse("accounts:invitation_accept", args=[token])

    response = client.post(path, {"full_name": "C", "password1": "kort", "password2": "anders"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_password1"' in html
    assert 'href="#id_password2"' in html
    assert not User.objects.filter(email="c@werksaam.example.org").exists()


def test_expired_invitation_gives_a_dutch_page(client: Client, coordinator: User) -> None:
    invitation, token = invitation_create(
        acting_user=coordinator, email="laat@example.org", role=Role.CONTRACTOR
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    path = reverse("accounts:invitation_accept", args=[token])

    for response in (
        client.get(path),
        client.post(
            path, {"full_name": "L", "password1": PASSWORD, "password2": PASSWORD, **NEW_COMPANY}
        ),
    ):
        assert response.status_code == 410
        assert "Deze uitnodiging is verlopen." in response.content.decode()
    assert not User.objects.filter(email="laat@example.org").exists()


def test_used_invitation_cannot_be_used_again(client: Client, coordinator: User) -> None:
    _, token = invitation_create(
        acting_user=coordinator, email="een@example.org", role=Role.COORDINATOR
    )
    path = reverse("accounts:invitation_accept", args=[token])
    form = {"full_name": "Een", "password1": PASSWORD, "password2": PASSWORD}
    assert client.post(path, form).status_code == 302

    other = Client()
    response = other.post(path, {**form, "password1": PASSWORD + "x", "password2": PASSWORD + "x"})

    assert response.status_code == 410
    assert "Deze uitnodiging is al gebruikt." in response.content.decode()
    assert User.objects.get(email="een@example.org").check_password(PASSWORD)


def test_wrong_token_gives_404_page_in_dutch(client: Client, coordinator: User) -> None:
    invitation_create(acting_user=coordinator, email="een@example.org", role=Role.COORDINATOR)
    response = client.get(reverse("accounts:invitation_accept", args=["niet-het-goede-token"]))
    assert response.status_code == 404
    assert "Deze uitnodigingslink kennen we niet." in response.content.decode()


def test_service_refuses_when_address_registered_meanwhile(coordinator: User) -> None:
    invitation, _ = invitation_create(
        acting_user=coordinator, email="dubbel@example.org", role=Role.COORDINATOR
    )
    User.objects.create_user(email="dubbel@example.org", password=PASSWORD)

    with pytest.raises(InvitationError) as caught:
        invitation_accept(invitation=invitation, full_name="D", password=PASSWORD)
    assert caught.value.code == "email_taken"


def test_empty_invitation_form_explains_what_is_missing(client: Client, coordinator: User) -> None:
    client.force_login(coordinator)
    response = client.post(reverse("accounts:invitations"), {})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Vul het e-mailadres in van degene die u uitnodigt." in html
    assert 'href="#id_email"' in html
    assert not Invitation.objects.exists()
