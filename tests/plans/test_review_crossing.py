"""Two coordinators (and the contractor) at once on one plan: a decision acts on the version
the coordinator's page showed, never on a newer one submitted meanwhile."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.plans import services, services_review
from sroi.plans.constants import PlanStatus
from sroi.plans.models import Plan
from tests.factories import UserFactory
from tests.plans.factories import PlanFactory


@pytest.fixture
def resubmitted(contractor_a: User, coordinator: User) -> tuple[Plan, int]:
    """Version 1 is on a coordinator's review page; a colleague sends it back and the
    contractor submits version 2 before that coordinator decides. Returns (plan, 1)."""
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    colleague = UserFactory(email="collega@werksaam.example.org", coordinator=True)
    services_review.plan_request_changes(acting_user=colleague, plan=plan, note="Uren aanpassen")
    plan.refresh_from_db()
    services.plan_submit(acting_user=contractor_a, plan=plan)
    plan.refresh_from_db()
    assert (plan.status, plan.current_version) == (PlanStatus.SUBMITTED, 2)
    return plan, 1


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_review_page_names_the_version_its_decisions_are_about(
    coordinator: User, resubmitted: tuple[Plan, int]
) -> None:
    plan, _seen = resubmitted
    page = _client(coordinator).get(reverse("coordinator:plan_review", args=[plan.pk]))
    assert page.content.decode().count('name="version" value="2"') == 2  # approve, reject


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("plans:plan_approve", {"confirm": "yes", "accept_shortfall": "on"}),
        ("plans:plan_request_changes", {"note": "Nog iets"}),
        ("plans:plan_reject", {"reasons": "Onvoldoende"}),
    ],
)
def test_a_decision_on_the_version_seen_is_refused_when_a_newer_one_was_submitted(
    coordinator: User, resubmitted: tuple[Plan, int], url_name: str, data: dict[str, str]
) -> None:
    plan, seen = resubmitted
    events = plan.events.count()
    response = _client(coordinator).post(
        reverse(url_name, args=[plan.pk]), {**data, "version": seen}, follow=True
    )
    assert "Er is een nieuwe versie van dit plan ingediend" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.events.count() == events


def test_the_service_checks_the_version_under_the_lock(
    coordinator: User, resubmitted: tuple[Plan, int]
) -> None:
    plan, seen = resubmitted
    with pytest.raises(services.PlanTransitionError, match="nieuwe versie"):
        services_review.plan_approve(acting_user=coordinator, plan=plan, version=seen)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    approved = services_review.plan_approve(acting_user=coordinator, plan=plan, version=2)
    assert approved.status in {PlanStatus.APPROVED, PlanStatus.APPROVAL_PENDING}


def test_the_confirmation_page_carries_the_version(
    coordinator: User, resubmitted: tuple[Plan, int]
) -> None:
    plan, _seen = resubmitted
    response = _client(coordinator).post(
        reverse("plans:plan_approve", args=[plan.pk]), {"note": "", "version": 2}
    )
    assert response.status_code == 200
    assert '<input type="hidden" name="version" value="2">' in response.content.decode()
