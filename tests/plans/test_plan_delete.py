"""A contractor can delete its own draft that was never submitted (confirmation page, audit
entry); not once a version exists; not another organisation, a coordinator or anonymous."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.core.models import AuditEntry
from sroi.plans import services
from sroi.plans.models import Contract, Plan, PlanLine
from tests.plans.factories import PlanFactory


def _client(user: User | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _url(plan: Plan) -> str:
    return reverse("plans:plan_delete", args=[plan.pk])


def test_delete_asks_for_confirmation_and_deletes_nothing_yet(
    contractor_a: User, plan_a: Plan
) -> None:
    client = _client(contractor_a)
    detail = client.get(reverse("plans:plan_detail", args=[plan_a.pk])).content.decode()
    assert f'href="{_url(plan_a)}"' in detail  # "Concept verwijderen" on the plan page

    page = client.get(_url(plan_a))
    unconfirmed = client.post(_url(plan_a))

    assert page.status_code == 200
    assert "Weet u zeker dat u dit conceptplan wilt verwijderen?" in page.content.decode()
    assert unconfirmed.status_code == 200  # the confirmation page again
    assert Plan.objects.filter(pk=plan_a.pk).exists()


def test_confirmed_delete_removes_plan_lines_and_contract_with_an_audit_entry(
    contractor_a: User, plan_a: Plan
) -> None:
    contract_pk = plan_a.contract_id

    response = _client(contractor_a).post(_url(plan_a), {"confirm": "yes"})

    assert response.status_code == 302
    assert response["Location"] == reverse("plans:home")
    assert not Plan.objects.filter(pk=plan_a.pk).exists()
    assert not PlanLine.objects.filter(plan_id=plan_a.pk).exists()
    assert not Contract.objects.filter(pk=contract_pk).exists()
    entry = AuditEntry.objects.get(action="plan.delete")
    assert entry.object_id == str(plan_a.pk)
    assert entry.actor == contractor_a


def test_a_plan_that_was_submitted_once_cannot_be_deleted(contractor_a: User) -> None:
    withdrawn = PlanFactory(contract__organisation=contractor_a.organisation, withdrawn=True)
    client = _client(contractor_a)

    detail = client.get(reverse("plans:plan_detail", args=[withdrawn.pk])).content.decode()
    response = client.post(_url(withdrawn), {"confirm": "yes"})

    assert _url(withdrawn) not in detail
    assert response.status_code == 302
    assert Plan.objects.filter(pk=withdrawn.pk).exists()
    with pytest.raises(services.PlanTransitionError):
        services.plan_delete(acting_user=contractor_a, plan=withdrawn)


def test_other_organisation_gets_404_and_deletes_nothing(contractor_b: User, plan_a: Plan) -> None:
    assert _client(contractor_b).get(_url(plan_a)).status_code == 404
    assert _client(contractor_b).post(_url(plan_a), {"confirm": "yes"}).status_code == 404
    assert Plan.objects.filter(pk=plan_a.pk).exists()


def test_coordinator_cannot_delete_a_draft(coordinator: User, plan_a: Plan) -> None:
    assert _client(coordinator).post(_url(plan_a), {"confirm": "yes"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.plan_delete(acting_user=coordinator, plan=plan_a)
    assert Plan.objects.filter(pk=plan_a.pk).exists()


def test_anonymous_goes_to_login_and_deletes_nothing(plan_a: Plan) -> None:
    response = _client().post(_url(plan_a), {"confirm": "yes"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert Plan.objects.filter(pk=plan_a.pk).exists()
