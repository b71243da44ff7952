"""Withdrawing and approving take a confirmation step that works without JavaScript; approving
a plan that does not cover its obligation shows the coverage and needs an explicit yes; a
withdrawal is mailed to the coordinator.

The factory's plan covers 50.0 %: obligation EUR 50.000,00, one line of EUR 25.000,00.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from sroi.accounts.models import User
from sroi.core.models import OutboxMessage
from sroi.plans.constants import PlanStatus
from sroi.plans.models import Plan
from tests.plans.factories import PlanFactory


@pytest.fixture
def submitted_a(contractor_a: User) -> Plan:
    return PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)


@pytest.fixture
def fully_covered_a(contractor_a: User) -> Plan:
    # 2 candidates x EUR 25.000,00 = EUR 50.000,00 = the obligation: 100 %.
    return PlanFactory(
        contract__organisation=contractor_a.organisation,
        submitted=True,
        lines=[
            {
                "target_group": "pw_lt2",
                "count": 2,
                "hours_per_week": Decimal("36"),
                "start_date": "2026-01-01",
                "end_date": "2026-12-31",
            }
        ],
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response: object) -> str:
    return " ".join(response.content.decode().split())  # type: ignore[attr-defined]


# --- withdraw ------------------------------------------------------------------------------


def test_withdraw_asks_for_confirmation_first_and_keeps_the_note(
    contractor_a: User, submitted_a: Plan
) -> None:
    response = _client(contractor_a).post(
        reverse("plans:plan_withdraw", args=[submitted_a.pk]), {"note": "Uren kloppen niet."}
    )

    assert response.status_code == 200
    html = _text(response)
    assert "Weet u zeker dat u dit plan wilt intrekken?" in html
    assert 'name="confirm" value="yes"' in html
    assert 'name="note" value="Uren kloppen niet."' in html
    assert "Ja, trek het plan in" in html
    submitted_a.refresh_from_db()
    assert submitted_a.status == PlanStatus.SUBMITTED
    assert not OutboxMessage.objects.filter(subject__startswith="Ingetrokken").exists()


def test_confirmed_withdrawal_withdraws_and_mails_the_coordinator(
    contractor_a: User, submitted_a: Plan, settings: Settings
) -> None:
    settings.SROI_COORDINATOR_EMAIL = "sroi@werksaam.example.org"
    settings.SROI_BASE_URL = "https://sroi.example.org"

    response = _client(contractor_a).post(
        reverse("plans:plan_withdraw", args=[submitted_a.pk]),
        {"note": "Uren kloppen niet.", "confirm": "yes"},
    )

    assert response.status_code == 302
    submitted_a.refresh_from_db()
    assert submitted_a.status == PlanStatus.WITHDRAWN
    mail = OutboxMessage.objects.get(to=["sroi@werksaam.example.org"], subject__contains="Ingetr")
    assert submitted_a.contract.name in mail.subject
    assert "Bouwbedrijf A B.V." in mail.subject
    assert "heeft versie 1 van het plan van aanpak" in mail.body
    assert "Uren kloppen niet." in mail.body
    assert f"https://sroi.example.org/plannen/{submitted_a.pk}/" in mail.body
    assert "None" not in mail.body


def test_coordinator_gets_no_confirmation_page_for_a_withdrawal(
    coordinator: User, submitted_a: Plan
) -> None:
    response = _client(coordinator).post(reverse("plans:plan_withdraw", args=[submitted_a.pk]))

    assert response.status_code == 403


# --- approve -------------------------------------------------------------------------------


def test_approve_under_full_coverage_shows_the_coverage_and_asks_for_confirmation(
    coordinator: User, submitted_a: Plan
) -> None:
    response = _client(coordinator).post(
        reverse("plans:plan_approve", args=[submitted_a.pk]), {"note": "Prima."}
    )

    assert response.status_code == 200
    html = _text(response)
    assert "Weet u zeker dat u dit plan wilt goedkeuren?" in html
    assert "Dit plan dekt 50,0 % van de verplichting; er moet nog EUR 25.000,00" in html
    assert 'name="accept_shortfall"' in html
    submitted_a.refresh_from_db()
    assert submitted_a.status == PlanStatus.SUBMITTED


def test_approve_under_full_coverage_without_the_explicit_yes_is_refused_at_the_field(
    coordinator: User, submitted_a: Plan
) -> None:
    response = _client(coordinator).post(
        reverse("plans:plan_approve", args=[submitted_a.pk]),
        {"note": "Prima.", "confirm": "yes"},
    )

    assert response.status_code == 400
    html = _text(response)
    assert 'id="id_accept_shortfall_error"' in html
    assert "Bevestig dat u het plan goedkeurt" in html
    assert 'href="#id_accept_shortfall"' in html  # the error summary links to the checkbox
    submitted_a.refresh_from_db()
    assert submitted_a.status == PlanStatus.SUBMITTED


def test_approve_under_full_coverage_with_the_explicit_yes_approves(
    coordinator: User, submitted_a: Plan
) -> None:
    response = _client(coordinator).post(
        reverse("plans:plan_approve", args=[submitted_a.pk]),
        {"note": "Prima.", "confirm": "yes", "accept_shortfall": "on"},
    )

    assert response.status_code == 302
    submitted_a.refresh_from_db()
    assert submitted_a.status == PlanStatus.APPROVED
    assert submitted_a.events.get(action="approve").note == "Prima."


def test_approve_at_full_coverage_asks_for_confirmation_without_a_warning(
    coordinator: User, fully_covered_a: Plan
) -> None:
    client = _client(coordinator)
    url = reverse("plans:plan_approve", args=[fully_covered_a.pk])

    first = client.post(url, {"note": ""})
    assert first.status_code == 200
    assert "Weet u zeker dat u dit plan wilt goedkeuren?" in _text(first)
    assert 'data-warning="shortfall"' not in _text(first)
    assert 'name="accept_shortfall"' not in _text(first)

    second = client.post(url, {"note": "", "confirm": "yes"})
    assert second.status_code == 302
    fully_covered_a.refresh_from_db()
    assert fully_covered_a.status == PlanStatus.APPROVED


def test_contractor_gets_no_approval_confirmation(contractor_a: User, submitted_a: Plan) -> None:
    response = _client(contractor_a).post(reverse("plans:plan_approve", args=[submitted_a.pk]))

    assert response.status_code == 403
