"""The plans home: filters, pagination and a constant number of queries for any page size."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sroi.accounts.models import User
from sroi.plans.models import Plan
from sroi.plans.views import PLANS_PER_PAGE
from tests.factories import OrganisationFactory
from tests.plans.factories import PlanFactory


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_coordinator_home_has_no_n_plus_1_queries(coordinator: User) -> None:
    client = Client()
    client.force_login(coordinator)
    url = reverse("plans:home")
    PlanFactory.create_batch(2)
    _queries(client, url)  # the first request of a process reads the rule set once
    few = _queries(client, url)
    PlanFactory.create_batch(10, contract__organisation=OrganisationFactory())
    # Plans not valued yet in this process: their lines in one query, whatever their number.
    assert _queries(client, url) == few + 1
    many = _queries(client, url)
    assert few == many


def test_home_reads_no_lines_when_every_plan_was_valued(coordinator: User) -> None:
    """Warm (every listed plan valued before by this process): session, user, count, plans
    and the rule-set version valid on the contracts' start date; no lines."""
    client = Client()
    client.force_login(coordinator)
    url = reverse("plans:home")
    PlanFactory.create_batch(3)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert not any("plans_planline" in query["sql"] for query in captured.captured_queries)


def test_home_shows_obligation_planned_value_and_progress(contractor_a: User, plan_a: Plan) -> None:
    client = Client()
    client.force_login(contractor_a)
    content = client.get(reverse("plans:home")).content.decode()
    # factories.py: obligation EUR 50,000.00, planned EUR 25,000.00, 50.0 %
    assert "50.000,00" in content
    assert "25.000,00" in content
    assert 'value="50.0"' in content
    assert "50,0 %" in content


def test_coordinator_filters_and_pages(coordinator: User, contractor_a: User) -> None:
    PlanFactory.create_batch(PLANS_PER_PAGE + 1, contract__organisation=contractor_a.organisation)
    PlanFactory(contract__name="Kademuur Enkhuizen", submitted=True)
    client = Client()
    client.force_login(coordinator)
    home = reverse("plans:home")

    first = client.get(home).content.decode()
    assert "Pagina 1 van 2" in first
    assert "?page=2" in first

    submitted = client.get(home, {"status": "submitted"}).content.decode()
    assert "Kademuur Enkhuizen" in submitted
    assert "Onderhoud wegen" not in submitted

    found = client.get(home, {"q": "kademuur"}).content.decode()
    assert "Kademuur Enkhuizen" in found
    second = client.get(home, {"q": "onderhoud", "page": 2}).content.decode()
    assert "q=onderhoud&amp;page=1" in second
