"""A coordinator publishes the official NHN values as a new version, without a deployment.

The journey: copy nhn-werksaam indicative-1 into a concept 2027-1 valid from 2027-01-01, raise
PW_LT2 from 25.000 to 27.500, try to publish (refused: indicative-1 has no end date), end
indicative-1 on 2026-12-31 as offered, publish. Contracts starting from 2027 then get 2027-1,
earlier ones keep indicative-1.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.core.models import AuditEntry
from sroi.rules.constants import RuleSetState
from sroi.rules.engine import select_version
from sroi.rules.models import RuleSetVersion
from sroi.rules.selectors import engine_rulesets_published, ruleset_version_valid_on
from tests.rulesets_ui.conftest import form_values

pytestmark = pytest.mark.usefixtures("shipped_rulesets")

NHN = {"code": "nhn-werksaam", "version": "indicative-1"}
NEW = {"code": "nhn-werksaam", "version": "2027-1"}


def make_concept(client: Client, *, valid_from: str = "2027-01-01") -> None:
    response = client.post(
        reverse("rulesets:version_new", kwargs=NHN),
        {"version": "2027-1", "valid_from": valid_from, "valid_to": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("rulesets:version_edit", kwargs=NEW)


def edit_form(client: Client) -> dict[str, str]:
    response = client.get(reverse("rulesets:version_edit", kwargs=NEW))
    assert response.status_code == 200
    return form_values(response.content.decode())


def block_index(values: dict[str, str], label_nl_start: str) -> int:
    for name, value in values.items():
        match = re.fullmatch(r"blocks-(\d+)-label_nl", name)
        if match and value.startswith(label_nl_start):
            return int(match.group(1))
    raise AssertionError(f"no block labelled {label_nl_start!r}")


def test_coordinator_publishes_official_values_after_ending_the_indicative_version(
    coordinator_client: Client, coordinator: User
) -> None:
    make_concept(coordinator_client)
    values = edit_form(coordinator_client)
    pw = block_index(values, "Participatiewet zonder arbeidsbeperking, < 2 jaar")
    # The form shows the copied value in Dutch notation.
    assert values[f"blocks-{pw}-value"] == "25.000"
    values[f"blocks-{pw}-value"] = "27.500"
    values["status"] = "sourced"
    values["name"] = "Noord-Holland Noord / WerkSaam Westfriesland"

    response = coordinator_client.post(reverse("rulesets:version_edit", kwargs=NEW), values)

    assert response.status_code == 302
    concept = RuleSetVersion.objects.get(**NEW)
    assert concept.state == RuleSetState.CONCEPT
    assert concept.status == "sourced"
    assert concept.document["blocks"][pw]["code"] == "PW_LT2"
    assert concept.document["blocks"][pw]["value"] == "27500"
    # Publishing now overlaps indicative-1 (2020-01-01, no end date): refused, named.
    publish_url = reverse("rulesets:version_publish", kwargs=NEW)
    refused = coordinator_client.post(publish_url, {"action": "publish"})
    assert refused.status_code == 409
    assert "overlapt met de gepubliceerde versie indicative-1" in refused.content.decode()
    # The page offers to end indicative-1 the day before 2027-01-01.
    offer = coordinator_client.get(publish_url).content.decode()
    assert "31 december 2026" in offer
    assert 'name="other" value="indicative-1"' in offer

    ended = coordinator_client.post(publish_url, {"action": "end_other", "other": "indicative-1"})
    assert ended.status_code == 302
    assert RuleSetVersion.objects.get(**NHN).valid_to == date(2026, 12, 31)

    published = coordinator_client.post(publish_url, {"action": "publish"})
    assert published.status_code == 302
    assert published["Location"] == reverse("rulesets:detail", kwargs=NEW)
    concept.refresh_from_db()
    assert concept.state == RuleSetState.PUBLISHED
    # The calculator's selection: a contract starting 2027-02-01 gets 2027-1 with 27.500,
    # one starting 2026-06-01 still gets indicative-1 with 25.000.
    later = ruleset_version_valid_on(code="nhn-werksaam", day=date(2027, 2, 1))
    assert later.version == "2027-1"
    assert later.to_engine().block("PW_LT2").value == Decimal("27500")  # type: ignore[union-attr]
    earlier = ruleset_version_valid_on(code="nhn-werksaam", day=date(2026, 6, 1))
    assert earlier.version == "indicative-1"
    assert earlier.to_engine().block("PW_LT2").value == Decimal("25000")  # type: ignore[union-attr]
    rulesets = engine_rulesets_published()
    assert select_version(rulesets, "nhn-werksaam", date(2027, 2, 1)).version == "2027-1"
    assert select_version(rulesets, "nhn-werksaam", date(2026, 12, 31)).version == "indicative-1"
    # Every change went through the services, with the coordinator in the audit log.
    actions = list(
        AuditEntry.objects.filter(actor=coordinator, action__startswith="ruleset_version.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "ruleset_version.create",
        "ruleset_version.update",
        "ruleset_version.end_validity",
        "ruleset_version.publish",
    ]


def test_publishing_an_overlapping_version_is_refused_in_dutch(coordinator_client: Client) -> None:
    make_concept(coordinator_client)

    response = coordinator_client.post(
        reverse("rulesets:version_publish", kwargs=NEW), {"action": "publish"}
    )

    assert response.status_code == 409
    html = response.content.decode()
    # The service's message names both versions and their periods.
    assert (
        "De geldigheid van versie 2027-1 (01-01-2027 - zonder einddatum) overlapt met de "
        "gepubliceerde versie indicative-1 (01-01-2020 - zonder einddatum)"
    ) in html
    assert RuleSetVersion.objects.get(**NEW).state == RuleSetState.CONCEPT
    assert RuleSetVersion.objects.get(**NHN).valid_to is None


def test_no_end_offer_when_the_concept_starts_before_the_other_version(
    coordinator_client: Client,
) -> None:
    # indicative-1 starts 2020-01-01; ending it on 2018-12-31 is impossible, so the page
    # sends the coordinator to the concept's validity instead.
    make_concept(coordinator_client, valid_from="2019-01-01")

    html = coordinator_client.get(reverse("rulesets:version_publish", kwargs=NEW)).content.decode()

    assert 'name="other"' not in html
    assert reverse("rulesets:version_edit", kwargs=NEW) in html


def test_published_version_is_read_only(coordinator_client: Client) -> None:
    url = reverse("rulesets:version_edit", kwargs=NHN)
    before = RuleSetVersion.objects.get(**NHN).document

    response = coordinator_client.post(url, {"name": "changed", "blocks-0-value": "1"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("rulesets:detail", kwargs=NHN)
    assert "is gepubliceerd en kan niet meer worden gewijzigd" in response.content.decode()
    assert RuleSetVersion.objects.get(**NHN).document == before
    assert not AuditEntry.objects.filter(action="ruleset_version.update").exists()


def test_new_version_label_must_be_free(coordinator_client: Client) -> None:
    response = coordinator_client.post(
        reverse("rulesets:version_new", kwargs=NHN),
        {"version": "indicative-1", "valid_from": "2027-01-01"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Versie indicative-1 bestaat al voor dit rekenmodel" in html
    assert 'id="id_version_error"' in html
    assert 'value="indicative-1"' in html
    assert 'value="2027-01-01"' in html
    assert RuleSetVersion.objects.filter(code="nhn-werksaam").count() == 1
