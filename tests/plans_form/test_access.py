"""Who may use the plan form: the contractor of the plan's organisation, while it is editable."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sroi.accounts.constants import Role
from sroi.accounts.models import User
from sroi.core.kept_input import kept_input_token
from sroi.plans.models import Contract, Plan
from tests.factories import UserFactory
from tests.plans.factories import PlanFactory
from tests.plans_form.helpers import plan_post


def _urls(plan: Plan) -> dict[str, str]:
    return {
        "edit": reverse("plans:plan_edit", kwargs={"pk": plan.pk}),
        "valuation": reverse("plans:plan_valuation", kwargs={"pk": plan.pk}),
    }


def test_anonymous_is_sent_to_login(client: Client, plan_a: Plan) -> None:
    for url in (reverse("plans:plan_create"), _urls(plan_a)["edit"]):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert f"next={url}" in response["Location"]


def test_anonymous_post_saves_nothing(client: Client, plan_a: Plan) -> None:
    response = client.post(_urls(plan_a)["edit"], plan_post(name="Gewijzigd"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    plan_a.contract.refresh_from_db()
    assert plan_a.contract.name != "Gewijzigd"


def test_anonymous_valuation_shows_sign_in(
    client: Client, plan_a: Plan, contractor_a: User
) -> None:
    # A login that expired: the form still carries the token it was served with.
    token = kept_input_token(contractor_a)
    response = client.post(
        _urls(plan_a)["valuation"], plan_post(kept_input_token=token), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "data-signed-out" in response.content.decode()
    assert "data-figure" not in response.content.decode()


def test_anonymous_valuation_of_a_new_plan_shows_sign_in_or_goes_to_login(
    client: Client, contractor_a: User
) -> None:
    url = reverse("plans:plan_valuation_new")
    create = reverse("plans:plan_create")
    login = f"{reverse('account_login')}?next={create}"
    # No session at all: the whole page goes to the login (htmx follows HX-Redirect).
    response = client.post(url, plan_post(), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == login
    response = client.post(url, plan_post())
    assert response.status_code == 302
    assert response["Location"] == login
    # A login that expired (the form's token): the panel says so, with no figures.
    token = kept_input_token(contractor_a)
    response = client.post(url, plan_post(kept_input_token=token), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "data-signed-out" in response.content.decode()
    assert "data-figure" not in response.content.decode()
    assert client.get(url).status_code == 405  # POST only


def test_coordinator_gets_no_valuation_of_a_new_plan(client: Client, coordinator: User) -> None:
    client.force_login(coordinator)
    url = reverse("plans:plan_valuation_new")
    assert client.post(url, plan_post()).status_code == 403
    assert client.post(url, plan_post(), HTTP_HX_REQUEST="true").status_code == 403


def test_coordinator_cannot_create_a_plan_by_post(client: Client, coordinator: User) -> None:
    client.force_login(coordinator)
    create = reverse("plans:plan_create")
    for action in ("save", "autosave", "submit"):
        assert client.post(create, plan_post(action=action)).status_code == 403
    assert Plan.objects.count() == 0
    assert Contract.objects.count() == 0


def test_contractor_without_organisation_cannot_create_a_plan(client: Client) -> None:
    user = UserFactory(role=Role.CONTRACTOR, organisation=None)
    assert user.is_contractor and user.organisation is None
    client.force_login(user)
    create = reverse("plans:plan_create")
    assert client.get(create).status_code == 403
    for action in ("save", "autosave", "submit"):
        assert client.post(create, plan_post(action=action)).status_code == 403
    assert client.post(reverse("plans:plan_valuation_new"), plan_post()).status_code == 403
    assert Plan.objects.count() == 0
    assert Contract.objects.count() == 0


def test_contractor_cannot_edit_other_organisations_plan(
    client: Client, contractor_b: User, plan_a: Plan
) -> None:
    client.force_login(contractor_b)
    urls = _urls(plan_a)
    assert client.get(urls["edit"]).status_code == 404
    assert client.post(urls["edit"], plan_post(name="Overgenomen")).status_code == 404
    assert client.post(urls["valuation"], plan_post()).status_code == 404
    plan_a.contract.refresh_from_db()
    assert plan_a.contract.name != "Overgenomen"


def test_coordinator_may_not_edit_or_create(
    client: Client, coordinator: User, plan_a: Plan
) -> None:
    client.force_login(coordinator)
    urls = _urls(plan_a)
    assert client.get(urls["edit"]).status_code == 403
    assert client.post(urls["edit"], plan_post(name="Door coördinator")).status_code == 403
    assert client.post(urls["valuation"], plan_post()).status_code == 403
    assert client.get(reverse("plans:plan_create")).status_code == 403
    plan_a.contract.refresh_from_db()
    assert plan_a.contract.name != "Door coördinator"


def test_contractor_edits_own_plan(client_a: Client, plan_a: Plan) -> None:
    urls = _urls(plan_a)
    response = client_a.get(urls["edit"])
    assert response.status_code == 200
    assert 'id="plan-form"' in response.content.decode()
    assert client_a.post(urls["valuation"], plan_post()).status_code == 200
    assert client_a.get(reverse("plans:plan_create")).status_code == 200


@pytest.mark.parametrize("state", ["submitted", "approved"])
def test_plan_with_the_coordinator_cannot_be_edited(
    client: Client, contractor_a: User, state: str
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, state=state)
    client.force_login(contractor_a)
    url = reverse("plans:plan_edit", kwargs={"pk": plan.pk})
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan_detail", kwargs={"pk": plan.pk})
    client.post(url, plan_post(name="Stiekem gewijzigd"))
    plan.contract.refresh_from_db()
    assert plan.contract.name != "Stiekem gewijzigd"


def test_plan_sent_back_can_be_edited(client: Client, contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, state="changes_requested")
    client.force_login(contractor_a)
    assert client.get(reverse("plans:plan_edit", kwargs={"pk": plan.pk})).status_code == 200
