"""A calculator calculation (calc-io input JSON) becomes a contract and a draft plan."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from html import unescape

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from sroi.accounts.constants import Role
from sroi.accounts.models import User
from sroi.plans.constants import PlanStatus
from sroi.plans.models import Contract, Plan
from sroi.plans.valuation import plan_valuation
from sroi.rules.engine.limits import PLAN_LINES_MAX
from tests.factories import UserFactory

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
    assert "Regel 1: Uren per week: " in response.content.decode()
    assert Plan.objects.count() == 0


def test_unreadable_document_is_refused(contractor_a: User) -> None:
    response = _client(contractor_a).post(URL, {"document": "{niet json"})
    assert response.status_code == 400
    assert Plan.objects.count() == 0


def test_refused_calculation_names_line_and_field_in_dutch(contractor_a: User) -> None:
    broken = {
        **DOCUMENT,
        "lines": [{"block": "WW_GT1", "hours_per_week": "-1", "start": "2026-03-01"}],
    }
    response = _client(contractor_a).post(URL, {"document": json.dumps(broken)})
    content = response.content.decode()
    assert response.status_code == 400
    # Line index 0 is the user's "Regel 1"; the field by its label, the engine's Dutch text.
    assert "Regel 1: Uren per week: Uren per week mag niet negatief zijn." in content
    assert "lines[0]" not in content
    assert "hours_per_week" not in content
    assert Plan.objects.count() == 0


def test_refused_calculation_follows_the_chosen_language(contractor_a: User) -> None:
    broken = {
        **DOCUMENT,
        "lines": [{"block": "WW_GT1", "hours_per_week": "18", "start": "2026-03-01"}],
        "contract": {**DOCUMENT["contract"], "value_eur": "-5"},  # type: ignore[dict-item]
    }
    client = _client(contractor_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(URL, {"document": json.dumps(broken)})
    content = response.content.decode()
    assert response.status_code == 400
    assert "(Estimated) contract value: " in content
    assert "mag niet" not in content
    assert Plan.objects.count() == 0


def test_calculation_with_more_lines_than_the_plan_form_shows_is_refused(
    contractor_a: User,
) -> None:
    line = {"block": "SOCIAAL_INKOPEN", "amount_eur": "100"}
    too_many = {**DOCUMENT, "lines": [line] * (PLAN_LINES_MAX + 1)}
    response = _client(contractor_a).post(URL, {"document": json.dumps(too_many)})
    assert response.status_code == 400
    assert f"Deze berekening heeft {PLAN_LINES_MAX + 1} regels" in response.content.decode()
    assert Plan.objects.count() == 0
    assert Contract.objects.count() == 0


def test_calculation_with_as_many_lines_as_the_plan_form_shows_is_taken_over(
    contractor_a: User,
) -> None:
    line = {"block": "SOCIAAL_INKOPEN", "amount_eur": "100"}
    full = {**DOCUMENT, "lines": [line] * PLAN_LINES_MAX}
    response = _client(contractor_a).post(URL, {"document": json.dumps(full)})
    assert response.status_code == 302
    assert Plan.objects.get().lines.count() == PLAN_LINES_MAX


def test_only_a_contractor_with_an_organisation_may(
    coordinator: User, contractor_a: User, db: None
) -> None:
    body = {"document": json.dumps(DOCUMENT)}
    anonymous = _client(None).post(URL, body)
    assert anonymous.status_code == 200  # the sign-in page; the calculation stays in the browser
    assert _client(None).get(URL).status_code == 302
    assert _client(coordinator).post(URL, body).status_code == 403
    without_organisation = UserFactory(role=Role.CONTRACTOR, organisation=None)
    assert without_organisation.is_contractor and without_organisation.organisation is None
    assert _client(without_organisation).post(URL, body).status_code == 403
    assert Plan.objects.count() == 0
    assert Contract.objects.count() == 0
    # The same document from a contractor with an organisation is taken over.
    assert _client(contractor_a).post(URL, body).status_code == 302
    assert Plan.objects.get().contract.organisation == contractor_a.organisation


def test_signed_out_the_calculation_is_carried_by_the_browser_not_the_server(db: None) -> None:
    client = Client()
    response = client.post(URL, {"document": json.dumps(DOCUMENT)})

    assert response.status_code == 200
    page = response.content.decode()
    # The document goes back to the browser (plans/plan_from_calculation.js keeps it) ...
    kept = re.search(r'id="calculation-document" value="([^"]*)"', page)
    assert kept is not None and json.loads(unescape(kept.group(1))) == DOCUMENT
    # ... the sign-in link comes back to this address, and nothing is stored on the server.
    assert f'href="{reverse("account_login")}?next=%2Fplannen%2Fuit-rekenhulp%2F"' in page
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.count() == 0
    assert Plan.objects.count() == 0


def test_back_from_the_login_the_page_offers_to_make_the_plan(contractor_a: User) -> None:
    anonymous = _client(None).get(URL)
    assert anonymous["Location"] == f"{reverse('account_login')}?next={URL}"
    response = _client(contractor_a).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="calculation-resume"' in page
    assert 'name="document"' in page
    assert Plan.objects.count() == 0  # made only when the form is sent


def test_an_agreed_value_of_the_calculation_is_not_taken_over(contractor_a: User) -> None:
    document = {
        **DOCUMENT,
        "lines": [{"block": "CO_CREATIE", "agreed_value_eur": "5000", "date": "2026-05-01"}],
    }
    response = _client(contractor_a).post(URL, {"document": json.dumps(document)}, follow=True)
    line = Plan.objects.get().lines.get()
    assert line.block_code == "CO_CREATIE"
    assert line.agreed_value_eur is None
    assert "coördinator Social Return legt afgesproken waarden vast" in response.content.decode()


def test_a_document_that_is_not_an_object_is_a_message_not_a_500(contractor_a: User) -> None:
    client = _client(contractor_a)
    for document in ('"x"', "null", "[]", "1"):
        response = client.post(URL, {"document": document})
        assert response.status_code == 400
    assert not Plan.objects.exists()
    assert not Contract.objects.exists()
