"""An expired session never throws away what was typed: the POST waits in the new session,
the user signs in again and finds the input back in the form (not yet saved)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.plans.models import Plan
from sroi.plans.views_form import STASH_KEY
from tests.plans_form.helpers import input_value, plan_post, text


def _expire_session(client: Client) -> None:
    """The server forgets the session (as when it expires); the browser keeps its cookie."""
    stale = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.session.flush()
    assert not Session.objects.filter(session_key=stale).exists()
    client.cookies[settings.SESSION_COOKIE_NAME] = stale


def _stale_session_cookie(client: Client) -> None:
    """A browser that was signed in once: its session cookie names a session long gone."""
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32


def test_typed_input_is_restored_after_signing_in_again(
    client: Client, contractor_a: User, plan_a: Plan
) -> None:
    client.force_login(contractor_a)
    edit = reverse("plans:plan_edit", kwargs={"pk": plan_a.pk})
    assert client.get(edit).status_code == 200
    _expire_session(client)

    response = client.post(
        edit, plan_post(name="Riolering Enkhuizen", value_eur="750.000,00", action="save")
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={edit}"
    plan_a.contract.refresh_from_db()
    assert plan_a.contract.name != "Riolering Enkhuizen"  # not saved by an anonymous user

    client.force_login(contractor_a)  # signing in keeps the session's data (cycle_key)
    response = client.get(edit)
    assert response.status_code == 200
    assert "We hebben uw niet-opgeslagen invoer teruggezet." in text(response)
    assert input_value(response, "id_name") == "Riolering Enkhuizen"
    assert input_value(response, "id_value_eur") == "750.000,00"
    # Restored once: a reload shows the saved plan again.
    assert input_value(client.get(edit), "id_name") == plan_a.contract.name


def test_new_plan_input_is_restored_too(client: Client, contractor_a: User) -> None:
    create = reverse("plans:plan_create")
    _stale_session_cookie(client)
    response = client.post(create, plan_post(name="Schoonmaak gemeentehuis"))
    assert response["Location"] == f"{reverse('account_login')}?next={create}"
    assert Plan.objects.count() == 0
    client.force_login(contractor_a)
    response = client.get(create)
    assert input_value(response, "id_name") == "Schoonmaak gemeentehuis"


def test_autosave_after_expiry_answers_with_the_login_link(
    client: Client, contractor_a: User, plan_a: Plan
) -> None:
    edit = reverse("plans:plan_edit", kwargs={"pk": plan_a.pk})
    _stale_session_cookie(client)
    response = client.post(edit, plan_post(name="Typte ik net", action="autosave"))
    assert response.status_code == 401
    assert response.json()["login_url"] == f"{reverse('account_login')}?next={edit}"
    assert client.session[STASH_KEY]["data"]["name"] == ["Typte ik net"]
    assert "csrfmiddlewaretoken" not in client.session[STASH_KEY]["data"]


def test_input_kept_for_one_plan_is_not_shown_on_another(
    client: Client, contractor_a: User, plan_a: Plan
) -> None:
    _stale_session_cookie(client)
    client.post(reverse("plans:plan_create"), plan_post(name="Voor een nieuw plan"))
    assert client.session[STASH_KEY]["data"]["name"] == ["Voor een nieuw plan"]
    client.force_login(contractor_a)
    response = client.get(reverse("plans:plan_edit", kwargs={"pk": plan_a.pk}))
    assert input_value(response, "id_name") == plan_a.contract.name


def test_input_is_not_restored_for_another_organisation(
    client: Client, contractor_b: User, plan_a: Plan
) -> None:
    edit = reverse("plans:plan_edit", kwargs={"pk": plan_a.pk})
    _stale_session_cookie(client)
    client.post(edit, plan_post(name="Van iemand anders"))
    assert client.session[STASH_KEY]["data"]["name"] == ["Van iemand anders"]
    client.force_login(contractor_b)
    assert client.get(edit).status_code == 404


def test_anonymous_post_without_a_session_cookie_stores_nothing(
    client: Client, plan_a: Plan
) -> None:
    create = reverse("plans:plan_create")
    edit = reverse("plans:plan_edit", kwargs={"pk": plan_a.pk})
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    big = "x" * 150_000  # under the stash limit: it would have been kept before
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
    assert settings.SESSION_COOKIE_NAME not in client.cookies
