"""The contract pages: access per role, the list's filter/sort/search/totals, registration and
extension forms with hostile input, and the locked contract fields in the plan form."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import Invitation, Organisation, User
from sroi.core.models import AuditEntry
from sroi.plans.constants import ContractStatus
from sroi.plans.models import Buyer, Contract, ContractExtension, Plan
from tests.factories import OrganisationFactory
from tests.plans.factories import ContractFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
LIST = reverse("contracts:contract_list")
REGISTER = reverse("contracts:contract_register")


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _detail(contract: Contract) -> str:
    return reverse("contracts:contract_detail", args=[contract.pk])


def _extend(contract: Contract) -> str:
    return reverse("contracts:contract_extension_create", args=[contract.pk])


def _registration(buyer: Buyer, organisation: Organisation | None, /, **changes: str) -> dict:
    data = {
        "name": "Onderhoud kunstwerken Hoorn",
        "buyer": str(buyer.pk),
        "reference": "HRN-2026-017",
        "lot": "Perceel 2",
        "award_date": "2025-11-14",
        "value_eur": "1.000.000,00",
        "start_date": "2026-01-01",
        "end_date": "2027-12-31",
        "sroi_percentage": "5",
        "organisation": str(organisation.pk) if organisation else "",
        "contact_name": "",
        "invite_email": "",
    }
    data.update(changes)
    return data


# --- access --------------------------------------------------------------------------------


def test_anonymous_users_go_to_the_login_page(registered: Contract) -> None:
    for url in (LIST, REGISTER, _detail(registered), _extend(registered)):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


def test_a_contractor_sees_only_its_own_contracts(
    registered: Contract, contractor_a: User, contractor_b: User
) -> None:
    other = ContractFactory(organisation=contractor_b.organisation, name="Schoonmaak B")
    response = _client(contractor_a).get(LIST)
    assert response.status_code == 200
    assert registered.name in response.content.decode()
    assert other.name not in response.content.decode()
    assert _client(contractor_a).get(_detail(registered)).status_code == 200
    assert _client(contractor_b).get(_detail(registered)).status_code == 404


def test_a_buyer_user_sees_no_contracts_yet(registered: Contract, buyer_user: User) -> None:
    response = _client(buyer_user).get(LIST)
    assert response.status_code == 200
    assert registered.name not in response.content.decode()
    assert _client(buyer_user).get(_detail(registered)).status_code == 404


@pytest.mark.parametrize("who", ["contractor_a", "contractor_b", "buyer_user"])
def test_only_a_coordinator_registers_and_extends(
    registered: Contract, who: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(who)
    client = _client(user)
    assert client.get(REGISTER).status_code == 403
    assert client.post(REGISTER, {"name": "x"}).status_code == 403
    # the role is checked before the contract is looked up: 403 for every non-coordinator
    assert client.get(_extend(registered)).status_code == 403
    response = client.post(
        _extend(registered),
        {"exercised_on": "2027-10-01", "months_added": "12", "value_added_eur": "1"},
    )
    assert response.status_code == 403
    assert not ContractExtension.objects.exists()
    assert Contract.objects.count() == 1


def test_a_coordinator_sees_every_contract_and_the_timeline(
    registered: Contract, coordinator: User, contractor_b: User
) -> None:
    other = ContractFactory(organisation=contractor_b.organisation, name="Schoonmaak B")
    client = _client(coordinator)
    page = client.get(LIST).content.decode()
    assert registered.name in page and other.name in page
    detail = client.get(_detail(registered)).content.decode()
    assert "Contract vastgelegd door de coördinator" in detail
    assert "HRN-2026-017" in detail
    assert "Verlenging vastleggen" in detail
    assert client.get(_detail(registered) + "0000000").status_code == 404


def _nav_links(html: str) -> list[str]:
    nav = html[html.index('<nav class="sroi-nav"') : html.index("</nav>")]
    return re.findall(r'class="sroi-nav__link" href="([^"]+)"', nav)


def test_the_navigation_per_role(coordinator: User, contractor_a: User, buyer_user: User) -> None:
    """Coordinator: Inbox, Contracten, Plannen, Mijn agenda, Portefeuille; buyer user:
    Contracten, Plannen, Mijn agenda, Portefeuille; contractor: Contracten, Plannen, Mijn
    agenda (then the calculator, rule sets, organisation)."""
    workspace = [LIST, "/plannen/", "/agenda/"]
    portfolio = "/coordinator/portefeuille/"
    assert _nav_links(_client(coordinator).get(LIST).content.decode())[:5] == [
        "/coordinator/",
        *workspace,
        portfolio,
    ]
    for user in (contractor_a, buyer_user):
        links = _nav_links(_client(user).get(LIST).content.decode())
        assert links[:3] == workspace
        assert "/coordinator/" not in links
        assert (portfolio in links) == (user == buyer_user)
    assert _nav_links(Client().get("/").content.decode())[:2] == ["/rekenhulp/", "/rekenmodellen/"]


# --- the list ------------------------------------------------------------------------------


def test_the_list_filters_searches_sorts_and_totals(
    coordinator: User, contractor_a: User, buyer: Buyer
) -> None:
    org = contractor_a.organisation
    first = ContractFactory(
        organisation=org, buyer=buyer, name="Alfa", reference="K-1", obligation_eur=Decimal("10")
    )
    ContractFactory(
        organisation=org,
        name="Bravo",
        reference="K-2",
        obligation_eur=Decimal("20.50"),
        status=ContractStatus.PLAN_IN_REVIEW,
    )
    client = _client(coordinator)
    page = client.get(LIST).content.decode()
    assert "EUR 30,50" in page  # the total over all contracts
    by_status = client.get(LIST, {"status": "plan_in_review"}).content.decode()
    assert "Bravo" in by_status and "Alfa" not in by_status
    by_buyer = client.get(LIST, {"buyer": buyer.pk}).content.decode()
    assert "Alfa" in by_buyer and "Bravo" not in by_buyer
    assert "Bravo" not in client.get(LIST, {"q": "k-1"}).content.decode()
    kvk = client.get(LIST, {"q": org.kvk_number}).content.decode()  # type: ignore[union-attr]
    assert "Alfa" in kvk and "Bravo" in kvk
    descending = client.get(LIST, {"sorteer": "-obligation"}).content.decode()
    assert descending.index("Bravo") < descending.index("Alfa")
    ascending = client.get(LIST, {"sorteer": "obligation"}).content.decode()
    assert ascending.index("Alfa") < ascending.index("Bravo")
    assert 'aria-sort="ascending"' in ascending
    assert first.name in client.get(LIST, {"sorteer": "password"}).content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"status": "nonsense"},
        {"buyer": "99999999"},
        {"buyer": "abc"},
        {"q": "x" * 5000},
        {"sorteer": "-organisation__users__password"},
        {"page": "99999999999999999999"},
    ],
)
def test_hostile_list_queries_give_a_page_not_an_error(coordinator: User, query: dict) -> None:
    assert _client(coordinator).get(LIST, query).status_code == 200


def test_a_nul_in_the_search_gets_the_bad_request_page(coordinator: User) -> None:
    response = _client(coordinator).get(LIST, {"q": "a\x00b"})
    assert response.status_code == 400  # the site-wide NUL guard, a page in Dutch


# --- registration --------------------------------------------------------------------------


def test_a_coordinator_registers_a_contract_with_an_invitation(
    coordinator: User, contractor_a: User, buyer: Buyer
) -> None:
    response = _client(coordinator).post(
        REGISTER,
        _registration(
            buyer, contractor_a.organisation, invite="on", invite_email="nieuw@bouw-a.example.org"
        ),
    )
    contract = Contract.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(contract)
    assert contract.of_record and contract.value_eur == Decimal("1000000.00")
    assert Invitation.objects.get().email == "nieuw@bouw-a.example.org"
    assert contract.invitation is not None


def test_registration_with_only_the_required_fields(
    coordinator: User, contractor_a: User, buyer: Buyer
) -> None:
    data = _registration(buyer, contractor_a.organisation, reference="", lot="", award_date="")
    response = _client(coordinator).post(REGISTER, data)
    assert response.status_code == 302
    contract = Contract.objects.get()
    assert (contract.reference, contract.lot, contract.award_date) == ("", "", None)


def test_registration_for_a_new_organisation(coordinator: User, buyer: Buyer) -> None:
    response = _client(coordinator).post(
        REGISTER,
        _registration(
            buyer,
            None,
            new_name="Groen B.V.",
            new_kvk_number="1234 5678",
            new_contact_email="info@groen.example.org",
        ),
    )
    assert response.status_code == 302
    assert Contract.objects.get().organisation.kvk_number == "12345678"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"value_eur": "1" * 40}, "value_eur", "Vul een waarde in van hoogstens"),
        ({"value_eur": "-5"}, "value_eur", "Vul een waarde in van minimaal"),
        ({"end_date": "2025-01-01"}, "end_date", "De einddatum moet na de startdatum liggen."),
        ({"name": "a\x00b"}, "name", ""),
        ({"name": "x" * 10_000}, "name", "Gebruik maximaal 200 tekens."),
        ({"buyer": "99999999"}, "buyer", "Kies een actieve opdrachtgever uit de lijst."),
        ({"organisation": ""}, "organisation", "Kies een organisatie uit de lijst of vul"),
        ({"invite": "on"}, "invite_email", "Vul het e-mailadres in van wie u wilt uitnodigen."),
        ({"start_date": "31-02-2026"}, "start_date", "Vul een geldige datum in"),
    ],
)
def test_bad_registration_input_is_shown_at_the_field_and_kept(
    coordinator: User,
    contractor_a: User,
    buyer: Buyer,
    changes: dict,
    field: str,
    message: str,
) -> None:
    data = _registration(buyer, contractor_a.organisation, lot="Perceel 7 blijft staan", **changes)
    response = _client(coordinator).post(REGISTER, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert message in page
    assert 'value="Perceel 7 blijft staan"' in page
    assert not Contract.objects.exists()


def test_an_invitation_to_an_existing_account_is_refused_at_the_field(
    coordinator: User, contractor_a: User, buyer: Buyer
) -> None:
    data = _registration(
        buyer, contractor_a.organisation, invite="on", invite_email=contractor_a.email
    )
    response = _client(coordinator).post(REGISTER, data)
    assert response.status_code == 400
    assert 'id="id_invite_email_error"' in response.content.decode()
    assert not Contract.objects.exists()


# --- extensions ----------------------------------------------------------------------------


def test_a_coordinator_records_an_extension(registered: Contract, coordinator: User) -> None:
    client = _client(coordinator)
    assert client.get(_extend(registered)).status_code == 200
    response = client.post(
        _extend(registered),
        {
            "exercised_on": "2027-10-01",
            "months_added": "12",
            "value_added_eur": "250.000,00",
            "note": "Eerste optie.",
        },
    )
    assert response.status_code == 302
    detail = client.get(_detail(registered)).content.decode()
    assert "EUR 62.500,00" in detail
    assert "31-12-2028" in detail
    assert "Verlenging vastgelegd" in detail


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"months_added": "99999999999999999999"}, "months_added"),
        ({"months_added": "-3"}, "months_added"),
        ({"value_added_eur": "-1"}, "value_added_eur"),
        ({"value_added_eur": "1e999999999"}, "value_added_eur"),
        ({"exercised_on": "\x00"}, "exercised_on"),
        ({"note": "x" * 10_000}, "note"),
    ],
)
def test_bad_extension_input_is_refused_at_the_field(
    registered: Contract, coordinator: User, changes: dict, field: str
) -> None:
    data = {
        "exercised_on": "2027-10-01",
        "months_added": "12",
        "value_added_eur": "1000",
        "note": "Blijft staan",
    }
    data.update(changes)
    response = _client(coordinator).post(_extend(registered), data)
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not ContractExtension.objects.exists()


def test_an_extension_on_a_closed_contract_shows_the_refusal_and_keeps_the_input(
    registered: Contract, coordinator: User
) -> None:
    Contract.objects.filter(pk=registered.pk).update(status=ContractStatus.CLOSED)
    response = _client(coordinator).post(
        _extend(registered),
        {"exercised_on": "2027-10-01", "months_added": "12", "value_added_eur": "1000"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Dit contract is gesloten" in page
    assert 'value="1000"' in page or 'value="1.000"' in page
    assert Contract.objects.get(pk=registered.pk).end_date == registered.end_date
    assert not AuditEntry.objects.filter(action="contract.extend").exists()


# --- the plan form of a contract of record --------------------------------------------------


def test_the_plan_form_shows_the_contract_fields_locked(
    registered: Contract, contractor_a: User
) -> None:
    plan = Plan.objects.get(contract=registered)
    page = _client(contractor_a).get(reverse("plans:plan_edit", args=[plan.pk])).content.decode()
    assert 'id="contract-locked"' in page
    assert 'required disabled id="id_name"' in page
    assert 'required disabled id="id_buyer"' in page
    assert 'class="utrecht-textbox utrecht-textbox--html-input" id="id_contact_name"' in page
    assert "HRN-2026-017" in page


def test_posting_a_locked_field_is_refused_and_the_rest_is_saved(
    registered: Contract, contractor_a: User
) -> None:
    plan = Plan.objects.get(contract=registered)
    url = reverse("plans:plan_edit", args=[plan.pk])
    response = _client(contractor_a).post(
        url,
        {
            "action": "save",
            "revision": str(plan.revision),
            "name": "Een andere naam",
            "value_eur": "1",
            "contact_name": "Petra Jansen",
            "work_description": "Grondwerk en bestrating.",
            "lines-TOTAL_FORMS": "0",
            "lines-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit contract is vastgelegd door de Social Return-coördinator" in page
    contract = Contract.objects.get(pk=registered.pk)
    assert contract.name == "Onderhoud kunstwerken Hoorn"
    assert contract.value_eur == Decimal("1000000.00")
    assert contract.contact_name == "Petra Jansen"
    assert Plan.objects.get(pk=plan.pk).work_description == "Grondwerk en bestrating."


def test_a_contractor_without_organisation_contracts_sees_an_empty_list(db: None) -> None:
    from tests.factories import UserFactory

    user = UserFactory(organisation=OrganisationFactory())
    response = _client(user).get(LIST)
    assert response.status_code == 200
    assert "Er zijn nog geen contracten." in response.content.decode()


def test_the_buyer_filter_names_only_the_buyers_of_contracts_a_user_sees(
    registered: Contract, coordinator: User, contractor_a: User, contractor_b: User
) -> None:
    elsewhere = Buyer.objects.create(name="Gemeente Elders")
    ContractFactory(organisation=contractor_b.organisation, buyer=elsewhere, name="Elders")
    mine = _client(contractor_a).get(LIST).content.decode()
    everything = _client(coordinator).get(LIST).content.decode()

    assert registered.buyer is not None
    assert f">{registered.buyer.name}</option>" in mine
    assert "Gemeente Elders" not in mine
    assert ">Gemeente Elders</option>" in everything


def test_the_buyer_filter_refuses_a_buyer_the_user_does_not_see(
    registered: Contract, contractor_a: User, contractor_b: User
) -> None:
    elsewhere = Buyer.objects.create(name="Gemeente Elders")
    ContractFactory(organisation=contractor_b.organisation, buyer=elsewhere, name="Elders")

    response = _client(contractor_a).get(LIST, {"buyer": elsewhere.pk})

    assert response.status_code == 200
    assert "Elders</" not in response.content.decode().split("<tbody", 1)[-1]


def test_the_contract_list_pages_keep_the_sort_and_filter(
    coordinator: User, contractor_a: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sroi.plans.contracts_views.CONTRACTS_PER_PAGE", 1)
    for name in ("Alfa", "Bravo"):
        ContractFactory(organisation=contractor_a.organisation, name=name)

    html = _client(coordinator).get(LIST, {"sorteer": "name", "page": 2}).content.decode()

    assert "Pagina 2 van 2" in html
    assert 'href="?sorteer=name&amp;page=1">Vorige pagina</a>' in html
    assert "Volgende pagina" not in html
