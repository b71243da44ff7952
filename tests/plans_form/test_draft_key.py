"""An autosave and a button press that cross each other on a new plan make one plan, not two."""

from __future__ import annotations

import re

from django.test import Client

from sroi.accounts.models import User
from sroi.plans.models import Contract, Plan
from tests.plans_form.helpers import plan_post

KEY = "0123456789abcdef0123456789abcdef"


def test_new_plan_form_carries_a_fresh_draft_key(client_a: Client) -> None:
    first = client_a.get("/plannen/nieuw/").content.decode()
    second = client_a.get("/plannen/nieuw/").content.decode()
    keys = [re.search(r'name="draft_key" value="([0-9a-f]{32})"', page) for page in (first, second)]
    assert all(keys)
    assert keys[0].group(1) != keys[1].group(1)  # type: ignore[union-attr]


def test_autosave_then_save_with_the_same_key_make_one_plan(
    client_a: Client, contractor_a: User
) -> None:
    autosave = client_a.post("/plannen/nieuw/", plan_post(action="autosave", draft_key=KEY))
    assert autosave.status_code == 200
    # The button press was sent before the autosave's answer moved the form to the plan's
    # own address, so it too goes to /plannen/nieuw/, with a later name.
    saved = client_a.post(
        "/plannen/nieuw/", plan_post(draft_key=KEY, name="Onderhoud wegen Enkhuizen")
    )
    plan = Plan.objects.get()
    assert saved.status_code == 302
    assert saved["Location"] == f"/plannen/{plan.pk}/bewerken/"
    assert Contract.objects.count() == 1
    assert plan.contract.name == "Onderhoud wegen Enkhuizen"
    assert plan.created_by == contractor_a


def test_without_a_key_each_post_is_a_new_plan(client_a: Client) -> None:
    client_a.post("/plannen/nieuw/", plan_post())
    client_a.post("/plannen/nieuw/", plan_post())
    assert Plan.objects.count() == 2


def test_another_users_key_does_not_reach_their_plan(
    client_a: Client, client: Client, contractor_b: User
) -> None:
    client_a.post("/plannen/nieuw/", plan_post(draft_key=KEY))
    client.force_login(contractor_b)
    client.post("/plannen/nieuw/", plan_post(draft_key=KEY, name="Schoonmaak stadhuis"))
    names = sorted(Plan.objects.values_list("contract__name", flat=True))
    assert names == ["Onderhoud wegen Hoorn", "Schoonmaak stadhuis"]
