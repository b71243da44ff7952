"""A calculator calculation (calc-io input JSON) becomes a contract and a draft plan."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.plans.constants import PlanStatus
from sroi.plans.models import Plan
from sroi.plans.valuation import plan_valuation

URL = reverse("plans:plan_from_calculation")

DOCUMENT = {
    "ruleset": "nhn-werksaam",
    "contract": {
        "value_eur": "800000",
        "sroi_percentage": "5",
        "start": "2026-01-01",
        "end": "2027-12-31",
    },
    "pso_level": None,
    "lines": [
        {
            "block": "WW_GT1",
            "hours_per_week": "18",
            "start": "2026-03-15",
            "end": "2026-06-30",
            "ref": "uitvoerder",
        },
        {"block": "SOCIAAL_INKOPEN", "amount_eur": "4000"},
    ],
}


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_contractor_turns_a_calculation_into_a_draft_plan(contractor_a: User) -> None:
    response = _client(contractor_a).post(URL, {"document": json.dumps(DOCUMENT)})
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan_edit", args=[plan.pk])
    assert plan.status == PlanStatus.DRAFT
    assert plan.contract.organisation == contractor_a.organisation
    assert plan.contract.value_eur == Decimal("800000")
    assert plan.contract.start_date == date(2026, 1, 1)
    assert plan.contract.ruleset_version.code == "nhn-werksaam"
    assert plan.effort_kinds == ["jobs", "social_procurement"]
    assert plan.target_groups == ["ww_gt1"]
    lines = list(plan.lines.all())
    assert [(line.target_group, line.block_code) for line in lines] == [
        ("ww_gt1", "WW_GT1"),
        ("", "SOCIAAL_INKOPEN"),
    ]
    assert lines[0].description == "uitvoerder"
    # Same value as on the calculator (NHN indicative, WW > 1 jaar = EUR 20,000 per FTE-year):
    # 20,000 x 18/36 x (17/31 + 3) / 12 = 2,956.99; social procurement 4,000 x 1 = 4,000.00.
    valuation = plan_valuation(plan).valuation
    assert valuation is not None
    assert [line.value_eur for line in valuation.lines] == [Decimal("2956.99"), Decimal("4000.00")]
    assert valuation.obligation_eur == Decimal("40000.00")


def test_invalid_calculation_is_refused_with_each_problem(contractor_a: User) -> None:
    broken = {**DOCUMENT, "lines": [{"block": "WW_GT1", "hours_per_week": "-1"}]}
    response = _client(contractor_a).post(URL, {"document": json.dumps(broken)})
    assert response.status_code == 400
    assert "lines[0]" in response.content.decode()
    assert Plan.objects.count() == 0


def test_unreadable_document_is_refused(contractor_a: User) -> None:
    response = _client(contractor_a).post(URL, {"document": "{niet json"})
    assert response.status_code == 400
    assert Plan.objects.count() == 0


def test_only_a_contractor_with_an_organisation_may(coordinator: User, db: None) -> None:
    anonymous = _client(None).post(URL, {"document": json.dumps(DOCUMENT)})
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    assert _client(coordinator).post(URL, {"document": json.dumps(DOCUMENT)}).status_code == 403
    assert _client(None).get(URL).status_code == 302
    assert Plan.objects.count() == 0
