"""Colleagues: an organisation's administrator invites colleagues into their own organisation,
revokes pending invitations and makes colleagues administrator (at least one remains)."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sroi.accounts import services
from sroi.accounts.constants import InvitationStatus, OrganisationKind, Role
from sroi.accounts.models import Invitation, Organisation, User
from sroi.core.models import AuditEntry, OutboxMessage
from tests.accounts.test_invitations import NEW_COMPANY, accept_path_from_mail
from tests.factories import OrganisationFactory, UserFactory

PASSWORD = "Zeer-geheim-wachtwoord-2026"
COLLEAGUES = reverse("accounts:colleagues")


@pytest.fixture
def admin_a(contractor_a: User) -> User:
    contractor_a.organisation_admin = True
    contractor_a.save()
    return contractor_a


@pytest.fixture
def colleague_a(admin_a: User) -> User:
    return UserFactory(email="collega@bouw-a.example.org", organisation=admin_a.organisation)


@pytest.fixture
def admin_b(contractor_b: User) -> User:
    contractor_b.organisation_admin = True
    contractor_b.save()
    return contractor_b


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# --- the service ---------------------------------------------------------------------------


def test_admin_invites_a_colleague_into_own_organisation(admin_a: User) -> None:
    invitation, token = services.colleague_invite(acting_user=admin_a, email=" Nieuw@Bouw-A.nl ")
    assert invitation.email == "nieuw@bouw-a.nl"
    assert invitation.organisation_id == admin_a.organisation_id
    assert invitation.role == Role.CONTRACTOR
    assert invitation.invited_by == admin_a
    assert token and invitation.token_hash != token
    assert AuditEntry.objects.filter(action="invitation.create", actor=admin_a).exists()
    assert OutboxMessage.objects.filter(subject__contains="Uitnodiging").count() == 1


def test_non_admin_cannot_invite(contractor_a: User) -> None:
    with pytest.raises(PermissionDenied):
        services.colleague_invite(acting_user=contractor_a, email="x@bouw-a.nl")
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            acting_user=contractor_a,
            email="x@bouw-a.nl",
            role=Role.CONTRACTOR,
            organisation=contractor_a.organisation,
        )
    assert not Invitation.objects.exists()


def test_admin_cannot_invite_into_another_organisation_or_another_role(
    admin_a: User, contractor_b: User
) -> None:
    attempts = [
        {"role": Role.CONTRACTOR, "organisation": contractor_b.organisation},
        {"role": Role.CONTRACTOR, "organisation": None},
        {"role": Role.COORDINATOR, "organisation": None},
        {"role": Role.BUYER, "organisation": admin_a.organisation},
        {"role": Role.ADMINISTRATOR, "organisation": None},
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            services.invitation_create(acting_user=admin_a, email="x@y.nl", **attempt)
    assert not Invitation.objects.exists()


def test_buyer_admin_invites_buyer_colleagues(db: None) -> None:
    admin = UserFactory(buyer=True, organisation_admin=True)
    invitation, _token = services.colleague_invite(acting_user=admin, email="b@gemeente.nl")
    assert invitation.role == Role.BUYER
    assert invitation.organisation_id == admin.organisation_id


@pytest.mark.parametrize(
    ("role", "kind", "allowed"),
    [
        (Role.CONTRACTOR, OrganisationKind.CONTRACTOR, True),
        (Role.CONTRACTOR, OrganisationKind.BUYER, False),
        (Role.BUYER, OrganisationKind.BUYER, True),
        (Role.BUYER, OrganisationKind.CONTRACTOR, False),
        (Role.BUYER, None, False),
        (Role.COORDINATOR, OrganisationKind.CONTRACTOR, False),
        (Role.COORDINATOR, None, True),
    ],
)
def test_coordinator_invitation_matches_role_and_organisation_kind(
    coordinator: User, role: str, kind: str | None, allowed: bool
) -> None:
    organisation = OrganisationFactory(kind=kind) if kind is not None else None
    if allowed:
        services.invitation_create(
            acting_user=coordinator, email="x@y.nl", role=role, organisation=organisation
        )
        assert Invitation.objects.count() == 1
    else:
        with pytest.raises(ValidationError):
            services.invitation_create(
                acting_user=coordinator, email="x@y.nl", role=role, organisation=organisation
            )
        assert not Invitation.objects.exists()


def test_coordinator_form_refuses_a_contractor_in_a_buyer_organisation(
    client: Client, coordinator: User
) -> None:
    buyer_organisation = OrganisationFactory(kind=OrganisationKind.BUYER, name="Gemeente Hoorn")
    response = _client(coordinator).post(
        reverse("accounts:invitations"),
        {"email": "x@y.nl", "role": Role.CONTRACTOR, "organisation": buyer_organisation.pk},
    )
    assert response.status_code == 200
    assert "Een opdrachtnemer hoort bij een bedrijf van een opdrachtnemer" in (
        response.content.decode()
    )
    response = _client(coordinator).post(
        reverse("accounts:invitations"),
        {"email": "x@y.nl", "role": Role.BUYER, "organisation": buyer_organisation.pk},
    )
    assert response.status_code == 302
    assert Invitation.objects.get().role == Role.BUYER


# --- the page ------------------------------------------------------------------------------


def test_admin_invites_through_the_page_and_the_colleague_signs_in(
    admin_a: User, shipped_rulesets: None
) -> None:
    from tests.plans.factories import PlanFactory

    plan = PlanFactory(contract__organisation=admin_a.organisation)
    response = _client(admin_a).post(COLLEAGUES, {"email": "nieuw@bouw-a.example.org"})
    assert response.status_code == 302
    page = _client(admin_a).get(COLLEAGUES).content.decode()
    assert "nieuw@bouw-a.example.org" in page

    (mail,) = [m for m in OutboxMessage.objects.all() if "nieuw@bouw-a.example.org" in m.to]
    assert "Bouwbedrijf A B.V." in mail.body
    client = Client()
    form = client.get(accept_path_from_mail(mail))
    assert "KvK" not in form.content.decode()  # joins the company: no company data asked
    accepted = client.post(
        accept_path_from_mail(mail),
        {"full_name": "Nina Nieuw", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert accepted.status_code == 302
    colleague = User.objects.get(email="nieuw@bouw-a.example.org")
    assert colleague.organisation_id == admin_a.organisation_id
    assert colleague.role == Role.CONTRACTOR
    assert not colleague.organisation_admin
    assert client.get(reverse("plans:plan_detail", args=[plan.pk])).status_code == 200


def test_posted_organisation_and_role_are_ignored(admin_a: User, contractor_b: User) -> None:
    response = _client(admin_a).post(
        COLLEAGUES,
        {
            "email": "x@bouw-a.example.org",
            "organisation": contractor_b.organisation_id,
            "role": Role.COORDINATOR,
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.organisation_id, invitation.role) == (
        admin_a.organisation_id,
        Role.CONTRACTOR,
    )


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Vul het e-mailadres in van de collega die u uitnodigt."),
        ("collega\x00@bouw-a.example.org", "Null-tekens zijn niet toegestaan."),
        ("c" * 10_000 + "@bouw-a.example.org", "niet meer dan 254 tekens"),
        ("geen adres", "Vul een geldig e-mailadres in"),
        ("b@schoon-b.example.org", "Er bestaat al een account met dit e-mailadres."),
    ],
)
def test_bad_email_is_explained_and_kept(
    admin_a: User, contractor_b: User, email: str, message: str
) -> None:
    response = _client(admin_a).post(COLLEAGUES, {"email": email})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'href="#id_email"' in html
    assert not Invitation.objects.exists()


def test_non_admin_contractor_gets_403_with_a_clear_message(
    contractor_a: User, colleague_a: User
) -> None:
    contractor_a.full_name = "Anna Admin"
    contractor_a.organisation_admin = True
    contractor_a.save()
    for method in ("get", "post"):
        response = getattr(_client(colleague_a), method)(COLLEAGUES, {"email": "x@y.nl"})
        assert response.status_code == 403
        html = response.content.decode()
        assert "Alleen een beheerder van uw organisatie kan collega's uitnodigen" in html
        assert "Anna Admin" in html  # who to ask
    assert not Invitation.objects.exists()


def test_coordinator_and_buyer_user_without_admin_get_403(coordinator: User) -> None:
    assert _client(coordinator).get(COLLEAGUES).status_code == 403
    assert _client(UserFactory(buyer=True)).get(COLLEAGUES).status_code == 403


def test_anonymous_goes_to_login(db: None) -> None:
    for url in (
        COLLEAGUES,
        reverse("accounts:colleague_admin", args=[1]),
        reverse("accounts:invitation_revoke", args=[1]),
    ):
        response = Client().post(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_page_lists_own_users_and_pending_invitations_only(
    admin_a: User, colleague_a: User, admin_b: User, coordinator: User
) -> None:
    services.colleague_invite(acting_user=admin_a, email="open@bouw-a.example.org")
    services.colleague_invite(acting_user=admin_b, email="open@schoon-b.example.org")
    accepted, _token = services.colleague_invite(acting_user=admin_a, email="al@bouw-a.nl")
    services.invitation_accept(invitation=accepted, full_name="Al", password=PASSWORD)
    expired, _token = services.colleague_invite(acting_user=admin_a, email="oud@bouw-a.nl")
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(1))
    html = _client(admin_a).get(COLLEAGUES).content.decode()
    assert "collega@bouw-a.example.org" in html
    assert "open@bouw-a.example.org" in html
    assert "schoon-b" not in html
    assert "oud@bouw-a.nl" not in html  # expired: not pending
    assert f'data-invitation="{accepted.pk}"' not in html


# --- revoking ------------------------------------------------------------------------------


def test_admin_revokes_a_pending_invitation(admin_a: User) -> None:
    invitation, token = services.colleague_invite(acting_user=admin_a, email="x@bouw-a.nl")
    response = _client(admin_a).post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 302
    assert response["Location"] == COLLEAGUES
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    link = Client().get(reverse("accounts:invitation_accept", args=[token]))
    assert link.status_code == 410
    assert "Deze uitnodiging is ingetrokken." in link.content.decode()
    with pytest.raises(services.InvitationError):
        services.invitation_accept(invitation=invitation, full_name="X", password=PASSWORD)
    assert not User.objects.filter(email="x@bouw-a.nl").exists()


def test_revoking_twice_or_after_acceptance_is_explained(admin_a: User) -> None:
    invitation, _token = services.colleague_invite(acting_user=admin_a, email="x@bouw-a.nl")
    services.invitation_revoke(acting_user=admin_a, invitation=invitation)
    revoked_at = Invitation.objects.get().revoked_at
    response = _client(admin_a).post(
        reverse("accounts:invitation_revoke", args=[invitation.pk]), follow=True
    )
    assert "Deze uitnodiging is al ingetrokken." in response.content.decode()
    assert Invitation.objects.get().revoked_at == revoked_at
    accepted, _token = services.colleague_invite(acting_user=admin_a, email="y@bouw-a.nl")
    services.invitation_accept(invitation=accepted, full_name="Y", password=PASSWORD)
    response = _client(admin_a).post(
        reverse("accounts:invitation_revoke", args=[accepted.pk]), follow=True
    )
    assert "Deze uitnodiging is al geaccepteerd." in response.content.decode()
    accepted.refresh_from_db()
    assert accepted.revoked_at is None


def test_admin_cannot_revoke_another_organisations_invitation(
    admin_a: User, admin_b: User, colleague_a: User
) -> None:
    invitation, _token = services.colleague_invite(acting_user=admin_b, email="x@schoon-b.nl")
    url = reverse("accounts:invitation_revoke", args=[invitation.pk])
    assert _client(admin_a).post(url).status_code == 404
    assert _client(colleague_a).post(url).status_code == 403  # not an admin at all
    with pytest.raises(PermissionDenied):
        services.invitation_revoke(acting_user=admin_a, invitation=invitation)
    assert Invitation.objects.get().revoked_at is None


def test_coordinator_revokes_any_invitation_and_returns_to_the_page(
    coordinator: User, admin_b: User
) -> None:
    invitation, _token = services.colleague_invite(acting_user=admin_b, email="x@schoon-b.nl")
    url = reverse("accounts:invitation_revoke", args=[invitation.pk])
    response = _client(coordinator).post(url, {"next": "https://evil.example.org/"})
    assert response["Location"] == reverse("accounts:invitations")
    assert Invitation.objects.get().status == InvitationStatus.REVOKED


# --- administrators ------------------------------------------------------------------------


def test_admin_makes_a_colleague_admin_and_then_steps_down(
    admin_a: User, colleague_a: User
) -> None:
    client = _client(admin_a)
    url = reverse("accounts:colleague_admin", args=[colleague_a.pk])
    assert client.post(url, {"admin": "1"}).status_code == 302
    colleague_a.refresh_from_db()
    assert colleague_a.organisation_admin
    response = client.post(reverse("accounts:colleague_admin", args=[admin_a.pk]), {"admin": "0"})
    assert response["Location"] == reverse("accounts:organisation")
    admin_a.refresh_from_db()
    assert not admin_a.organisation_admin
    assert AuditEntry.objects.filter(action="organisation.admin_revoke").count() == 1


def test_the_last_admin_cannot_step_down(admin_a: User, colleague_a: User) -> None:
    response = _client(admin_a).post(
        reverse("accounts:colleague_admin", args=[admin_a.pk]), {"admin": "0"}, follow=True
    )
    assert "De organisatie heeft minstens één beheerder nodig." in response.content.decode()
    admin_a.refresh_from_db()
    assert admin_a.organisation_admin
    with pytest.raises(services.OrganisationAdminError):
        services.organisation_admin_set(acting_user=admin_a, member=admin_a, admin=False)


def test_a_deactivated_admin_does_not_count(admin_a: User, colleague_a: User) -> None:
    colleague_a.organisation_admin = True
    colleague_a.is_active = False
    colleague_a.save()
    with pytest.raises(services.OrganisationAdminError):
        services.organisation_admin_set(acting_user=admin_a, member=admin_a, admin=False)


def test_admin_cannot_change_another_organisations_users(
    admin_a: User, admin_b: User, colleague_a: User
) -> None:
    url = reverse("accounts:colleague_admin", args=[admin_b.pk])
    assert _client(admin_a).post(url, {"admin": "0"}).status_code == 404
    assert _client(colleague_a).post(url, {"admin": "0"}).status_code == 403
    url_own = reverse("accounts:colleague_admin", args=[admin_a.pk])
    assert _client(colleague_a).post(url_own, {"admin": "0"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.organisation_admin_set(acting_user=admin_a, member=admin_b, admin=False)
    assert User.objects.get(pk=admin_b.pk).organisation_admin
    assert User.objects.get(pk=admin_a.pk).organisation_admin


@pytest.mark.parametrize("value", ["", "2", "ja", "1\x00", "1" * 10_000])
def test_hostile_admin_value_changes_nothing(admin_a: User, colleague_a: User, value: str) -> None:
    response = _client(admin_a).post(
        reverse("accounts:colleague_admin", args=[colleague_a.pk]), {"admin": value}, follow=True
    )
    assert response.status_code == 200
    assert "Kies of de collega beheerder is." in response.content.decode()
    assert not User.objects.get(pk=colleague_a.pk).organisation_admin


# --- who becomes admin ---------------------------------------------------------------------


def test_the_user_who_signs_up_becomes_admin(client: Client, db: None) -> None:
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Sam Start",
            "email": "sam@start.example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            **NEW_COMPANY,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="sam@start.example.org").organisation_admin


def test_the_invitee_who_registers_a_new_company_becomes_admin(coordinator: User) -> None:
    from sroi.accounts.services import OrganisationDetails

    invitation, _token = services.invitation_create(
        acting_user=coordinator, email="n@nieuw.nl", role=Role.CONTRACTOR
    )
    user = services.invitation_accept(
        invitation=invitation,
        full_name="N",
        password=PASSWORD,
        organisation_details=OrganisationDetails(**NEW_COMPANY),
    )
    assert user.organisation_admin


def test_migration_makes_the_earliest_user_of_each_organisation_admin(db: None) -> None:
    migration = importlib.import_module(
        "sroi.accounts.migrations.0007_organisation_first_user_admin"
    )
    first_a = UserFactory(email="eerst@a.nl")
    later_a = UserFactory(email="later@a.nl", organisation=first_a.organisation)
    User.objects.filter(pk=first_a.pk).update(date_joined=timezone.now() - timedelta(days=30))
    inactive_first = UserFactory(email="weg@b.nl", is_active=False)
    active_b = UserFactory(email="actief@b.nl", organisation=inactive_first.organisation)
    User.objects.filter(pk=inactive_first.pk).update(date_joined=timezone.now() - timedelta(99))
    has_admin = UserFactory(email="eerst@c.nl")
    chosen_c = UserFactory(
        email="gekozen@c.nl", organisation=has_admin.organisation, organisation_admin=True
    )
    User.objects.filter(pk=has_admin.pk).update(date_joined=timezone.now() - timedelta(99))
    empty = OrganisationFactory()

    migration.make_earliest_user_admin(apps, None)
    migration.make_earliest_user_admin(apps, None)

    admins = set(User.objects.filter(organisation_admin=True).values_list("email", flat=True))
    assert admins == {first_a.email, active_b.email, chosen_c.email}
    assert later_a.email not in admins
    assert not empty.users.exists()
    assert Organisation.objects.count() == 4


# --- the buyer role on every accounts view ----------------------------------------------------


def test_buyer_user_on_every_accounts_view(contractor_a: User) -> None:
    reader = UserFactory(buyer=True, organisation__name="Gemeente Hoorn")
    client = _client(reader)
    own = client.get(reverse("accounts:organisation"))
    assert own.status_code == 200
    assert "Gemeente Hoorn is een opdrachtgever" in own.content.decode()
    assert reverse("accounts:organisation_edit") not in own.content.decode()
    assert client.get(reverse("accounts:organisation_edit")).status_code == 403
    post_edit = client.post(reverse("accounts:organisation_edit"), {"name": "Gekaapt"})
    assert post_edit.status_code == 403
    assert client.get(reverse("accounts:organisation_list")).status_code == 403
    detail = reverse("accounts:organisation_detail", args=[reader.organisation_id])
    assert client.get(detail).status_code == 200
    other = reverse("accounts:organisation_detail", args=[contractor_a.organisation_id])
    assert client.get(other).status_code == 404
    assert client.get(reverse("accounts:invitations")).status_code == 403
    invite = {"email": "x@y.nl", "role": Role.BUYER, "organisation": reader.organisation_id}
    assert client.post(reverse("accounts:invitations"), invite).status_code == 403
    assert client.get(COLLEAGUES).status_code == 403
    assert Organisation.objects.get(pk=reader.organisation_id).name == "Gemeente Hoorn"
    assert not Invitation.objects.exists()
