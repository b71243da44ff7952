"""Every plans-domain view: anonymous -> login, other organisation -> 404, owner, coordinator."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from sroi.accounts.models import User
from sroi.plans.constants import PlanStatus
from sroi.plans.models import Plan
from tests.plans.factories import BuyerFactory, PlanFactory

LOGIN = reverse("account_login")


@pytest.fixture
def submitted_a(contractor_a: User) -> Plan:
    return PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _urls(plan: Plan) -> dict[str, tuple[str, str]]:
    """name -> (method, url) of every view that takes a plan."""
    return {
        "plan_detail": ("get", reverse("plans:plan_detail", args=[plan.pk])),
        "plan_version_detail": ("get", reverse("plans:plan_version_detail", args=[plan.pk, 1])),
        "plan_version_pdf": ("get", reverse("plans:plan_version_pdf", args=[plan.pk, 1])),
        "plan_submit": ("post", reverse("plans:plan_submit", args=[plan.pk])),
        "plan_withdraw": ("post", reverse("plans:plan_withdraw", args=[plan.pk])),
        "plan_request_changes": ("post", reverse("plans:plan_request_changes", args=[plan.pk])),
        "plan_approve": ("post", reverse("plans:plan_approve", args=[plan.pk])),
    }


@pytest.mark.parametrize(
    "name",
    [
        "plan_detail",
        "plan_version_detail",
        "plan_version_pdf",
        "plan_submit",
        "plan_withdraw",
        "plan_request_changes",
        "plan_approve",
    ],
)
def test_anonymous_is_sent_to_login(submitted_a: Plan, name: str) -> None:
    method, url = _urls(submitted_a)[name]
    response = getattr(_client(None), method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.parametrize(
    "name",
    [
        "plan_detail",
        "plan_version_detail",
        "plan_version_pdf",
        "plan_submit",
        "plan_withdraw",
        "plan_request_changes",
        "plan_approve",
    ],
)
def test_contractor_of_other_organisation_gets_404(
    submitted_a: Plan, contractor_b: User, name: str
) -> None:
    method, url = _urls(submitted_a)[name]
    response = getattr(_client(contractor_b), method)(url, {"note": "x"})
    assert response.status_code == 404
    submitted_a.refresh_from_db()
    assert submitted_a.status == PlanStatus.SUBMITTED


@pytest.mark.parametrize("name", ["plan_detail", "plan_version_detail", "plan_version_pdf"])
@pytest.mark.parametrize("who", ["owner", "coordinator"])
def test_owner_and_coordinator_can_read(
    submitted_a: Plan, contractor_a: User, coordinator: User, name: str, who: str
) -> None:
    user = contractor_a if who == "owner" else coordinator
    method, url = _urls(submitted_a)[name]
    response = getattr(_client(user), method)(url)
    assert response.status_code == 200


def test_home_requires_login(db: None) -> None:
    response = _client(None).get(reverse("plans:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_contractor_home_lists_only_own_plans(
    contractor_a: User, plan_a: Plan, plan_b: Plan
) -> None:
    response = _client(contractor_a).get(reverse("plans:home"))
    assert response.status_code == 200
    assert plan_a.contract.name in response.content.decode()
    assert plan_b.contract.name not in response.content.decode()


def test_coordinator_home_lists_all_plans(coordinator: User, plan_a: Plan, plan_b: Plan) -> None:
    content = _client(coordinator).get(reverse("plans:home")).content.decode()
    assert plan_a.contract.name in content
    assert plan_b.contract.name in content


def test_workflow_actions_refuse_get(contractor_a: User, submitted_a: Plan) -> None:
    for name in ("plan_submit", "plan_withdraw", "plan_request_changes", "plan_approve"):
        _method, url = _urls(submitted_a)[name]
        assert _client(contractor_a).get(url).status_code == 405


def test_contractor_cannot_decide_on_own_plan(contractor_a: User, submitted_a: Plan) -> None:
    client = _client(contractor_a)
    assert client.post(_urls(submitted_a)["plan_approve"][1]).status_code == 403
    assert (
        client.post(_urls(submitted_a)["plan_request_changes"][1], {"note": "x"}).status_code == 403
    )
    submitted_a.refresh_from_db()
    assert submitted_a.status == PlanStatus.SUBMITTED


def test_coordinator_cannot_submit_or_withdraw(coordinator: User, submitted_a: Plan) -> None:
    client = _client(coordinator)
    assert client.post(_urls(submitted_a)["plan_withdraw"][1]).status_code == 403
    draft = PlanFactory()
    assert client.post(reverse("plans:plan_submit", args=[draft.pk])).status_code == 403


def test_owner_submits_and_withdraws(contractor_a: User, plan_a: Plan) -> None:
    client = _client(contractor_a)
    response = client.post(reverse("plans:plan_submit", args=[plan_a.pk]))
    assert response.status_code == 302
    plan_a.refresh_from_db()
    assert plan_a.status == PlanStatus.SUBMITTED
    response = client.post(
        reverse("plans:plan_withdraw", args=[plan_a.pk]),
        {"note": "Foutje in de uren.", "confirm": "yes"},
    )
    assert response.status_code == 302
    plan_a.refresh_from_db()
    assert plan_a.status == PlanStatus.WITHDRAWN
    assert plan_a.events.get(action="withdraw").note == "Foutje in de uren."


def test_withdraw_with_too_long_note_keeps_the_note_and_does_not_withdraw(
    contractor_a: User, submitted_a: Plan
) -> None:
    note = "Uren kloppen niet. " + "x" * 5000  # the note may be at most 5,000 characters
    response = _client(contractor_a).post(
        reverse("plans:plan_withdraw", args=[submitted_a.pk]), {"note": note}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert note in content  # what was typed is shown again in the textarea
    # Django's Dutch max-length message, at the field and in the summary linking to it:
    assert "Zorg dat deze waarde niet meer dan 5000 tekens bevat (het zijn er nu 5019)." in content
    assert 'id="id_note_error"' in content
    assert 'href="#id_note"' in content
    submitted_a.refresh_from_db()
    assert submitted_a.status == PlanStatus.SUBMITTED
    assert not submitted_a.events.filter(action="withdraw").exists()


def test_coordinator_requests_changes_and_approves(
    coordinator: User, submitted_a: Plan, contractor_a: User
) -> None:
    client = _client(coordinator)
    response = client.post(
        reverse("plans:plan_request_changes", args=[submitted_a.pk]), {"note": "Meer BBL."}
    )
    assert response.status_code == 302
    submitted_a.refresh_from_db()
    assert submitted_a.status == PlanStatus.CHANGES_REQUESTED
    # the contractor sees the note on the plan page
    page = _client(contractor_a).get(reverse("plans:plan_detail", args=[submitted_a.pk]))
    assert "Meer BBL." in page.content.decode()

    other = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    response = client.post(
        reverse("plans:plan_approve", args=[other.pk]),
        {"note": "", "confirm": "yes", "accept_shortfall": "on"},  # 50 % covered
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == PlanStatus.APPROVED


def test_request_changes_without_note_shows_the_error_at_the_field(
    coordinator: User, submitted_a: Plan
) -> None:
    response = _client(coordinator).post(
        reverse("plans:plan_request_changes", args=[submitted_a.pk]), {"note": ""}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Schrijf op wat de opdrachtnemer moet wijzigen." in content
    assert 'href="#id_note"' in content  # the error summary links to the field


def test_incomplete_submission_lists_errors_linking_to_the_form_fields(
    contractor_a: User,
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, effort_kinds=[])
    response = _client(contractor_a).post(reverse("plans:plan_submit", args=[plan.pk]))
    assert response.status_code == 400
    content = response.content.decode()
    edit = reverse("plans:plan_edit", args=[plan.pk])
    assert f'href="{edit}#id_effort_kinds"' in content
    assert "Kies ten minste één soort invulling." in content
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_pdf_download_is_named_after_contract_and_date(
    contractor_a: User, submitted_a: Plan
) -> None:
    submitted_a.contract.name = "Onderhoud wegen Hoorn"
    submitted_a.contract.save()  # the file name comes from the snapshot, not from this
    response = _client(contractor_a).get(
        reverse("plans:plan_version_pdf", args=[submitted_a.pk, 1])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    version = submitted_a.versions.get()
    day = timezone.localdate(version.submitted_at).isoformat()
    slug = slugify(version.snapshot["contract"]["name"])
    assert response["Content-Disposition"] == (
        f'attachment; filename="plan-van-aanpak-{slug}-{day}.pdf"'
    )


def test_buyer_pages_are_for_coordinators_only(
    contractor_a: User, coordinator: User, db: None
) -> None:
    buyer = BuyerFactory(name="Gemeente Opmeer")
    list_url = reverse("plans:buyer_list")
    toggle_url = reverse("plans:buyer_toggle_active", args=[buyer.pk])
    anonymous = _client(None)
    assert anonymous.get(list_url)["Location"].startswith(LOGIN)
    assert anonymous.post(toggle_url)["Location"].startswith(LOGIN)
    contractor = _client(contractor_a)
    assert contractor.get(list_url).status_code == 403
    assert contractor.post(list_url, {"name": "Nep"}).status_code == 403
    assert contractor.post(toggle_url).status_code == 403
    buyer.refresh_from_db()
    assert buyer.active

    client = _client(coordinator)
    assert client.get(list_url).status_code == 200
    assert client.post(toggle_url).status_code == 302
    buyer.refresh_from_db()
    assert not buyer.active
