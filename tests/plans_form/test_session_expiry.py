"""An expired session never throws away what was typed: the form carries a signed token
naming the user it was served to; a POST after the session expired is kept for that user
(not in a session), the user signs in again and finds the input back in the form (not yet
saved). Without a valid token nothing is stored (see tests/privacy/test_kept_input.py)."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.core.models import KeptInput
from sroi.plans.models import Plan
from tests.plans_form.helpers import input_value, plan_post, text


def served_token(client: Client, url: str) -> str:
    """The kept-input token of the form page at ``url`` (as the browser has it)."""
    html = client.get(url).content.decode()
    match = re.search(r'name="kept_input_token" value="([^"]+)"', html)
    assert match is not None
    return match.group(1)


def _expire_session(client: Client) -> None:
    """The server forgets the session (as when it expires); the browser keeps its cookie."""
    stale = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.session.flush()
    assert not Session.objects.filter(session_key=stale).exists()
    client.cookies[settings.SESSION_COOKIE_NAME] = stale


def test_typed_input_is_restored_after_signing_in_again(
    client: Client, contractor_a: User, plan_a: Plan
) -> None:
    client.force_login(contractor_a)
    edit = reverse("plans:plan_edit", kwargs={"pk": plan_a.pk})
    token = served_token(client, edit)
    _expire_session(client)
    sessions = Session.objects.count()

    response = client.post(
        edit,
        plan_post(
            name="Riolering Enkhuizen",
            value_eur="750.000,00",
            action="save",
            kept_input_token=token,
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={edit}"
    plan_a.contract.refresh_from_db()
    assert plan_a.contract.name != "Riolering Enkhuizen"  # not saved by an anonymous user
    assert Session.objects.count() == sessions  # kept for the user, not in a session
    kept = KeptInput.objects.get()
    assert (kept.user, kept.path) == (contractor_a, edit)
    assert "csrfmiddlewaretoken" not in kept.data
    assert "kept_input_token" not in kept.data

    client.force_login(contractor_a)
    response = client.get(edit)
    assert response.status_code == 200
    assert "We hebben uw niet-opgeslagen invoer teruggezet." in text(response)
    assert input_value(response, "id_name") == "Riolering Enkhuizen"
    assert input_value(response, "id_value_eur") == "750.000,00"
    # Restored once: a reload shows the saved plan again.
    assert input_value(client.get(edit), "id_name") == plan_a.contract.name
    assert not KeptInput.objects.exists()


def test_new_plan_input_is_restored_too(client: Client, contractor_a: User) -> None:
    create = reverse("plans:plan_create")
    client.force_login(contractor_a)
    token = served_token(client, create)
    _expire_session(client)
    response = client.post(
        create, plan_post(name="Schoonmaak gemeentehuis", kept_input_token=token)
    )
    assert response["Location"] == f"{reverse('account_login')}?next={create}"
    assert Plan.objects.count() == 0
    client.force_login(contractor_a)
    response = client.get(create)
    assert input_value(response, "id_name") == "Schoonmaak gemeentehuis"


def test_autosave_after_expiry_answers_with_the_login_link(
    client: Client, contractor_a: User, plan_a: Plan
) -> None:
    edit = reverse("plans:plan_edit", kwargs={"pk": plan_a.pk})
    client.force_login(contractor_a)
    token = served_token(client, edit)
    _expire_session(client)
    response = client.post(
        edit, plan_post(name="Typte ik net", action="autosave", kept_input_token=token)
    )
    assert response.status_code == 401
    assert response.json()["login_url"] == f"{reverse('account_login')}?next={edit}"
    assert "Uw invoer is bewaard" in response.json()["message"]
    assert KeptInput.objects.get(user=contractor_a).data["name"] == ["Typte ik net"]


def test_input_kept_for_one_plan_is_not_shown_on_another(
    client: Client, contractor_a: User, plan_a: Plan
) -> None:
    client.force_login(contractor_a)
    create = reverse("plans:plan_create")
    token = served_token(client, create)
    _expire_session(client)
    client.post(create, plan_post(name="Voor een nieuw plan", kept_input_token=token))
    assert KeptInput.objects.get().data["name"] == ["Voor een nieuw plan"]
    client.force_login(contractor_a)
    response = client.get(reverse("plans:plan_edit", kwargs={"pk": plan_a.pk}))
    assert input_value(response, "id_name") == plan_a.contract.name


def test_anonymous_post_without_a_token_stores_nothing(client: Client, plan_a: Plan) -> None:
    create = reverse("plans:plan_create")
    edit = reverse("plans:plan_edit", kwargs={"pk": plan_a.pk})
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32  # a stale cookie changes nothing
    big = "x" * 150_000
    for url in (create, edit, reverse("plans:plan_valuation_new")):
        response = client.post(url, plan_post(name="Onbekende bezoeker", work_description=big))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    response = client.post(edit, plan_post(name="Onbekende bezoeker", action="autosave"))
    assert response.status_code == 401
    assert response.json()["message"] == "U bent uitgelogd. Log opnieuw in om verder te gaan."
    response = client.post(
        reverse("plans:plan_valuation", kwargs={"pk": plan_a.pk}),
        plan_post(),
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Redirect"] == f"{reverse('account_login')}?next={edit}"
    assert Session.objects.count() == 0
    assert not KeptInput.objects.exists()
