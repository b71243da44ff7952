"""The input kept after a session expired belongs to the user who typed it and only that
user; an anonymous visitor cannot store anything (today's attack: 200 kB per request into the
session table)."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.core.kept_input import MAX_PER_USER, SALT, kept_input_max_age
from sroi.core.models import KeptInput
from sroi.plans.models import Plan
from tests.plans_form.helpers import input_value, plan_post
from tests.plans_form.test_session_expiry import served_token
from tests.privacy.conftest import TEST_BSN

pytestmark = pytest.mark.usefixtures("shipped_rulesets")


def _anonymous_post(url: str, **fields: object) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32  # an expired session's cookie
    response = client.post(url, plan_post(**fields))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    return client


@pytest.mark.parametrize(
    "token",
    [
        "",
        "forged",
        signing.dumps({"user": 1}, salt="another-salt"),
        signing.dumps({"user": 1}, salt=SALT)[:-2] + "xx",  # tampered signature
    ],
)
def test_anonymous_post_without_a_valid_token_stores_nothing(
    contractor_a: User, token: str
) -> None:
    _anonymous_post(
        reverse("plans:plan_create"), work_description="x" * 150_000, kept_input_token=token
    )
    assert not KeptInput.objects.exists()
    assert Session.objects.count() == 0


def test_an_expired_token_stores_nothing(
    contractor_a: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    served_at = time.time() - kept_input_max_age().total_seconds() - 60
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: served_at)
        token = signing.dumps({"user": contractor_a.pk}, salt=SALT)
    _anonymous_post(reverse("plans:plan_create"), kept_input_token=token)
    assert not KeptInput.objects.exists()


def test_a_token_is_kept_for_its_own_user_only(
    client: Client, contractor_a: User, contractor_b: User, plan_a: Plan
) -> None:
    create = reverse("plans:plan_create")
    client.force_login(contractor_a)
    token = served_token(client, create)

    _anonymous_post(create, name="Van A", kept_input_token=token)

    # B signs in on another browser: nothing of A's appears.
    other = Client()
    other.force_login(contractor_b)
    assert input_value(other.get(create), "id_name") in (None, "")
    assert KeptInput.objects.filter(user=contractor_a).exists()
    # A gets it back, once.
    client.force_login(contractor_a)
    assert input_value(client.get(create), "id_name") == "Van A"
    assert not KeptInput.objects.exists()


def test_one_kept_input_per_user_and_page(client: Client, contractor_a: User) -> None:
    create = reverse("plans:plan_create")
    client.force_login(contractor_a)
    token = served_token(client, create)
    for n in range(5):
        _anonymous_post(create, name=f"Poging {n}", kept_input_token=token)
    assert KeptInput.objects.count() == 1
    assert KeptInput.objects.get().data["name"] == ["Poging 4"]


def test_input_holding_a_bsn_is_not_kept(client: Client, contractor_a: User) -> None:
    create = reverse("plans:plan_create")
    client.force_login(contractor_a)
    token = served_token(client, create)
    _anonymous_post(create, additional_info=f"BSN {TEST_BSN}", kept_input_token=token)
    assert not KeptInput.objects.exists()


def test_too_much_input_is_not_kept(client: Client, contractor_a: User) -> None:
    create = reverse("plans:plan_create")
    client.force_login(contractor_a)
    token = served_token(client, create)
    _anonymous_post(create, work_description="x" * 250_000, kept_input_token=token)
    assert not KeptInput.objects.exists()


def test_one_token_cannot_fill_the_table_page_by_page(client: Client, contractor_a: User) -> None:
    """A valid token (any signed-up contractor has one) posted to many plan addresses."""
    client.force_login(contractor_a)
    token = served_token(client, reverse("plans:plan_create"))
    for pk in range(1000, 1000 + MAX_PER_USER + 5):
        _anonymous_post(
            reverse("plans:plan_edit", kwargs={"pk": pk}), name=f"{pk}", kept_input_token=token
        )
    kept = KeptInput.objects.filter(user=contractor_a)
    assert kept.count() == MAX_PER_USER
    assert kept.order_by("-created_at", "-pk").first().data["name"] == [
        str(1000 + MAX_PER_USER + 4)
    ]  # type: ignore[union-attr]


def test_an_address_longer_than_the_column_is_not_kept(client: Client, contractor_a: User) -> None:
    """A plan number of 190 digits: on PostgreSQL a 500 (value too long) before."""
    client.force_login(contractor_a)
    token = served_token(client, reverse("plans:plan_create"))
    anonymous = Client()
    anonymous.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
    response = anonymous.post(f"/plannen/{10**190}/bewerken/", plan_post(kept_input_token=token))
    assert response.status_code == 302
    assert not KeptInput.objects.exists()


def test_a_bsn_as_a_field_name_is_not_kept(client: Client, contractor_a: User) -> None:
    """The kept form's keys are the names the client posted: a BSN there was stored."""
    create = reverse("plans:plan_create")
    client.force_login(contractor_a)
    token = served_token(client, create)
    anonymous = Client()
    anonymous.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
    anonymous.post(create, {**plan_post(kept_input_token=token), f"BSN {TEST_BSN}": "x"})
    assert not KeptInput.objects.exists()
    with pytest.raises(ValidationError):
        KeptInput(user=contractor_a, path=create, data={TEST_BSN: ["x"]}).full_clean()
