"""Hostile input on every new form of the coordinator workspace: a Dutch message at the field
(status 400), nothing stored, never a 500; names with markup are escaped wherever shown."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from sroi.accounts.models import User
from sroi.agreements import moments
from sroi.agreements.models import AssessmentMoment
from sroi.core.models import OutboxMessage
from sroi.plans.models import Buyer, Contract, ContractExtension, Plan, PlanComment
from tests.contracts.test_contract_views import REGISTER, _registration
from tests.plans.factories import PlanFactory

BSN = "111222333"  # passes the eleven-test

HUGE = ["1e30", "99999999999999999", "-1", "NaN", "Infinity", "-Infinity", "1e999999999"]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("value", HUGE)
@pytest.mark.parametrize("field", ["value_eur", "sroi_percentage"])
def test_registration_refuses_absurd_numbers_at_the_field(
    coordinator: User, contractor_a: User, buyer: Buyer, field: str, value: str
) -> None:
    response = _client(coordinator).post(
        REGISTER, _registration(buyer, contractor_a.organisation, **{field: value})
    )
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Contract.objects.exists()


@pytest.mark.parametrize(
    "field",
    ["name", "reference", "lot", "contact_name", "contact_function", "new_name"],
)
def test_a_bsn_in_any_registration_text_is_refused_at_the_field(
    coordinator: User, contractor_a: User, buyer: Buyer, field: str
) -> None:
    changes = {field: f"Team {BSN}"}
    if field == "new_name":
        changes |= {"organisation": "", "new_kvk_number": "12345678", "new_contact_email": "a@b.nl"}
    response = _client(coordinator).post(
        REGISTER, _registration(buyer, contractor_a.organisation, **changes)
    )
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Contract.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"start_date": "0001-01-01"},
        {"end_date": "9999-12-31"},
        {"award_date": "9999-12-31"},
        {"name": "x" * 100_000},
        {"lot": "\x00"},
        {"buyer": "99999999999999999999"},
        {"organisation": "-1"},
    ],
)
def test_registration_survives_hostile_values(
    coordinator: User, contractor_a: User, buyer: Buyer, changes: dict[str, str]
) -> None:
    response = _client(coordinator).post(
        REGISTER, _registration(buyer, contractor_a.organisation, **changes)
    )
    assert response.status_code == 400
    assert not Contract.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"months_added": "0"},
        {"months_added": "65535"},
        {"months_added": "NaN"},
        {"value_added_eur": "1e30"},
        {"value_added_eur": "Infinity"},
        {"value_added_eur": "NaN"},
        {"exercised_on": "0001-01-01"},
        {"exercised_on": "9999-12-31"},
        {"note": f"Optie van {BSN}"},
    ],
)
def test_extension_survives_hostile_values(
    registered: Contract, coordinator: User, changes: dict[str, str]
) -> None:
    data = {"exercised_on": "2027-10-01", "months_added": "12", "value_added_eur": "1000"}
    response = _client(coordinator).post(
        f"/contracten/{registered.pk}/verlengingen/nieuw/", {**data, **changes}
    )
    assert response.status_code == 400
    assert not ContractExtension.objects.exists()


def test_extensions_up_to_the_limits_never_overflow_the_stored_figures(
    registered: Contract, coordinator: User
) -> None:
    """Many extensions of the largest value: refused once the contract value would exceed
    the maximum amount, never a database error."""
    client = _client(coordinator)
    statuses = []
    for _round in range(3):
        statuses.append(
            client.post(
                f"/contracten/{registered.pk}/verlengingen/nieuw/",
                {
                    "exercised_on": "2027-10-01",
                    "months_added": "120",
                    "value_added_eur": "100.000.000.000,00",
                },
            ).status_code
        )
    assert 500 not in statuses
    assert statuses[-1] == 400


def test_markup_in_names_is_escaped_on_the_pages(coordinator: User, contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    Contract.objects.filter(pk=plan.contract_id).update(
        name='<script>alert("x")</script>', reference="<b>ref</b>"
    )
    client = _client(coordinator)
    for url in (
        "/contracten/",
        f"/contracten/{plan.contract_id}/",
        "/coordinator/",
        f"/coordinator/plannen/{plan.pk}/beoordelen/",
        f"/contracten/{plan.contract_id}/afspraken/",
        f"/contracten/{plan.contract_id}/beoordelingsmomenten/",
    ):
        page = client.get(url).content.decode()
        assert '<script>alert("x")</script>' not in page, url
        assert "<b>ref</b>" not in page, url


@pytest.mark.parametrize("body", ["x" * 100_000, f"Kandidaat {BSN}", "\x00", "   "])
def test_hostile_review_comments_are_refused(
    coordinator: User, contractor_a: User, body: str
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    response = _client(coordinator).post(
        f"/coordinator/plannen/{plan.pk}/opmerkingen/", {"section": "lines", "lines-body": body}
    )
    assert response.status_code == 400
    assert not PlanComment.objects.exists()


@pytest.mark.parametrize("assignee", ["contractor", "inactive", "99999999999999999999", "-1"])
def test_a_plan_is_only_assigned_to_an_active_coordinator(
    coordinator: User, contractor_a: User, assignee: str
) -> None:
    from tests.factories import UserFactory

    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    if assignee == "contractor":
        assignee = str(contractor_a.pk)
    elif assignee == "inactive":
        gone = UserFactory(email="weg@werksaam.example.org", coordinator=True, is_active=False)
        assignee = str(gone.pk)
    response = _client(coordinator).post(
        f"/coordinator/plannen/{plan.pk}/toewijzen/", {"assignee": assignee}
    )
    assert response.status_code == 302
    assert Plan.objects.get(pk=plan.pk).assigned_to_id is None


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2026-02-30", "\x00", ""])
def test_hostile_moment_dates_change_nothing(
    registered: Contract, coordinator: User, day: str
) -> None:
    moment = moments.moment_add(
        acting_user=coordinator, contract=registered, planned_date=date(2026, 7, 1)
    )
    client = _client(coordinator)
    base = f"/contracten/{registered.pk}/beoordelingsmomenten/"
    for url, data in (
        (base + "nieuw/", {"planned_date": day}),
        (f"{base}{moment.pk}/verplaatsen/", {"move-planned_date": day}),
        (f"{base}{moment.pk}/uitstellen/", {"postpone-new_date": day, "postpone-note": BSN}),
        (f"{base}{moment.pk}/houden/", {"hold-outcome": "on_track", "hold-note": BSN}),
    ):
        assert client.post(url, data).status_code == 400, url
    assert list(AssessmentMoment.objects.values_list("planned_date", "status")) == [
        (date(2026, 7, 1), "planned")
    ]


def test_the_invitation_mail_has_an_absolute_link_and_the_audit_log_no_token(
    coordinator: User, contractor_a: User, buyer: Buyer, settings: Any
) -> None:
    import re

    from sroi.core.models import AuditEntry

    response = _client(coordinator).post(
        REGISTER,
        _registration(
            buyer,
            contractor_a.organisation,
            name="<b>Wegen</b>",
            invite="on",
            invite_email="nieuw@a.example.org",
        ),
    )
    assert response.status_code == 302
    (mail,) = OutboxMessage.objects.all()
    assert "<b>Wegen</b>" in mail.body  # a text mail: the name as typed, not HTML-escaped
    links = re.findall(r"https?://\S+", mail.body)
    assert links and all(link.startswith(str(settings.SROI_BASE_URL)) for link in links)
    token = links[0].rstrip("/").rsplit("/", 1)[1]
    assert (
        Client().get(links[0].removeprefix(str(settings.SROI_BASE_URL).rstrip("/"))).status_code
        == 200
    )
    for entry in AuditEntry.objects.all():
        assert token not in repr(entry.data)


HUGE_ID = "99999999999999999999"


@pytest.mark.parametrize(
    "url",
    [
        f"/contracten/{HUGE_ID}/",
        f"/contracten/{HUGE_ID}/verlengingen/nieuw/",
        "/contracten/{c}/afspraken/versies/" + HUGE_ID + "/",
        "/contracten/{c}/afspraken/versies/" + HUGE_ID + "/pdf/",
        "/contracten/{c}/afspraken/regels/" + HUGE_ID + "/",
        "/contracten/{c}/beoordelingsmomenten/" + HUGE_ID + "/",
        f"/coordinator/plannen/{HUGE_ID}/beoordelen/",
        "/coordinator/plannen/{p}/opmerkingen/" + HUGE_ID + "/verwijderen/",
        f"/organisatie/collegas/{HUGE_ID}/beheerder/",
        f"/organisatie/uitnodigingen/{HUGE_ID}/intrekken/",
    ],
)
def test_ids_beyond_the_database_range_are_404(
    registered: Contract, coordinator: User, url: str
) -> None:
    plan = registered.plans.get()
    url = url.format(c=registered.pk, p=plan.pk)
    client = _client(coordinator)
    assert client.get(url).status_code in (404, 403, 405), url
    assert client.post(url, {"planned_date": "2026-07-01"}).status_code in (404, 403), url
