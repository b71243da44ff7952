"""Access to every page of the app for every role, and hostile input at the forms.

Expected: anonymous -> login; a contract the user may not see -> 404 (wrong organisation,
wrong buyer); a change by the wrong role -> 403; nothing changed by any refused request.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sroi.accounts.models import User
from sroi.agreements import moments
from sroi.agreements.models import Agreement, AgreementVersion, AssessmentMoment
from sroi.core.models import AuditEntry

READ = "read"
EDIT = "edit"
ACCEPT = "accept"


@pytest.fixture
def world(sent_proposal: AgreementVersion, coordinator: User) -> dict[str, Any]:
    from datetime import date

    moment = moments.moment_add(
        acting_user=coordinator, contract=sent_proposal.contract, planned_date=date(2026, 7, 1)
    )
    agreement = sent_proposal.agreements.get()
    c = sent_proposal.contract_id
    return {
        "pages": [
            ("get", f"/contracten/{c}/afspraken/", READ),
            ("get", f"/contracten/{c}/afspraken/versies/1/", READ),
            ("get", f"/contracten/{c}/beoordelingsmomenten/", READ),
            ("get", f"/contracten/{c}/beoordelingsmomenten/{moment.pk}/", READ),
            ("get", f"/contracten/{c}/afspraken/regels/{agreement.pk}/", EDIT),
            ("get", f"/contracten/{c}/afspraken/regels/nieuw/", EDIT),
            ("post", f"/contracten/{c}/afspraken/regels/{agreement.pk}/", EDIT),
            ("post", f"/contracten/{c}/afspraken/regels/nieuw/", EDIT),
            ("post", f"/contracten/{c}/afspraken/regels/{agreement.pk}/verwijderen/", EDIT),
            ("post", f"/contracten/{c}/afspraken/opstellen/", EDIT),
            ("post", f"/contracten/{c}/afspraken/nieuwe-versie/", EDIT),
            ("post", f"/contracten/{c}/afspraken/verschil/", EDIT),
            ("post", f"/contracten/{c}/afspraken/voorstellen/", EDIT),
            ("post", f"/contracten/{c}/afspraken/accepteren/", ACCEPT),
            ("post", f"/contracten/{c}/beoordelingsmomenten/standaard/", EDIT),
            ("post", f"/contracten/{c}/beoordelingsmomenten/nieuw/", EDIT),
            ("post", f"/contracten/{c}/beoordelingsmomenten/{moment.pk}/verplaatsen/", EDIT),
            ("post", f"/contracten/{c}/beoordelingsmomenten/{moment.pk}/houden/", EDIT),
            ("post", f"/contracten/{c}/beoordelingsmomenten/{moment.pk}/uitstellen/", EDIT),
            ("post", f"/contracten/{c}/beoordelingsmomenten/{moment.pk}/verwijderen/", EDIT),
        ],
        "version": sent_proposal,
        "moment": moment,
    }


def _snapshot() -> tuple[Any, ...]:
    return (
        tuple(AgreementVersion.objects.order_by("pk").values_list("pk", "status", "revision")),
        tuple(Agreement.objects.order_by("pk").values_list("pk", "count", "value_eur")),
        tuple(AssessmentMoment.objects.order_by("pk").values_list("pk", "planned_date", "status")),
    )


def test_anonymous_users_go_to_the_login(client: Client, world: dict[str, Any]) -> None:
    before = _snapshot()
    for method, url, _kind in world["pages"]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url
    assert _snapshot() == before


@pytest.mark.parametrize("persona", ["contractor_b", "other_buyer_user"])
def test_wrong_organisation_and_wrong_buyer_get_404(
    client: Client, world: dict[str, Any], persona: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(persona))
    before = _snapshot()
    for method, url, _kind in world["pages"]:
        assert getattr(client, method)(url).status_code == 404, url
    assert _snapshot() == before


@pytest.mark.parametrize("persona", ["contractor_a", "buyer_user"])
def test_contractor_and_buyer_read_but_never_edit(
    client: Client, world: dict[str, Any], persona: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(persona))
    before = _snapshot()
    for method, url, kind in world["pages"]:
        status = getattr(client, method)(url).status_code
        if kind == READ:
            assert status == 200, url
        elif kind == EDIT:
            assert status == 403, url
    assert _snapshot() == before


def test_the_buyer_cannot_accept_and_the_coordinator_cannot_accept(
    client: Client, world: dict[str, Any], buyer_user: User, coordinator: User
) -> None:
    url = f"/contracten/{world['version'].contract_id}/afspraken/accepteren/"
    data = {"name": "Iemand", "revision": world["version"].revision}
    for user in (buyer_user, coordinator):
        client.force_login(user)
        assert client.post(url, data).status_code == 403
    assert AgreementVersion.objects.get().status == "proposal"


def test_the_accept_form_is_shown_only_to_the_contractor(
    client: Client, world: dict[str, Any], contractor_a: User, buyer_user: User
) -> None:
    url = f"/contracten/{world['version'].contract_id}/afspraken/"
    client.force_login(contractor_a)
    page = client.get(url).content.decode()
    assert "Afspraken accepteren" in page
    assert "Afspraak toevoegen" not in page
    client.force_login(buyer_user)
    page = client.get(url).content.decode()
    assert "Afspraken accepteren" not in page
    assert "Afspraak toevoegen" not in page


def test_contractor_accepts_through_the_page(
    client: Client, world: dict[str, Any], contractor_a: User
) -> None:
    version = world["version"]
    client.force_login(contractor_a)
    base = f"/contracten/{version.contract_id}/afspraken/"
    # no name: a Dutch message at the field, nothing changes
    response = client.post(
        base + "accepteren/", {"name": "", "number": 1, "revision": version.revision}
    )
    assert response.status_code == 400
    assert "Typ uw naam om de afspraken te accepteren." in response.content.decode()
    assert AgreementVersion.objects.get().status == "proposal"
    response = client.post(
        base + "accepteren/", {"name": "Anna Visser", "number": 1, "revision": version.revision}
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == "accepted"
    pdf = client.get(base + "versies/1/pdf/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


HOSTILE: list[dict[str, str]] = [
    {"count": "9" * 40},
    {"count": "-1"},
    {"hours_per_week": "1e999999999"},
    {"hours_per_week": "169"},
    {"agreed_value_eur": "99999999999999999999"},
    {"start_date": "2026-13-45"},
    {"start_date": "0001-01-01"},
    {"note": "x" * 100_000},
    {"block_code": "NOT_A_BLOCK"},
    {"effort_kind": "<script>"},
    {"note": "BSN 111222333"},
]


@pytest.mark.parametrize("bad", HOSTILE)
def test_hostile_agreement_input_gets_a_message_and_keeps_what_was_typed(
    client: Client, world: dict[str, Any], coordinator: User, bad: dict[str, str]
) -> None:
    version = world["version"]
    agreement = version.agreements.get()
    client.force_login(coordinator)
    data = {
        "effort_kind": "jobs",
        "block_code": "PW_LT2",
        "target_group": "pw_lt2",
        "count": "1",
        "hours_per_week": "36",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "note": "Grondwerk",
        **bad,
    }
    before = _snapshot()
    response = client.post(
        f"/contracten/{version.contract_id}/afspraken/regels/{agreement.pk}/", data
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "utrecht-form-field-error-message" in body
    assert _snapshot() == before
    assert not AuditEntry.objects.filter(action="agreements.agreement_update").exists()


def test_an_agreed_value_on_a_valued_block_is_refused_at_the_field(
    client: Client, world: dict[str, Any], coordinator: User
) -> None:
    version = world["version"]
    agreement = version.agreements.get()
    client.force_login(coordinator)
    response = client.post(
        f"/contracten/{version.contract_id}/afspraken/regels/{agreement.pk}/",
        {
            "effort_kind": "jobs",
            "block_code": "PW_LT2",
            "count": "1",
            "hours_per_week": "36",
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
            "agreed_value_eur": "50.000,00",
            "note": "Mijn toelichting",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_agreed_value_eur_error"' in body
    assert "co-creatie" in body
    assert "Mijn toelichting" in body  # kept


@pytest.mark.parametrize(
    "data",
    [
        {"move-planned_date": "1900-01-01"},
        {"move-planned_date": "9999-12-31"},
        {"move-planned_date": "not a date"},
        {"move-planned_date": ""},
    ],
)
def test_hostile_moment_dates_are_refused(
    client: Client, world: dict[str, Any], coordinator: User, data: dict[str, str]
) -> None:
    moment = world["moment"]
    client.force_login(coordinator)
    before = _snapshot()
    response = client.post(
        f"/contracten/{moment.contract_id}/beoordelingsmomenten/{moment.pk}/verplaatsen/", data
    )
    assert response.status_code == 400
    assert "utrecht-form-field-error-message" in response.content.decode()
    assert _snapshot() == before


def test_a_moment_of_another_contract_is_404(
    client: Client, world: dict[str, Any], coordinator: User, contractor_b: User
) -> None:
    from tests.plans.factories import ContractFactory

    other = ContractFactory(organisation=contractor_b.organisation)
    moment = world["moment"]
    client.force_login(coordinator)
    # the moment's id under another contract's URL (crossing requests)
    url = f"/contracten/{other.pk}/beoordelingsmomenten/{moment.pk}/houden/"
    assert client.post(url, {"hold-outcome": "on_track"}).status_code == 404
    assert AssessmentMoment.objects.get(pk=moment.pk).status == "planned"
    assert client.get("/contracten/999999/afspraken/").status_code == 404
