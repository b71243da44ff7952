"""The administrator maintains users and organisations in the admin (/beheer/)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.core.models import AuditEntry


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:accounts_user_changelist",
        "admin:accounts_user_add",
        "admin:accounts_organisation_changelist",
        "admin:accounts_invitation_changelist",
    ],
)
def test_administrator_opens_account_admin_pages(
    client: Client, administrator: User, contractor_a: User, url_name: str
) -> None:
    administrator.is_superuser = True
    administrator.save(update_fields=["is_superuser"])
    client.force_login(administrator)

    assert client.get(reverse(url_name)).status_code == 200


def test_administrator_opens_a_user(
    client: Client, administrator: User, contractor_a: User
) -> None:
    administrator.is_superuser = True
    administrator.save(update_fields=["is_superuser"])
    client.force_login(administrator)

    response = client.get(reverse("admin:accounts_user_change", args=[contractor_a.pk]))

    assert response.status_code == 200
    assert contractor_a.email in response.content.decode()


def test_contractor_is_kept_out_of_the_admin(client: Client, contractor_a: User) -> None:
    client.force_login(contractor_a)
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302
    assert "/beheer/login/" in response["Location"]


def test_administrator_adds_a_user(client: Client, administrator: User, contractor_a: User) -> None:
    administrator.is_superuser = True
    administrator.save(update_fields=["is_superuser"])
    client.force_login(administrator)

    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "nieuw@bouw-a.example.org",
            "full_name": "Nieuwe Collega",
            "role": "contractor",
            "organisation": contractor_a.organisation_id,
            "password1": "Zeer-geheim-wachtwoord-2026",
            "password2": "Zeer-geheim-wachtwoord-2026",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="nieuw@bouw-a.example.org")
    assert user.organisation_id == contractor_a.organisation_id
    assert user.check_password("Zeer-geheim-wachtwoord-2026")
    entry = AuditEntry.objects.get(action="user.create", object_id=str(user.pk))
    assert entry.actor == administrator
    assert "password1" not in entry.data["changed"]
    assert "organisation" in entry.data["changed"]
