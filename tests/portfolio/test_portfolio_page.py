"""The portfolio page ``/coordinator/portefeuille/``: access for every role, what a buyer user
sees, filters, sorting and pagination kept in the URL, every bad value answered with its Dutch
message at the field (never a 500), and a constant number of queries."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sroi.accounts.models import User
from sroi.plans.constants import ContractLight
from sroi.plans.models import Buyer, Contract
from sroi.rules.services import ruleset_import_shipped
from tests.factories import OrganisationFactory
from tests.plans.factories import BuyerFactory, buyer_user_of
from tests.portfolio.portfolio_data import portfolio_contract

URL = "/coordinator/portefeuille/"
MAX_QUERIES = 20


@pytest.fixture(autouse=True)
def _rulesets(db: None) -> None:
    ruleset_import_shipped()


@pytest.fixture
def hoorn() -> Buyer:
    return BuyerFactory(name="Gemeente Hoorn")


@pytest.fixture
def enkhuizen() -> Buyer:
    return BuyerFactory(name="Gemeente Enkhuizen")


@pytest.fixture
def contracts(hoorn: Buyer, enkhuizen: Buyer, contractor_a: User) -> list[Contract]:
    organisation = contractor_a.organisation
    return [
        portfolio_contract(organisation, hoorn, 1, light=ContractLight.ON_TRACK),
        portfolio_contract(organisation, hoorn, 2, light=ContractLight.BEHIND),
        portfolio_contract(organisation, enkhuizen, 3, light=ContractLight.AT_RISK),
    ]


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _rows(html: str) -> list[str]:
    return re.findall(r'data-contract="(\d+)"', html)


def _error(html: str, field: str) -> str:
    """The text of the field's error message (``core/_field.html``), or ""."""
    match = re.search(rf'id="id_{field}_error">(.*?)</div>', html, re.S)
    if match is None:
        return ""
    text = re.sub(r"<[^>]+>", " ", match.group(1))
    return " ".join(text.split()).replace("Fout: ", "")


# --- access ------------------------------------------------------------------------------------


def test_url_name() -> None:
    assert reverse("portfolio:portfolio") == URL


def test_anonymous_user_goes_to_the_login(db: None) -> None:
    response = _client(None).get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_contractor_is_refused(contractor_a: User, contracts: list[Contract]) -> None:
    assert _client(contractor_a).get(URL).status_code == 403


def test_post_is_not_allowed(coordinator: User) -> None:
    assert _client(coordinator).post(URL).status_code == 405


@pytest.mark.parametrize("persona", ["coordinator", "administrator"])
def test_coordinator_sees_every_contract_of_the_region(
    request: pytest.FixtureRequest, persona: str, contracts: list[Contract]
) -> None:
    response = _client(request.getfixturevalue(persona)).get(URL)

    assert response.status_code == 200
    assert sorted(_rows(response.text)) == sorted(str(c.pk) for c in contracts)
    for contract in contracts:
        assert f'href="/contracten/{contract.pk}/"' in response.text


def test_buyer_user_sees_only_its_buyers_contracts(
    hoorn: Buyer, enkhuizen: Buyer, contracts: list[Contract]
) -> None:
    response = _client(buyer_user_of(hoorn)).get(URL)

    assert response.status_code == 200
    assert sorted(_rows(response.text)) == sorted(str(c.pk) for c in contracts[:2])
    # the buyer filter offers its own buyer only: no other buyer's name anywhere
    options = response.context["form"].fields["koper"].queryset
    assert list(options) == [hoorn]
    assert "Gemeente Enkhuizen" not in response.text
    assert response.context["totals"].count == 2


def test_buyer_user_without_contracts_sees_an_empty_portfolio_with_its_own_buyer(
    hoorn: Buyer, enkhuizen: Buyer
) -> None:
    response = _client(buyer_user_of(hoorn)).get(URL)

    assert response.status_code == 200
    assert list(response.context["form"].fields["koper"].queryset) == [hoorn]
    assert _rows(response.text) == []


def test_other_buyers_user_sees_none_of_these_contracts(
    enkhuizen: Buyer, contracts: list[Contract]
) -> None:
    response = _client(buyer_user_of(enkhuizen)).get(URL)

    assert _rows(response.text) == [str(contracts[2].pk)]
    assert "Gemeente Hoorn" not in response.text


def test_buyer_user_cannot_filter_on_another_buyer(
    hoorn: Buyer, enkhuizen: Buyer, contracts: list[Contract]
) -> None:
    response = _client(buyer_user_of(enkhuizen)).get(URL, {"koper": hoorn.pk})

    assert response.status_code == 200
    assert _error(response.text, "koper") == "Kies een opdrachtgever uit de lijst."
    assert _rows(response.text) == [str(contracts[2].pk)]


def test_the_navigation_links_the_portfolio_for_coordinators_and_buyer_users(
    coordinator: User, contractor_a: User, hoorn: Buyer
) -> None:
    assert f'href="{URL}"' in _client(coordinator).get("/contracten/").text
    assert f'href="{URL}"' in _client(buyer_user_of(hoorn)).get("/contracten/").text
    assert f'href="{URL}"' not in _client(contractor_a).get("/contracten/").text


# --- the page ----------------------------------------------------------------------------------


def test_the_light_is_shown_as_text_and_marker(
    coordinator: User, contracts: list[Contract]
) -> None:
    html = _client(coordinator).get(URL).text

    row = re.search(rf'data-contract="{contracts[1].pk}".*?</tr>', html, re.S)
    assert row is not None
    assert 'class="sroi-light sroi-light--behind" data-light="behind">Achter<' in row.group(0)


def test_totals_row_and_breakdowns(coordinator: User, contracts: list[Contract]) -> None:
    response = _client(coordinator).get(URL)
    html = response.text

    assert 'data-total="obligation">EUR 150.006,00<' in html  # 3 x 50,000 + 1 + 2 + 3
    assert 'data-total="realised">EUR 6.001,50<' in html  # 1,000.25 x (1 + 2 + 3)
    assert 'data-table="buyers"' in html
    assert 'data-table="years"' in html
    assert f'href="?koper={contracts[0].buyer_id}"' in html  # drill down per buyer
    assert 'href="?stoplicht=behind"' in html
    for chart in ("lights", "buyers", "years"):
        assert f'data-chart="{chart}"' in html
    assert "<svg" in html and 'role="img"' in html


def test_filters_apply_and_are_kept_in_the_links(
    coordinator: User, hoorn: Buyer, contracts: list[Contract]
) -> None:
    response = _client(coordinator).get(URL, {"koper": hoorn.pk, "stoplicht": "behind"})
    html = response.text

    assert _rows(html) == [str(contracts[1].pk)]
    sort_link = re.search(r'data-column="realised">\s*<a[^>]*href="([^"]+)"', html)
    assert sort_link is not None
    assert sort_link.group(1) == f"?koper={hoorn.pk}&amp;stoplicht=behind&amp;sorteer=realised"


def test_sorting_by_a_column_with_aria_sort(coordinator: User, contracts: list[Contract]) -> None:
    client = _client(coordinator)

    ascending = client.get(URL, {"sorteer": "realised"}).text
    descending = client.get(URL, {"sorteer": "-realised"}).text
    by_light = client.get(URL, {"sorteer": "light"}).text

    assert _rows(ascending) == [str(c.pk) for c in contracts]
    assert _rows(descending) == [str(c.pk) for c in reversed(contracts)]
    assert 'aria-sort="ascending"' in ascending
    assert 'aria-sort="descending"' in descending
    # worst first: behind, at risk, on track
    assert _rows(by_light) == [str(contracts[i].pk) for i in (1, 2, 0)]


def test_pagination_keeps_the_filter(coordinator: User, hoorn: Buyer, contractor_a: User) -> None:
    for number in range(1, 53):
        portfolio_contract(contractor_a.organisation, hoorn, number)

    response = _client(coordinator).get(URL, {"koper": hoorn.pk, "sorteer": "-obligation"})

    assert len(_rows(response.text)) == 50
    assert f'href="?koper={hoorn.pk}&amp;sorteer=-obligation&amp;page=2"' in response.text
    second = _client(coordinator).get(URL, {"koper": hoorn.pk, "page": 2}).text
    assert len(_rows(second)) == 2


# --- bad values --------------------------------------------------------------------------------

BAD_VALUES = [
    ({"koper": "abc"}, "koper", "Kies een opdrachtgever uit de lijst."),
    ({"jaar": "99999"}, "jaar", "Vul een jaar in tot en met 2100."),
    ({"jaar": "1999"}, "jaar", "Vul een jaar in vanaf 2000."),
    ({"jaar": "x"}, "jaar", "Vul een jaar in, bijvoorbeeld 2026."),
    ({"stoplicht": "paars"}, "stoplicht", "Kies een stoplicht uit de lijst."),
    ({"doelgroep": "onbekend"}, "doelgroep", "Kies een doelgroep uit de lijst."),
    ({"soort": "onbekend"}, "soort", "Kies een soort invulling uit de lijst."),
    ({"sorteer": "password"}, "sorteer", "Kies een kolom van de tabel om op te sorteren."),
    ({"sorteer": "-"}, "sorteer", "Kies een kolom van de tabel om op te sorteren."),
    ({"sorteer": "x" * 10_000}, "sorteer", "Kies een kolom van de tabel om op te sorteren."),
    ({"van": "2026-13-45"}, "van", "Vul een datum in als dd-mm-jjjj."),
    ({"van": "01-01-1800"}, "van", "Vul een datum in tussen 2000 en 2100."),
    (
        {"van": "01-01-2027", "tot": "01-01-2026"},
        "tot",
        "Het einde van de periode ligt vóór het begin.",
    ),
    (
        {"van": "01-01-1900", "tot": "31-12-2099"},
        "van",
        "Vul een datum in tussen 2000 en 2100.",
    ),
    ({"van": "01-01-2000", "tot": "31-12-2060"}, "tot", "Kies een periode van hoogstens 50 jaar."),
    ({"zoek": "a" * 10_000}, "zoek", "Zorg dat deze waarde niet meer dan 100 tekens bevat"),
]


@pytest.mark.parametrize(
    ("params", "field", "message"), BAD_VALUES, ids=[str(p)[:40] for p, _f, _m in BAD_VALUES]
)
def test_a_bad_value_gets_its_dutch_message_at_the_field(
    coordinator: User, contracts: list[Contract], params: dict[str, str], field: str, message: str
) -> None:
    response = _client(coordinator).get(URL, params)

    assert response.status_code == 200
    assert _error(response.text, field).startswith(message)
    # the bad value does not filter: the list is still shown
    assert len(_rows(response.text)) == len(contracts)


def test_other_buyers_id_as_koper(
    coordinator: User, hoorn: Buyer, contracts: list[Contract]
) -> None:
    response = _client(coordinator).get(URL, {"koper": "999999"})

    assert response.status_code == 200
    assert _error(response.text, "koper") == "Kies een opdrachtgever uit de lijst."


def test_a_bsn_in_the_search_is_refused_and_not_shown_again(
    coordinator: User, contracts: list[Contract]
) -> None:
    response = _client(coordinator).get(URL, {"zoek": "111222333"})

    assert response.status_code == 200
    assert "BSN" in _error(response.text, "zoek")
    search_box = re.search(r'<input[^>]*name="zoek"[^>]*>', response.text)
    assert search_box is not None
    assert "111222333" not in search_box.group(0)
    assert len(_rows(response.text)) == len(contracts)


def test_valid_filters_apply_next_to_a_bad_one(
    coordinator: User, hoorn: Buyer, contracts: list[Contract]
) -> None:
    response = _client(coordinator).get(
        URL, {"koper": hoorn.pk, "stoplicht": "paars", "sorteer": "password"}
    )
    html = response.text

    assert sorted(_rows(html)) == sorted(str(c.pk) for c in contracts[:2])
    assert _error(html, "stoplicht")
    # the links keep the valid filter, not the bad values
    assert "paars" not in html.split('id="contracts-heading"')[1]
    assert "password" not in html.split('id="contracts-heading"')[1]


def test_an_absurd_page_number_shows_a_page(coordinator: User, contracts: list[Contract]) -> None:
    for page in ("0", "-1", "x", "9" * 30):
        response = _client(coordinator).get(URL, {"page": page})
        assert response.status_code == 200
        assert len(_rows(response.text)) == len(contracts)


def test_a_year_and_a_range_filter_on_the_term(
    coordinator: User, contracts: list[Contract], contractor_a: User, hoorn: Buyer
) -> None:
    later = portfolio_contract(
        contractor_a.organisation,
        hoorn,
        7,
        start_date=date(2030, 1, 1),
        end_date=date(2031, 12, 31),
    )
    client = _client(coordinator)

    assert _rows(client.get(URL, {"jaar": "2031"}).text) == [str(later.pk)]
    assert str(later.pk) not in _rows(
        client.get(URL, {"van": "01-01-2026", "tot": "31-12-2029"}).text
    )
    assert str(later.pk) in _rows(client.get(URL, {"van": "2031-06-01"}).text)


# --- queries -----------------------------------------------------------------------------------


def _queries(user: User, params: dict[str, object] | None = None) -> int:
    client = _client(user)
    client.get(URL, params or {})  # warm: session, caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_contracts(
    coordinator: User, hoorn: Buyer, enkhuizen: Buyer, contractor_a: User
) -> None:
    organisation = contractor_a.organisation
    for number in range(1, 4):
        portfolio_contract(organisation, hoorn if number % 2 else enkhuizen, number)
    filtered = {"koper": hoorn.pk, "doelgroep": "pw_lt2", "soort": "jobs", "zoek": "Portefeuille"}
    few = _queries(coordinator)
    few_filtered = _queries(coordinator, filtered)
    buyer_few = _queries(buyer_user_of(hoorn))

    for number in range(4, 31):
        portfolio_contract(OrganisationFactory(), hoorn if number % 2 else enkhuizen, number)

    assert _queries(coordinator) == few
    assert _queries(coordinator, filtered) == few_filtered
    assert _queries(buyer_user_of(hoorn)) == buyer_few
    assert max(few, few_filtered, buyer_few) <= MAX_QUERIES
