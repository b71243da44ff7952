"""A revision number that is not one (posted by hand) never gives a 500."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sroi.plans.models import Plan
from tests.plans_form.form_reader import form_data


@pytest.mark.parametrize("revision", ["²", "³", "¹²"])
def test_a_revision_of_superscript_digits_is_no_500(
    client_a: Client, plan_a: Plan, revision: str
) -> None:
    url = reverse("plans:plan_edit", kwargs={"pk": plan_a.pk})
    tab = form_data(client_a.get(url))
    # str.isdigit() is true for superscripts, but int() refuses them
    response = client_a.post(url, {**tab, "revision": [revision], "action": ["autosave"]})
    assert response.status_code in (200, 409)
