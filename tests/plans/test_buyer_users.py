"""Buyers as organisations: created with one, existing ones get one (data migration), and the
coordinator invites a buyer's contract managers from the buyer's page."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from sroi.accounts.constants import OrganisationKind, Role
from sroi.accounts.models import Invitation, Organisation, User
from sroi.accounts.services import invitation_accept
from sroi.core.models import OutboxMessage
from sroi.plans import selectors, services
from sroi.plans.models import Buyer, Plan
from tests.accounts.test_invitations import accept_path_from_mail
from tests.plans.factories import BuyerFactory, PlanFactory, buyer_user_of

PASSWORD = "Zeer-geheim-wachtwoord-2026"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_creating_a_buyer_creates_its_organisation(coordinator: User) -> None:
    response = _client(coordinator).post(
        reverse("plans:buyer_list"), {"name": "Gemeente Medemblik"}
    )
    buyer = Buyer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:buyer_detail", args=[buyer.pk])
    assert buyer.organisation is not None
    assert buyer.organisation.name == "Gemeente Medemblik"
    assert buyer.organisation.kind == OrganisationKind.BUYER


def test_buyer_organisations_are_not_in_the_contractor_overview(
    coordinator: User, contractor_a: User
) -> None:
    services.buyer_create(acting_user=coordinator, name="Gemeente Medemblik")
    html = _client(coordinator).get(reverse("accounts:organisation_list")).content.decode()
    assert "Bouwbedrijf A B.V." in html
    assert "Gemeente Medemblik" not in html


# --- the data migration --------------------------------------------------------------------


def test_migration_gives_every_buyer_an_organisation(db: None) -> None:
    migration = importlib.import_module("sroi.plans.migrations.0012_buyer_organisations")
    bare = [Buyer.objects.create(name=name) for name in ("Gemeente Hoorn", "WerkSaam")]
    linked = BuyerFactory(name="Gemeente Enkhuizen")
    linked_organisation = linked.organisation_id

    migration.give_buyers_an_organisation(apps, None)
    migration.give_buyers_an_organisation(apps, None)  # a second run changes nothing

    for buyer in bare:
        buyer.refresh_from_db()
        assert buyer.organisation is not None
        assert (buyer.organisation.name, buyer.organisation.kind) == (buyer.name, "buyer")
    linked.refresh_from_db()
    assert linked.organisation_id == linked_organisation
    assert Organisation.objects.filter(kind=OrganisationKind.BUYER).count() == 3


# --- the buyer's page: inviting contract managers -----------------------------------------


@pytest.fixture
def hoorn() -> Buyer:
    return BuyerFactory(name="Gemeente Hoorn")


def test_coordinator_invites_a_contract_manager_who_then_reads_the_plans(
    coordinator: User, hoorn: Buyer, contractor_a: User
) -> None:
    plan = PlanFactory(
        contract__organisation=contractor_a.organisation, contract__buyer=hoorn, submitted=True
    )
    response = _client(coordinator).post(
        reverse("plans:buyer_detail", args=[hoorn.pk]), {"email": "Inkoop@Hoorn.example.org"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("inkoop@hoorn.example.org", Role.BUYER)
    assert invitation.organisation_id == hoorn.organisation_id
    (mail,) = [m for m in OutboxMessage.objects.all() if "inkoop@hoorn.example.org" in m.to]
    assert "Gemeente Hoorn" in mail.body

    page = _client(coordinator).get(reverse("plans:buyer_detail", args=[hoorn.pk]))
    assert "inkoop@hoorn.example.org" in page.content.decode()  # pending

    client = Client()
    accepted = client.post(
        accept_path_from_mail(mail),
        {"full_name": "Ina Inkoop", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert accepted.status_code == 302
    user = User.objects.get(email="inkoop@hoorn.example.org")
    assert (user.role, user.organisation_id) == (Role.BUYER, hoorn.organisation_id)
    assert user.organisation_admin  # the buyer's first user
    assert list(selectors.plan_list_for_user(user)) == [plan]
    assert client.get(reverse("plans:plan_detail", args=[plan.pk])).status_code == 200


def test_second_contract_manager_is_not_admin(coordinator: User, hoorn: Buyer) -> None:
    buyer_user_of(hoorn, organisation_admin=True)
    invitation = services.buyer_invite_user(
        acting_user=coordinator, buyer=hoorn, email="tweede@hoorn.example.org"
    )
    user = invitation_accept(invitation=invitation, full_name="Twee", password=PASSWORD)
    assert not user.organisation_admin


def test_buyer_without_organisation_gets_one_on_the_first_invitation(coordinator: User) -> None:
    buyer = Buyer.objects.create(name="Oude opdrachtgever")
    invitation = services.buyer_invite_user(
        acting_user=coordinator, buyer=buyer, email="a@oud.example.org"
    )
    buyer.refresh_from_db()
    assert buyer.organisation is not None
    assert buyer.organisation.kind == OrganisationKind.BUYER
    assert invitation.organisation_id == buyer.organisation_id


def test_an_organisation_id_in_the_post_is_ignored(
    coordinator: User, hoorn: Buyer, contractor_a: User
) -> None:
    other = BuyerFactory(name="Gemeente Opmeer")
    response = _client(coordinator).post(
        reverse("plans:buyer_detail", args=[hoorn.pk]),
        {
            "email": "x@hoorn.example.org",
            "organisation": other.organisation_id,
            "role": Role.COORDINATOR,
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.organisation_id, invitation.role) == (hoorn.organisation_id, Role.BUYER)


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Vul het e-mailadres in van de contractmanager die u uitnodigt."),
        ("in\x00koop@hoorn.example.org", "Null-tekens zijn niet toegestaan."),
        ("a" * 10_000 + "@hoorn.example.org", "niet meer dan 254 tekens"),
        ("geen-adres", "Vul een geldig e-mailadres in"),
    ],
)
def test_bad_email_is_explained_at_the_field(
    coordinator: User, hoorn: Buyer, email: str, message: str
) -> None:
    response = _client(coordinator).post(
        reverse("plans:buyer_detail", args=[hoorn.pk]), {"email": email}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'href="#id_email"' in html
    assert not Invitation.objects.exists()


def test_existing_account_cannot_be_invited(coordinator: User, hoorn: Buyer) -> None:
    response = _client(coordinator).post(
        reverse("plans:buyer_detail", args=[hoorn.pk]), {"email": coordinator.email.upper()}
    )
    assert response.status_code == 400
    assert "Er bestaat al een account met dit e-mailadres." in response.content.decode()
    assert not Invitation.objects.exists()


def test_unknown_buyer_is_404(coordinator: User, db: None) -> None:
    assert _client(coordinator).get(reverse("plans:buyer_detail", args=[999])).status_code == 404


def test_buyer_page_shows_users_and_invitations_of_that_buyer_only(
    coordinator: User, hoorn: Buyer
) -> None:
    other = BuyerFactory(name="Gemeente Opmeer")
    buyer_user_of(hoorn, email="lees@hoorn.example.org")
    buyer_user_of(other, email="lees@opmeer.example.org")
    services.buyer_invite_user(acting_user=coordinator, buyer=other, email="nog@opmeer.example.org")
    html = _client(coordinator).get(reverse("plans:buyer_detail", args=[hoorn.pk])).content.decode()
    assert "lees@hoorn.example.org" in html
    assert "opmeer.example.org" not in html


def test_plan_of_a_buyer_is_not_visible_to_contractors_of_other_organisations(
    hoorn: Buyer, contractor_a: User, contractor_b: User
) -> None:
    """The buyer rule adds nothing for contractors."""
    plan = PlanFactory(
        contract__organisation=contractor_a.organisation, contract__buyer=hoorn, submitted=True
    )
    assert plan not in selectors.plan_list_for_user(contractor_b)
    assert set(Plan.objects.filter(selectors.plans_visible_q(contractor_a))) == {plan}
