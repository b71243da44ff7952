"""The public rule-set pages: anyone sees the published versions, labelled honestly."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.rules.models import RuleSetVersion
from sroi.rules.selectors import ruleset_version_valid_on
from sroi.rules.services import ruleset_version_create

pytestmark = pytest.mark.usefixtures("shipped_rulesets")


def group_html(html: str, code: str) -> str:
    """The <section> of one rule set on the list page."""
    match = re.search(rf'<section[^>]*data-code="{code}".*?</section>', html, re.S)
    assert match, f"no section for {code}"
    return match.group(0)


def row_html(html: str, version: str) -> str:
    match = re.search(rf'<tr[^>]*data-version="{re.escape(version)}".*?</tr>', html, re.S)
    assert match, f"no row for version {version}"
    return match.group(0)


def test_anonymous_list_labels_nhn_indicative_and_oost_nederland_partial(client: Client) -> None:
    response = client.get(reverse("rulesets:list"))

    assert response.status_code == 200
    html = response.content.decode()
    nhn = group_html(html, "nhn-werksaam")
    # The NHN file ships with status "indicative": labelled as such, with the reason why.
    assert 'data-status="indicative"' in nhn
    assert "Indicatief: waarden niet officieel vastgesteld" in nhn
    assert "De officiële waarden van WerkSaam / NHN zijn niet in openbare bronnen gevonden" in nhn
    oost = group_html(html, "oost-nederland")
    assert 'data-status="partial"' in oost
    assert "Onvolledig: slechts een deel van de tabel is openbaar" in oost
    utrecht = group_html(html, "utrecht")
    assert 'data-status="sourced"' in utrecht


def test_list_marks_the_version_valid_today(client: Client) -> None:
    html = client.get(reverse("rulesets:list")).content.decode()

    # Utrecht 2015-1 ran until 2023-12-31; 2024-1 is valid from 2024-01-01 without an end:
    # today (2026 or later) only 2024-1 is valid.
    utrecht = group_html(html, "utrecht")
    assert 'data-current="true"' in row_html(utrecht, "2024-1")
    assert 'data-current="true"' not in row_html(utrecht, "2015-1")
    assert "1 januari 2024" in row_html(utrecht, "2024-1")
    assert "31 december 2023" in row_html(utrecht, "2015-1")


def test_detail_shows_the_table_in_dutch_notation(client: Client) -> None:
    url = reverse("rulesets:detail", kwargs={"code": "nhn-werksaam", "version": "indicative-1"})

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    row = re.search(r'<tr[^>]*data-block="PW_LT2".*?</tr>', html, re.S)
    assert row
    # nhn-werksaam.indicative-1.json: PW_LT2 "value": "25000", per FTE year; Dutch notation
    # groups thousands with a dot and writes the cents after a comma.
    assert "EUR 25.000,00 per jaar" in row.group(0)
    # Sources as links, the research notes and the parameters.
    assert 'href="http://andijkernieuws.net/2012/09/18/hoorn-kiest-voor-sociale-winst/"' in html
    assert "Een coördinator moet een nieuwe versie met de officiële bedragen publiceren." in html
    # basis_hours_per_week "36" in the file: the full-time week.
    assert re.search(r"Voltijd werkweek</dt>\s*<dd>\s*36\b", html)
    # The NHN file lists every PSO level with a discount of "0" percent.
    assert "PSO trede 1: 0 %" in html
    assert reverse("rulesets:list") in html
    # No coordinator actions for the public.
    assert "nieuwe-versie" not in html
    assert "bewerken" not in html


def test_download_returns_the_stored_document(client: Client) -> None:
    url = reverse("rulesets:download", kwargs={"code": "oost-nederland", "version": "1"})

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert 'filename="oost-nederland.1.json"' in response["Content-Disposition"]
    stored = RuleSetVersion.objects.get(code="oost-nederland", version="1").document
    assert json.loads(response.content) == stored
    assert json.loads(response.content)["blocks"][0]["value"] == "30000"


def test_unknown_version_is_404(client: Client) -> None:
    url = reverse("rulesets:detail", kwargs={"code": "nhn-werksaam", "version": "nope"})
    assert client.get(url).status_code == 404


@pytest.fixture
def concept(db: None) -> RuleSetVersion:
    document = dict(ruleset_version_valid_on(code="utrecht", day=date(2025, 1, 1)).document)
    document["version"] = "2027-concept"
    document["valid_from"] = "2027-01-01"
    return ruleset_version_create(document=document, acting_user=None)


@pytest.mark.parametrize("route", ["rulesets:detail", "rulesets:download"])
def test_public_and_contractor_cannot_see_a_concept(
    client: Client, contractor_a: User, concept: RuleSetVersion, route: str
) -> None:
    url = reverse(route, kwargs={"code": concept.code, "version": concept.version})
    assert client.get(url).status_code == 404
    assert "2027-concept" not in client.get(reverse("rulesets:list")).content.decode()
    client.force_login(contractor_a)
    assert client.get(url).status_code == 404
    assert "2027-concept" not in client.get(reverse("rulesets:list")).content.decode()


def test_coordinator_sees_concepts_on_the_list(
    coordinator_client: Client, concept: RuleSetVersion
) -> None:
    html = coordinator_client.get(reverse("rulesets:list")).content.decode()
    assert 'data-version="2027-concept"' in group_html(html, "utrecht")
    url = reverse("rulesets:detail", kwargs={"code": concept.code, "version": concept.version})
    assert coordinator_client.get(url).status_code == 200


def test_every_shipped_version_has_a_detail_page_and_a_download(client: Client) -> None:
    versions = list(RuleSetVersion.objects.all())
    # Eight shipped files in src/sroi/rules/data/.
    assert len(versions) == 8
    for version in versions:
        kwargs = {"code": version.code, "version": version.version}
        detail = client.get(reverse("rulesets:detail", kwargs=kwargs))
        assert detail.status_code == 200, version
        first_block = version.document["blocks"][0]["code"]
        assert f'data-block="{first_block}"' in detail.content.decode()
        download = client.get(reverse("rulesets:download", kwargs=kwargs))
        assert json.loads(download.content) == version.document
