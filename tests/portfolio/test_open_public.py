"""The public page of open figures and its CSV and JSON: no login, only published pages,
counts of people below 5 suppressed in every output, no personal data."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from sroi.plans.constants import TargetGroup
from sroi.portfolio.open_formats import CSV_COLUMNS, CSV_SUPPRESSED_NOTE, CSV_WITHHELD_NOTE
from tests.portfolio.open_data import buyer_named, contract_of, place, publish

pytestmark = pytest.mark.usefixtures("shipped_rulesets")

OUTPUTS = ("open:page", "open:csv", "open:json")


@pytest.fixture
def published(db: None) -> dict[str, object]:
    """A published buyer: 2026 with 6 people (pw_lt2) and 3 people (pw_gt2), 2025 with 5."""
    buyer = buyer_named()
    contract_2026 = contract_of(buyer, name="Onderhoud wegen Hoorn")
    place(contract_2026, 6)
    place(contract_2026, 3, target_group=TargetGroup.PW_GT2)
    place(contract_of(buyer, start=date(2025, 2, 1)), 5)
    return {"buyer": buyer, "publication": publish(buyer), "contract": contract_2026}


@pytest.mark.parametrize("name", OUTPUTS)
def test_every_output_is_open_without_login(client: Client, published: dict, name: str) -> None:
    response = client.get(reverse(name, args=["gemeente-hoorn"]))
    assert response.status_code == 200


@pytest.mark.parametrize("name", OUTPUTS)
def test_an_unpublished_page_is_the_same_404_as_an_unknown_one(
    client: Client, db: None, name: str
) -> None:
    publish(buyer_named(), "verborgen", published=False)
    hidden = client.get(reverse(name, args=["verborgen"]))
    unknown = client.get(reverse(name, args=["onbekend1"]))
    assert hidden.status_code == unknown.status_code == 404

    def page(response: object, slug: str) -> str:
        # The page names its own address (the language switch's "next") and a CSRF token.
        text = response.content.decode().replace(slug, "ADDRESS")  # type: ignore[attr-defined]
        return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', "TOKEN", text)

    assert page(hidden, "verborgen") == page(unknown, "onbekend1")


@pytest.mark.parametrize(
    "path",
    ["/open/GEMEENTE-HOORN/", "/open/gemeente_hoorn/cijfers.json", "/open/" + "a" * 5000 + "/"],
)
def test_strange_addresses_are_404(client: Client, published: dict, path: str) -> None:
    assert client.get(path).status_code == 404


def test_a_post_to_the_public_page_is_refused(client: Client, published: dict) -> None:
    assert client.post(reverse("open:page", args=["gemeente-hoorn"])).status_code == 405


def test_the_page_shows_small_counts_as_fewer_than_five(client: Client, published: dict) -> None:
    html = client.get(reverse("open:page", args=["gemeente-hoorn"])).content.decode()
    assert "minder dan 5" in html
    assert 'data-suppressed="true"' in html
    # The group of 11 hidden by the second rule is "niet getoond", never "minder dan 5".
    assert 'data-withheld="true">niet getoond<' in html
    # The target group with 3 people is hidden; so is the one with 6 (12 - ... could recover).
    assert ">3<" not in html
    assert "Wij kopen sociaal in." in html


def test_the_json_marks_suppressed_counts_as_null(client: Client, published: dict) -> None:
    document = client.get(reverse("open:json", args=["gemeente-hoorn"])).json()
    assert set(document) == {
        "format",
        "version",
        "buyer",
        "address",
        "published_at",
        "computed_at",
        "currency",
        "suppressed_below",
        "total",
        "years",
    }
    assert document["format"] == "sroi-open-figures" and document["version"] == 1
    total = document["total"]
    assert set(total) == {
        "contracts",
        "obligation_eur",
        "agreed_eur",
        "realised_eur",
        "people",
        "lights",
        "target_groups",
        "effort_kinds",
    }
    assert total["contracts"] == 2
    assert total["obligation_eur"] == "100000.00"
    assert total["people"] == {"value": 14, "suppressed": False, "withheld": False}
    groups = {g["code"]: g["people"] for g in total["target_groups"]}
    assert groups[TargetGroup.PW_GT2] == {"value": None, "suppressed": True, "withheld": False}
    # Only two groups: with one hidden, the other is too (14 - 11 would give the 3).
    assert groups[TargetGroup.PW_LT2] == {"value": None, "suppressed": True, "withheld": True}
    assert [y["year"] for y in document["years"]] == [2025, 2026]
    for scope in [total, *document["years"]]:
        for people in [scope["people"]] + [g["people"] for g in scope["target_groups"]]:
            assert people["suppressed"] is (people["value"] is None)
            assert people["value"] in (None, 0) or people["value"] >= 5


def test_the_csv_is_for_dutch_excel(client: Client, published: dict) -> None:
    response = client.get(reverse("open:csv", args=["gemeente-hoorn"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))
    assert tuple(rows[0]) == CSV_COLUMNS
    total = rows[1]
    assert total[:2] == ["totaal", "totaal"]
    assert total[5] == "100000,00"
    suppressed = [row for row in rows if row[9] == CSV_SUPPRESSED_NOTE]
    withheld = [row for row in rows if row[9] == CSV_WITHHELD_NOTE]
    assert suppressed and withheld
    assert all(row[8] == "" for row in suppressed + withheld)
    assert all(row[8] in ("", "0") or int(row[8]) >= 5 for row in rows[1:])


@pytest.mark.parametrize("name", OUTPUTS)
def test_no_candidate_reference_or_contract_name_in_any_output(
    client: Client, published: dict, name: str
) -> None:
    from sroi.monitoring.models import Candidate

    body = client.get(reverse(name, args=["gemeente-hoorn"])).content.decode()
    contract = published["contract"]
    for reference in Candidate.objects.values_list("reference", flat=True):
        assert reference not in body
    assert contract.name not in body
    assert contract.organisation.name not in body
    assert contract.organisation.contact_name not in body
    assert contract.organisation.contact_email not in body


def test_the_files_may_be_cached_publicly_and_read_by_any_site(
    client: Client, published: dict
) -> None:
    response = client.get(reverse("open:json", args=["gemeente-hoorn"]))
    assert "public" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_an_anonymous_crowd_costs_one_computation(
    client: Client, published: dict, django_assert_max_num_queries: object
) -> None:
    client.get(reverse("open:page", args=["gemeente-hoorn"]))
    with django_assert_max_num_queries(3):  # type: ignore[operator]
        client.get(reverse("open:json", args=["gemeente-hoorn"]))
