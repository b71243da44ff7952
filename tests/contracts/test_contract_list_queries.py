"""The contract list costs the same number of queries for 10 contracts as for 5,000: session,
user, the buyers of the filter, the totals with the count (one aggregate) and the page (with
organisation, buyer and rule set joined); no query per row."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.plans.models import Buyer, Contract
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
LIST = reverse("contracts:contract_list")


def _contracts(count: int, buyer: Buyer) -> None:
    organisations = [OrganisationFactory() for _ in range(3)]
    Contract.objects.bulk_create(
        Contract(
            organisation=organisations[index % 3],
            buyer=buyer,
            name=f"Contract {index:05d}",
            reference=f"K-{index}",
            value_eur=Decimal("100000"),
            start_date=date(2026, 1, 1),
            end_date=date(2027, 1, 1),
            sroi_percentage=Decimal("5"),
            obligation_eur=Decimal("5000.00"),
            planned_eur=Decimal(index),
        )
        for index in range(count)
    )


@pytest.mark.parametrize("sort", ["", "-planned", "contractor"])
def test_the_list_needs_the_same_queries_for_ten_and_five_thousand_contracts(
    coordinator: User, buyer: Buyer, django_assert_num_queries, sort: str
) -> None:
    client = Client()
    client.force_login(coordinator)
    query = {"sorteer": sort, "q": "Contract"} if sort else {}
    _contracts(10, buyer)
    client.get(LIST, query)  # sessions and caches warm
    with django_assert_num_queries(5) as small:
        response = client.get(LIST, query)
    assert response.status_code == 200
    _contracts(4990, buyer)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(LIST, query)
    page = response.content.decode()
    assert "5000 contracten" in page
    assert "EUR 25.000.000,00" in page  # 5,000 x EUR 5,000.00 obligation, summed in SQL
    assert page.count("data-contract=") == 50
