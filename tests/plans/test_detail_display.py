"""What the plan page shows for a draft that is still mostly empty."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.plans.models import Contract
from tests.plans.factories import PlanFactory


def test_a_draft_without_contract_dates_shows_one_dash_for_the_term(contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    Contract.objects.filter(pk=plan.contract_id).update(start_date=None, end_date=None)
    client = Client()
    client.force_login(contractor_a)

    html = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()

    assert "— \u2013 —" not in html
    term = html.split("Looptijd contract", 1)[1].split("</dd>", 1)[0]
    assert term.rstrip().endswith("<dd>—")
