"""Buyer users read their buyer's contracts and submitted plans, and nothing else; they write
nothing. Every plans view and the selectors, for the buyer role."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from sroi.accounts.constants import OrganisationKind, Role
from sroi.accounts.models import Invitation, Organisation, User
from sroi.core.models import AuditEntry
from sroi.plans import selectors, services, services_review
from sroi.plans.constants import PlanStatus
from sroi.plans.models import Buyer, Contract, Plan, PlanEvent, PlanLine, PlanVersion
from tests.factories import OrganisationFactory, UserFactory
from tests.plans.factories import BuyerFactory, ContractFactory, PlanFactory, buyer_user_of

LOGIN = reverse("account_login")


@pytest.fixture
def hoorn() -> Buyer:
    return BuyerFactory(name="Gemeente Hoorn")


@pytest.fixture
def opmeer() -> Buyer:
    return BuyerFactory(name="Gemeente Opmeer")


@pytest.fixture
def reader(hoorn: Buyer) -> User:
    """A contract manager of Gemeente Hoorn."""
    return buyer_user_of(hoorn, email="inkoop@hoorn.example.org")


@pytest.fixture
def submitted(hoorn: Buyer, contractor_a: User) -> Plan:
    return PlanFactory(
        contract__organisation=contractor_a.organisation,
        contract__buyer=hoorn,
        contract__name="Onderhoud Hoorn",
        submitted=True,
    )


@pytest.fixture
def draft(hoorn: Buyer, contractor_a: User) -> Plan:
    """A draft for Hoorn that was never submitted: the contractor's own work."""
    return PlanFactory(
        contract__organisation=contractor_a.organisation,
        contract__buyer=hoorn,
        contract__name="Concept Hoorn",
    )


@pytest.fixture
def other_buyers(opmeer: Buyer, contractor_b: User) -> Plan:
    return PlanFactory(
        contract__organisation=contractor_b.organisation,
        contract__buyer=opmeer,
        contract__name="Schoonmaak Opmeer",
        submitted=True,
    )


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _state() -> dict[str, Any]:
    """Everything a write could change."""
    return {
        "plans": sorted(
            Plan.objects.values_list("pk", "status", "current_version", "updated_at", "revision")
        ),
        "contracts": sorted(Contract.objects.values_list("pk", "name", "value_eur")),
        "lines": PlanLine.objects.count(),
        "versions": PlanVersion.objects.count(),
        "events": PlanEvent.objects.count(),
        "buyers": sorted(Buyer.objects.values_list("pk", "name", "active")),
        "invitations": Invitation.objects.count(),
        "audit": AuditEntry.objects.exclude(action="plan.store_pdf").count(),
    }


# --- selectors ---------------------------------------------------------------------------


def test_buyer_user_sees_only_submitted_plans_of_its_buyer(
    reader: User, submitted: Plan, draft: Plan, other_buyers: Plan
) -> None:
    assert list(selectors.plan_list_for_user(reader)) == [submitted]
    assert selectors.plan_get_for_user(reader, submitted.pk) == submitted
    version = selectors.plan_version_get_for_user(reader, plan_pk=submitted.pk, number=1)
    assert version.plan_id == submitted.pk


@pytest.mark.parametrize("which", ["draft", "other_buyers"])
def test_buyer_user_gets_404_for_drafts_and_other_buyers(
    reader: User, submitted: Plan, draft: Plan, other_buyers: Plan, which: str
) -> None:
    plan = {"draft": draft, "other_buyers": other_buyers}[which]
    with pytest.raises(selectors.Http404):
        selectors.plan_get_for_user(reader, plan.pk)
    with pytest.raises(selectors.Http404):
        selectors.contract_get_for_user(reader, plan.contract_id)


def test_contract_list_of_a_buyer_user(
    reader: User, hoorn: Buyer, submitted: Plan, draft: Plan, other_buyers: Plan
) -> None:
    """Contracts with a submitted plan, and contracts of record (registered by the
    coordinator) even before their plan is submitted; never a contractor's own draft."""
    of_record = ContractFactory(buyer=hoorn, name="Geregistreerd Hoorn", of_record=True)
    visible = set(selectors.contract_list_for_user(reader))
    assert visible == {submitted.contract, of_record}


def test_contracts_visible_q_filters_other_models(
    reader: User, submitted: Plan, draft: Plan, other_buyers: Plan
) -> None:
    """The same rule as a filter on a model that points at a contract (here: plans)."""
    by_contract = Plan.objects.filter(selectors.contracts_visible_q(reader, prefix="contract__"))
    assert set(by_contract) == {submitted}
    assert set(Plan.objects.filter(selectors.plans_visible_q(reader))) == {submitted}
    versions = PlanVersion.objects.filter(selectors.plans_visible_q(reader, prefix="plan__"))
    assert [v.plan_id for v in versions] == [submitted.pk]


def test_a_submitted_plan_stays_visible_after_changes_are_requested(
    reader: User, submitted: Plan, coordinator: User
) -> None:
    services_review.plan_request_changes(
        acting_user=coordinator, plan=submitted, note="Graag data."
    )
    assert list(selectors.plan_list_for_user(reader)) == [submitted]


def test_buyer_role_in_a_contractors_organisation_sees_nothing(
    submitted: Plan, contractor_a: User
) -> None:
    """Role buyer but the organisation is a contractor's (or not linked from a buyer)."""
    misfiled = UserFactory(role=Role.BUYER, organisation=contractor_a.organisation)
    unlinked = UserFactory(buyer=True)
    for user in (misfiled, unlinked):
        assert not selectors.plan_list_for_user(user).exists()
        assert not selectors.contract_list_for_user(user).exists()


def test_deactivated_buyer_user_sees_nothing(reader: User, submitted: Plan) -> None:
    reader.is_active = False
    reader.save()
    assert not selectors.plan_list_for_user(reader).exists()


def test_buyer_organisation_kind_is_checked(reader: User, hoorn: Buyer, submitted: Plan) -> None:
    """A buyer's organisation turned into a contractor's kind (by an administrator's mistake)
    gives its users nothing."""
    Organisation.objects.filter(pk=hoorn.organisation_id).update(kind=OrganisationKind.CONTRACTOR)
    assert not selectors.plan_list_for_user(reader).exists()


def test_helper_answers_without_a_query(
    reader: User, django_assert_num_queries: Any, contractor_a: User
) -> None:
    from sroi.accounts.selectors import user_buyer_organisation_id

    with django_assert_num_queries(0):
        assert user_buyer_organisation_id(reader) == reader.organisation_id
        assert user_buyer_organisation_id(contractor_a) is None


# --- pages: reading ----------------------------------------------------------------------


def test_buyer_home_lists_the_buyers_submitted_plans_read_only(
    reader: User, submitted: Plan, draft: Plan, other_buyers: Plan
) -> None:
    response = _client(reader).get(reverse("plans:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Onderhoud Hoorn" in html
    assert "Concept Hoorn" not in html
    assert "Schoonmaak Opmeer" not in html
    assert "Bouwbedrijf A B.V." in html  # the contractor column
    assert reverse("plans:plan_create") not in html
    assert "Nieuw plan van aanpak" not in html
    assert "De plannen die zijn ingediend voor de contracten van Gemeente Hoorn" in html


def test_buyer_reads_plan_version_and_pdf(reader: User, submitted: Plan) -> None:
    client = _client(reader)
    detail = client.get(reverse("plans:plan_detail", args=[submitted.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Onderhoud Hoorn" in html
    # No write form of the plan: only the language switch and the sign-out form post.
    assert html.count('method="post"') == 2
    for name in ("plan_submit", "plan_withdraw", "plan_approve", "plan_edit", "plan_delete"):
        assert reverse(f"plans:{name}", args=[submitted.pk]) not in html
    version = client.get(reverse("plans:plan_version_detail", args=[submitted.pk, 1]))
    assert version.status_code == 200
    pdf = client.get(reverse("plans:plan_version_pdf", args=[submitted.pk, 1]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"


def test_buyer_does_not_see_the_working_copy_while_the_contractor_changes_it(
    reader: User, submitted: Plan, coordinator: User, contractor_a: User
) -> None:
    services_review.plan_request_changes(
        acting_user=coordinator, plan=submitted, note="Graag data."
    )
    line = submitted.lines.get()
    services.plan_save_draft(
        acting_user=contractor_a,
        plan=submitted,
        plan_data={"work_description": "Nieuwe tekst in bewerking"},
        lines=[{"id": line.pk, "target_group": line.target_group, "count": 7}],
    )
    client = _client(reader)
    html = client.get(reverse("plans:plan_detail", args=[submitted.pk])).content.decode()
    assert "De opdrachtnemer wijzigt dit plan" in html
    assert "Nieuwe tekst in bewerking" not in html
    assert "De coördinator heeft de opdrachtnemer gevraagd het plan te wijzigen" in html
    assert reverse("plans:plan_version_detail", args=[submitted.pk, 1]) in html
    home = client.get(reverse("plans:home")).content.decode()
    assert "wordt gewijzigd door de opdrachtnemer" in home


@pytest.mark.parametrize(
    "name", ["plan_detail", "plan_version_detail", "plan_version_pdf", "plan_edit"]
)
def test_buyer_gets_404_on_other_buyers_and_drafts(
    reader: User, draft: Plan, other_buyers: Plan, name: str
) -> None:
    client = _client(reader)
    for plan in (draft, other_buyers):
        args = [plan.pk, 1] if name.startswith("plan_version") else [plan.pk]
        assert client.get(reverse(f"plans:{name}", args=args)).status_code == 404


def test_buyer_user_of_another_buyer_gets_404(opmeer: Buyer, submitted: Plan) -> None:
    stranger = buyer_user_of(opmeer)
    client = _client(stranger)
    assert client.get(reverse("plans:plan_detail", args=[submitted.pk])).status_code == 404
    assert "Onderhoud Hoorn" not in client.get(reverse("plans:home")).content.decode()


# --- pages: every write is refused, nothing changes ----------------------------------------


def _writes(plan: Plan, buyer: Buyer) -> list[tuple[str, str, dict[str, Any]]]:
    pk = plan.pk
    document = json.dumps({"ruleset": "nhn-werksaam", "lines": []})
    return [
        ("post", reverse("plans:plan_submit", args=[pk]), {}),
        ("post", reverse("plans:plan_withdraw", args=[pk]), {"note": "weg", "confirm": "yes"}),
        ("post", reverse("plans:plan_request_changes", args=[pk]), {"note": "Anders."}),
        ("post", reverse("plans:plan_approve", args=[pk]), {"note": "", "confirm": "yes"}),
        ("get", reverse("plans:plan_delete", args=[pk]), {}),
        ("post", reverse("plans:plan_delete", args=[pk]), {"confirm": "yes"}),
        ("get", reverse("plans:plan_edit", args=[pk]), {}),
        ("post", reverse("plans:plan_edit", args=[pk]), {"contract-name": "Gekaapt"}),
        ("post", reverse("plans:plan_valuation", args=[pk]), {}),
        ("get", reverse("plans:plan_create"), {}),
        ("post", reverse("plans:plan_create"), {"contract-name": "Nieuw"}),
        ("post", reverse("plans:plan_valuation_new"), {}),
        ("get", reverse("plans:plan_from_calculation"), {}),
        ("post", reverse("plans:plan_from_calculation"), {"document": document}),
        ("get", reverse("plans:buyer_list"), {}),
        ("post", reverse("plans:buyer_list"), {"name": "Eigen opdrachtgever"}),
        ("get", reverse("plans:buyer_detail", args=[buyer.pk]), {}),
        ("post", reverse("plans:buyer_detail", args=[buyer.pk]), {"email": "x@hoorn.example.org"}),
        ("post", reverse("plans:buyer_toggle_active", args=[buyer.pk]), {}),
    ]


def test_every_plans_write_is_refused_to_a_buyer_user(
    reader: User, hoorn: Buyer, submitted: Plan
) -> None:
    client = _client(reader)
    before = _state()
    for method, url, data in _writes(submitted, hoorn):
        response = getattr(client, method)(url, data)
        assert response.status_code in (403, 404), (method, url, response.status_code)
    assert _state() == before


def test_buyer_user_cannot_write_through_the_services(
    reader: User, hoorn: Buyer, submitted: Plan
) -> None:
    before = _state()
    calls = [
        lambda: services.plan_submit(acting_user=reader, plan=submitted),
        lambda: services.plan_withdraw(acting_user=reader, plan=submitted),
        lambda: services_review.plan_approve(acting_user=reader, plan=submitted),
        lambda: services_review.plan_request_changes(acting_user=reader, plan=submitted, note="x"),
        lambda: services.plan_delete(acting_user=reader, plan=submitted),
        lambda: services.plan_save_draft(acting_user=reader, plan=submitted, plan_data={}),
        lambda: services.contract_update(
            acting_user=reader, contract=submitted.contract, data={"name": "x"}
        ),
        lambda: services.buyer_create(acting_user=reader, name="Eigen"),
        lambda: services.buyer_set_active(acting_user=reader, buyer=hoorn, active=False),
        lambda: services.buyer_invite_user(acting_user=reader, buyer=hoorn, email="x@y.nl"),
        lambda: services.plan_from_calculation(acting_user=reader, document={}),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert _state() == before
    assert submitted.status == PlanStatus.SUBMITTED


@pytest.mark.parametrize(
    "url",
    [
        reverse("plans:buyer_list"),
        reverse("plans:buyer_detail", args=[1]),
    ],
)
def test_anonymous_goes_to_login_from_buyer_pages(db: None, url: str) -> None:
    response = _client(None).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_contractor_gets_403_on_a_buyers_page(contractor_a: User, hoorn: Buyer) -> None:
    assert (
        _client(contractor_a).get(reverse("plans:buyer_detail", args=[hoorn.pk])).status_code == 403
    )


def test_buyer_role_contract_of_unverified_organisation_is_hidden(
    reader: User, hoorn: Buyer
) -> None:
    organisation = OrganisationFactory(awaiting_verification=True)
    plan = PlanFactory(contract__organisation=organisation, contract__buyer=hoorn, submitted=True)
    assert plan not in selectors.plan_list_for_user(reader)


def test_buyer_user_reads_its_contract_in_the_workspace_and_writes_nothing(
    reader: User, hoorn: Buyer, submitted: Plan, coordinator: User
) -> None:
    """The coordinator workspace (contracts of record, inbox, review) for a contract manager
    of the contract's own buyer: the contract pages read, every write and every coordinator
    page refused, nothing changed."""
    from sroi.plans import services_review

    comment = services_review.plan_comment_add(
        acting_user=coordinator, plan=submitted, section="pso", body="PSO?"
    )
    client = _client(reader)
    contract_pk = submitted.contract_id
    assert client.get(reverse("contracts:contract_list")).status_code == 200
    assert client.get(reverse("contracts:contract_detail", args=[contract_pk])).status_code == 200
    before = _state()
    refused = [
        ("get", reverse("contracts:contract_register"), {}),
        ("post", reverse("contracts:contract_register"), {"name": "Gekaapt"}),
        ("get", reverse("contracts:contract_extension_create", args=[contract_pk]), {}),
        (
            "post",
            reverse("contracts:contract_extension_create", args=[contract_pk]),
            {"exercised_on": "2027-01-01", "months_added": "12", "value_added_eur": "1"},
        ),
        ("get", reverse("coordinator:inbox"), {}),
        ("get", reverse("coordinator:plan_review", args=[submitted.pk]), {}),
        ("post", reverse("coordinator:plan_assign", args=[submitted.pk]), {"assignee": ""}),
        (
            "post",
            reverse("coordinator:plan_comment_add", args=[submitted.pk]),
            {"section": "pso", "pso-body": "x"},
        ),
        (
            "post",
            reverse("coordinator:plan_comment_remove", args=[submitted.pk, comment.pk]),
            {},
        ),
        ("post", reverse("plans:plan_reject", args=[submitted.pk]), {"reasons": "Nee"}),
        ("post", reverse("plans:plan_approve", args=[submitted.pk]), {"confirm": "yes"}),
    ]
    for method, url, data in refused:
        response = getattr(client, method)(url, data)
        assert response.status_code in (403, 404), (method, url, response.status_code)
    assert _state() == before
    assert submitted.comments.count() == 1
    # the draft comment is a coordinator's: not on the contract page for the buyer
    page = client.get(reverse("contracts:contract_detail", args=[contract_pk])).content.decode()
    assert "PSO?" not in page
