"""The coordinator's inbox at /coordinator/: access, order, filters, search, counts, queries,
hostile filter values, assignment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from sroi.accounts.models import User
from sroi.plans import services_review
from sroi.plans.models import Plan
from tests.factories import OrganisationFactory, UserFactory
from tests.plans.factories import BuyerFactory, PlanFactory

INBOX = "/coordinator/"


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _rows(html: str) -> list[int]:
    """The plan ids of the inbox table, in order."""
    import re

    return [
        int(pk)
        for pk in re.findall(r'<tr class="utrecht-table__row[^"]*"\s+data-plan="(\d+)"', html)
    ]


# --- access ----------------------------------------------------------------------------------


def test_anonymous_goes_to_the_login() -> None:
    response = _client(None).get(INBOX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_contractor_and_buyer_get_403(contractor_a: User) -> None:
    assert _client(contractor_a).get(INBOX).status_code == 403
    buyer_user = UserFactory(role="buyer", organisation=None)
    assert _client(buyer_user).get(INBOX).status_code == 403


def test_navigation_shows_the_inbox_to_coordinators_only(
    coordinator: User, contractor_a: User
) -> None:
    assert f'href="{INBOX}"' in _client(coordinator).get(reverse("plans:home")).content.decode()
    assert (
        f'href="{INBOX}"' not in _client(contractor_a).get(reverse("plans:home")).content.decode()
    )


# --- order and counts ------------------------------------------------------------------------


def _with_deadline(plan: Plan, deadline: date) -> Plan:
    Plan.objects.filter(pk=plan.pk).update(review_deadline=deadline)
    plan.refresh_from_db()
    return plan


def test_waiting_plans_come_first_by_deadline_and_overdue_is_said_in_words(
    coordinator: User, contractor_a: User
) -> None:
    org = contractor_a.organisation
    today = timezone.localdate()
    draft = PlanFactory(contract__organisation=org)
    approved = PlanFactory(contract__organisation=org, approved=True)
    late = _with_deadline(
        PlanFactory(contract__organisation=org, submitted=True), today - timedelta(days=2)
    )
    soon = _with_deadline(
        PlanFactory(contract__organisation=org, submitted=True), today + timedelta(days=3)
    )
    early = _with_deadline(
        PlanFactory(contract__organisation=org, submitted=True), today + timedelta(days=1)
    )
    html = _client(coordinator).get(INBOX).content.decode()
    rows = _rows(html)
    assert rows[:3] == [late.pk, early.pk, soon.pk]
    assert set(rows[3:]) == {draft.pk, approved.pk}
    late_row = html.split(f'data-plan="{late.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "termijn verstreken" in late_row
    assert (
        "sroi-inbox__row--overdue" in html.split(f'data-plan="{late.pk}"', 1)[0].rsplit("<tr", 1)[1]
    )
    soon_row = html.split(f'data-plan="{soon.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "termijn verstreken" not in soon_row


def test_counts_per_status_ignore_the_status_filter_but_keep_the_others(
    coordinator: User, contractor_a: User, contractor_b: User
) -> None:
    PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    PlanFactory(contract__organisation=contractor_a.organisation, approved=True)
    PlanFactory(contract__organisation=contractor_b.organisation, submitted=True)
    client = _client(coordinator)
    html = client.get(INBOX, {"status": "approved"}).content.decode()
    assert "Ingediend (3)" in html
    assert "Goedgekeurd (1)" in html
    assert "Alle (4)" in html
    html = client.get(
        INBOX, {"status": "approved", "organisation": contractor_a.organisation_id}
    ).content.decode()
    assert "Ingediend (2)" in html
    assert "Alle (3)" in html
    # The status links keep the other filters in the address.
    assert f"organisation={contractor_a.organisation_id}&amp;status=submitted" in html


# --- filters and search ----------------------------------------------------------------------


def test_filters_on_status_buyer_contractor_and_assignee(
    coordinator: User, contractor_a: User, contractor_b: User
) -> None:
    hoorn = BuyerFactory(name="Gemeente Hoorn")
    a_hoorn = PlanFactory(
        contract__organisation=contractor_a.organisation, contract__buyer=hoorn, submitted=True
    )
    a_other = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    b_hoorn = PlanFactory(
        contract__organisation=contractor_b.organisation, contract__buyer=hoorn, approved=True
    )
    colleague = UserFactory(coordinator=True)
    services_review.plan_assign(acting_user=coordinator, plan=a_hoorn, assignee=coordinator)
    services_review.plan_assign(acting_user=coordinator, plan=b_hoorn, assignee=colleague)
    client = _client(coordinator)

    def ids(**query: object) -> set[int]:
        return set(_rows(client.get(INBOX, query).content.decode()))

    assert ids(status="submitted") == {a_hoorn.pk, a_other.pk}
    assert ids(buyer=hoorn.pk) == {a_hoorn.pk, b_hoorn.pk}
    assert ids(organisation=contractor_b.organisation_id) == {b_hoorn.pk}
    assert ids(assigned="me") == {a_hoorn.pk}
    assert ids(assigned="none") == {a_other.pk}
    assert ids(assigned=str(colleague.pk)) == {b_hoorn.pk}
    assert ids(buyer=hoorn.pk, status="submitted") == {a_hoorn.pk}
    # The chosen values are kept in the form (and so in the address of the next page).
    html = client.get(INBOX, {"buyer": hoorn.pk, "assigned": "me"}).content.decode()
    assert f'<option value="{hoorn.pk}" selected>' in html
    assert '<option value="me" selected>' in html


def test_period_filter_on_the_submission_date(coordinator: User, contractor_a: User) -> None:
    old = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    new = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    today = timezone.localdate()
    Plan.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=40))
    client = _client(coordinator)
    since = (today - timedelta(days=7)).isoformat()
    assert set(_rows(client.get(INBOX, {"submitted_from": since}).content.decode())) == {new.pk}
    until = (today - timedelta(days=30)).isoformat()
    assert set(_rows(client.get(INBOX, {"submitted_to": until}).content.decode())) == {old.pk}
    both = {"submitted_from": today.isoformat(), "submitted_to": today.isoformat()}
    assert set(_rows(client.get(INBOX, both).content.decode())) == {new.pk}


@pytest.mark.parametrize("field", ["name", "reference", "company", "kvk"])
def test_search_on_contract_name_reference_company_and_kvk(
    coordinator: User, contractor_b: User, field: str
) -> None:
    org = OrganisationFactory(name="Zeeuwse Groenwerken B.V.", kvk_number="87654321")
    target = PlanFactory(
        contract__organisation=org,
        contract__name="Bermmaaien Texel",
        contract__reference="HHNK-2026-017",
        submitted=True,
    )
    other = PlanFactory(contract__organisation=contractor_b.organisation, submitted=True)
    terms = {"name": "bermmaaien", "reference": "2026-017", "company": "zeeuwse", "kvk": "87654321"}
    rows = _rows(_client(coordinator).get(INBOX, {"q": terms[field]}).content.decode())
    assert rows == [target.pk]
    assert other.pk not in rows


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"submitted_from": "31-02-2026"}, "Vul een geldige datum in, bijvoorbeeld 31-01-2026."),
        ({"submitted_from": "9999-12-31"}, "Vul een datum in tussen 01-01-1990 en 31-12-2199."),
        (
            {"submitted_from": "2026-05-01", "submitted_to": "2026-04-01"},
            "Deze datum ligt vóór de datum bij &#x27;Ingediend vanaf&#x27;.",
        ),
        ({"status": "hacked"}, "Selecteer een geldige keuze."),
        ({"buyer": "1 OR 1=1"}, "Selecteer een geldige keuze."),
        ({"organisation": "99999999999999999999999"}, "Selecteer een geldige keuze."),
        ({"assigned": "-1"}, "Selecteer een geldige keuze."),
        ({"q": "x" * 500}, "niet meer dan 200 tekens"),
    ],
)
def test_hostile_filter_values_give_a_dutch_message_not_a_500(
    coordinator: User, contractor_a: User, query: dict[str, str], message: str
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    response = _client(coordinator).get(INBOX, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "utrecht-form-field-error-message" in html
    assert plan.pk in _rows(html)  # the bad filter is left out, the list still shows


def test_a_nul_character_in_a_filter_is_a_400_not_a_500(coordinator: User) -> None:
    response = _client(coordinator).get(INBOX, {"q": "bad\x00value"})
    assert response.status_code == 400


def test_a_bad_page_number_shows_a_page(coordinator: User, contractor_a: User) -> None:
    PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    for page in ("abc", "-1", "999999999999999999999"):
        assert _client(coordinator).get(INBOX, {"page": page}).status_code == 200


# --- queries ---------------------------------------------------------------------------------


def _make_plans(count: int, organisation: object) -> None:
    for index in range(count):
        plan = PlanFactory(contract__organisation=organisation, submitted=index % 2 == 0)
        if index % 3 == 0:
            services_review.plan_assign(
                acting_user=UserFactory(coordinator=True), plan=plan, assignee=None
            )


@pytest.mark.parametrize("count", [2, 30])
def test_the_inbox_takes_a_constant_number_of_queries(
    coordinator: User,
    contractor_a: User,
    contractor_b: User,
    django_assert_num_queries: DjangoAssertNumQueries,
    count: int,
) -> None:
    _make_plans(count, contractor_a.organisation)
    _make_plans(2, contractor_b.organisation)
    colleague = UserFactory(coordinator=True)
    for plan in Plan.objects.all()[:3]:
        services_review.plan_assign(acting_user=coordinator, plan=plan, assignee=colleague)
    client = _client(coordinator)
    client.get(INBOX)  # warm up (session, rule sets)
    # session, user, coordinators, buyers, organisations, count, page, counts per status
    with django_assert_num_queries(8):
        response = client.get(INBOX, {"q": "Onderhoud", "assigned": str(colleague.pk)})
    assert response.status_code == 200
    assert len(_rows(response.content.decode())) == 3
    with django_assert_num_queries(8):
        assert client.get(INBOX).status_code == 200


# --- assignment through the page ---------------------------------------------------------------


def test_assign_from_the_inbox_returns_to_the_same_filtered_list(
    coordinator: User, contractor_a: User
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    colleague = UserFactory(coordinator=True, full_name="Collega Coördinator")
    back = f"{INBOX}?status=submitted"
    response = _client(coordinator).post(
        reverse("coordinator:plan_assign", args=[plan.pk]),
        {"assignee": colleague.pk, "next": back},
    )
    assert response.status_code == 302
    assert response["Location"] == back
    plan.refresh_from_db()
    assert plan.assigned_to == colleague


@pytest.mark.parametrize("value", ["abc", "-5", "99999999"])
def test_assign_to_someone_not_a_coordinator_is_refused(
    coordinator: User, contractor_a: User, value: str
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    client = _client(coordinator)
    response = client.post(
        reverse("coordinator:plan_assign", args=[plan.pk]),
        {"assignee": contractor_a.pk if value == "99999999" else value},
        follow=True,
    )
    assert "Kies een coördinator uit de lijst." in response.content.decode()
    plan.refresh_from_db()
    assert plan.assigned_to is None


def test_assign_does_not_redirect_to_another_site(coordinator: User, contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    response = _client(coordinator).post(
        reverse("coordinator:plan_assign", args=[plan.pk]),
        {"assignee": "", "next": "https://evil.example.org/"},
    )
    assert response["Location"] == INBOX


def test_assign_access(contractor_a: User, contractor_b: User, coordinator: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    url = reverse("coordinator:plan_assign", args=[plan.pk])
    assert _client(None).post(url, {"assignee": ""}).status_code == 302
    assert _client(contractor_a).post(url, {"assignee": ""}).status_code == 403
    assert _client(contractor_b).post(url, {"assignee": ""}).status_code == 403
    assert _client(coordinator).get(url).status_code == 405
    missing = reverse("coordinator:plan_assign", args=[999999])
    assert _client(coordinator).post(missing, {"assignee": ""}).status_code == 404


def test_the_inbox_pages_keep_the_filter(
    coordinator: User, contractor_a: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sroi.plans.views_review.INBOX_PER_PAGE", 1)
    for _ in range(2):
        PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)

    html = _client(coordinator).get(INBOX, {"status": "submitted"}).content.decode()

    assert "Pagina 1 van 2" in html
    assert 'href="?status=submitted&amp;page=2">Volgende pagina</a>' in html
    assert "Vorige pagina" not in html
