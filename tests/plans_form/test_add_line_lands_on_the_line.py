"""After "Regel toevoegen" the page opens at the new line, without JavaScript: the redirect (or
the re-rendered form) carries a #fragment that names an element around exactly that line."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from sroi.plans.models import Plan
from tests.plans_form.helpers import plan_post, text


def _anchored_fields(html: str, anchor: str) -> set[str]:
    """The names of the fields inside the element with id ``anchor``."""
    match = re.search(rf'<div id="{anchor}"[^>]*data-focus-first[^>]*>(.*?)</fieldset>', html, re.S)
    assert match is not None, f"no #{anchor} around a line"
    return set(re.findall(r'name="(lines-\d+-[a-z_]+)"', match.group(1)))


def test_add_candidate_redirects_to_the_new_candidate_line(client_a: Client, plan_a: Plan) -> None:
    url = reverse("plans:plan_edit", kwargs={"pk": plan_a.pk})

    response = client_a.post(url, plan_post(action="add_candidate"))

    assert response.status_code == 302
    assert response["Location"].endswith("#candidates-new")
    page = text(client_a.get(response["Location"]))
    # The saved line is lines-0; the new candidate line is lines-1 (lines-2: an effort line).
    assert "lines-1-target_group" in _anchored_fields(page, "candidates-new")
    assert page.count('id="candidates-new"') == 1
    assert 'id="efforts-new"' not in page


def test_add_effort_redirects_to_the_new_effort_line(client_a: Client, plan_a: Plan) -> None:
    url = reverse("plans:plan_edit", kwargs={"pk": plan_a.pk})

    response = client_a.post(url, plan_post(action="add_effort"))

    assert response["Location"].endswith("#efforts-new")
    page = text(client_a.get(response["Location"]))
    assert "lines-1-block_code" in _anchored_fields(page, "efforts-new")


def test_add_line_with_an_error_renders_with_the_new_line_anchored(
    client_a: Client, plan_a: Plan
) -> None:
    url = reverse("plans:plan_edit", kwargs={"pk": plan_a.pk})

    response = client_a.post(url, plan_post(action="add_effort", value_eur="-3"))

    assert response.status_code == 400
    html = text(response)
    assert "lines-1-block_code" in _anchored_fields(html, "efforts-new")
    # The add buttons post to the form's address with the fragment, so the browser opens the
    # re-rendered page (no redirect) at the new line too.
    assert f'formaction="{url}#efforts-new"' in html
    assert f'formaction="{url}#candidates-new"' in html


def test_a_plain_edit_page_has_no_new_line_anchor(client_a: Client, plan_a: Plan) -> None:
    html = text(client_a.get(reverse("plans:plan_edit", kwargs={"pk": plan_a.pk})))

    assert 'id="candidates-new"' not in html
    assert 'id="efforts-new"' not in html
