"""Who sees which plans: selectors are the one place that decides."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from sroi.accounts.models import User
from sroi.plans import selectors
from sroi.plans.models import Plan
from tests.factories import UserFactory
from tests.plans.factories import PlanFactory


def test_contractor_sees_only_own_organisations_plans(
    contractor_a: User, plan_a: Plan, plan_b: Plan
) -> None:
    assert list(selectors.plan_list_for_user(contractor_a)) == [plan_a]
    assert list(selectors.contract_list_for_user(contractor_a)) == [plan_a.contract]


def test_contractor_cannot_get_other_organisations_plan(contractor_a: User, plan_b: Plan) -> None:
    with pytest.raises(Http404):
        selectors.plan_get_for_user(contractor_a, plan_b.pk)
    with pytest.raises(Http404):
        selectors.contract_get_for_user(contractor_a, plan_b.contract.pk)


def test_coordinator_sees_every_plan(coordinator: User, plan_a: Plan, plan_b: Plan) -> None:
    assert set(selectors.plan_list_for_user(coordinator)) == {plan_a, plan_b}
    assert selectors.plan_get_for_user(coordinator, plan_b.pk) == plan_b


def test_anonymous_buyer_and_organisationless_contractor_see_nothing(
    plan_a: Plan, db: None
) -> None:
    lonely = UserFactory(organisation=None)
    buyer = UserFactory(role="buyer", organisation=None)
    for user in (AnonymousUser(), lonely, buyer):
        assert list(selectors.plan_list_for_user(user)) == []


def test_filter_by_status_and_search(coordinator: User, contractor_a: User) -> None:
    draft = PlanFactory(
        contract__organisation=contractor_a.organisation, contract__name="Riolering Hoorn"
    )
    submitted = PlanFactory(
        contract__organisation=contractor_a.organisation,
        contract__name="Groenonderhoud Opmeer",
        submitted=True,
    )
    assert list(selectors.plan_list_for_user(coordinator, status="submitted")) == [submitted]
    assert list(selectors.plan_list_for_user(coordinator, search="riolering")) == [draft]
    org_name = contractor_a.organisation.name
    assert set(selectors.plan_list_for_user(coordinator, search=org_name[:8])) == {
        draft,
        submitted,
    }
    assert list(selectors.plan_list_for_user(coordinator, status="nonsense")) != []


def test_version_of_other_organisation_is_404(contractor_b: User, contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    assert selectors.plan_version_get_for_user(contractor_a, plan_pk=plan.pk, number=1)
    with pytest.raises(Http404):
        selectors.plan_version_get_for_user(contractor_b, plan_pk=plan.pk, number=1)
    with pytest.raises(Http404):
        selectors.plan_version_get_for_user(contractor_a, plan_pk=plan.pk, number=2)
