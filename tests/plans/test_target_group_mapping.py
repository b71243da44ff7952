"""Which target group maps to which block is rule-set data, not code.

A coordinator publishes the official NHN values with block codes of their own (here every
code prefixed ``OFF_``, Participatiewet < 2 jaar at EUR 30,000 per full-time year) and the
mapping in the same document: the plan form and the valuation use them, without a deploy.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.plans import services
from sroi.plans.models import Plan
from sroi.plans.valuation import plan_valuation
from sroi.rules import services as rule_services
from sroi.rules.files import RuleSetFileError, parse_ruleset
from sroi.rules.models import RuleSetVersion
from tests.plans.factories import PlanFactory
from tests.rulesets_ui.conftest import FormValues


class _FormValuesWithSelects(FormValues):
    """``FormValues`` plus the selected option of each ``<select>`` and checked checkboxes."""

    def __init__(self) -> None:
        super().__init__()
        self._select: str | None = None
        self._forms = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value or "" for name, value in attrs}
        if tag == "form" and attr.get("method", "").lower() == "post" and not self._forms:
            self._forms += 1
            self._in_form = True
            return
        super().handle_starttag(tag, attrs)
        if not self._in_form:
            return
        if tag == "select":
            self._select = attr.get("name")
            if self._select:
                self.values.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in attr:
            self.values[self._select] = attr.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        super().handle_endtag(tag)
        if tag == "select":
            self._select = None


def form_values(html: str) -> dict[str, str]:
    parser = _FormValuesWithSelects()
    parser.feed(html)
    return parser.values


def _shipped_nhn() -> dict[str, Any]:
    text = (
        resources.files("sroi.rules")
        .joinpath("data/nhn-werksaam.indicative-1.json")
        .read_text(encoding="utf-8")
    )
    document: dict[str, Any] = json.loads(text)
    return document


def _official_document() -> dict[str, Any]:
    document = copy.deepcopy(_shipped_nhn())
    document.update(version="official-1", status="sourced", valid_from="2027-01-01")
    for block in document["blocks"]:
        block["code"] = f"OFF_{block['code']}"
        if block["code"] == "OFF_PW_LT2":
            block["value"] = "30000"
    document["target_groups"] = {
        group: (f"OFF_{block}" if block else None)
        for group, block in document["target_groups"].items()
    }
    return document


@pytest.fixture
def official(coordinator: User) -> RuleSetVersion:
    shipped = RuleSetVersion.objects.get(code="nhn-werksaam", version="indicative-1")
    rule_services.ruleset_version_end_validity(
        version=shipped, valid_to=date(2026, 12, 31), acting_user=coordinator
    )
    concept = rule_services.ruleset_version_create(
        document=_official_document(), acting_user=coordinator
    )
    return rule_services.ruleset_version_publish(version=concept, acting_user=coordinator)


def _plan_in_2027(contractor: User) -> Plan:
    return PlanFactory(
        contract__organisation=contractor.organisation,
        contract__start_date=date(2027, 1, 1),
        contract__end_date=date(2028, 12, 31),
        contract__ruleset_version=None,
        lines=[
            {
                "target_group": "pw_lt2",
                "count": 1,
                "hours_per_week": Decimal("36"),
                "start_date": date(2027, 1, 1),
                "end_date": date(2027, 12, 31),
            }
        ],
    )


def test_a_rule_set_with_other_block_codes_values_the_plan(
    contractor_a: User, official: RuleSetVersion
) -> None:
    plan = _plan_in_2027(contractor_a)
    result = plan_valuation(plan)
    assert result.problems == ()
    assert result.valuation is not None
    assert [line.block for line in result.valuation.lines] == ["OFF_PW_LT2"]
    # EUR 30,000 x 36/36 x 12/12 months
    assert result.valuation.total_eur == Decimal("30000.00")

    version = services.plan_submit(acting_user=contractor_a, plan=plan)
    assert version.snapshot["ruleset"]["version"] == "official-1"
    assert version.snapshot["plan"]["lines"][0]["block_code"] == "OFF_PW_LT2"


def test_the_plan_form_offers_the_blocks_of_that_rule_set(
    client: Client, contractor_a: User, official: RuleSetVersion
) -> None:
    plan = _plan_in_2027(contractor_a)
    client.force_login(contractor_a)
    url = reverse("plans:plan_edit", kwargs={"pk": plan.pk})
    page = client.get(url).content.decode()
    assert "30.000" in page  # the value of pw_lt2's block, next to the target group
    values = form_values(page)
    values["action"] = "save"
    values["lines-0-count"] = "2"
    response = client.post(url, values)
    assert response.status_code == 302
    result = plan_valuation(plan)
    assert result.valuation is not None
    assert result.valuation.total_eur == Decimal("60000.00")


def test_a_mapping_to_a_block_the_rule_set_lacks_is_refused_at_its_field() -> None:
    document = _shipped_nhn()
    document["target_groups"]["pw_lt2"] = "NO_SUCH_BLOCK"
    document["target_groups"]["Bad Key"] = None
    with pytest.raises(RuleSetFileError) as caught:
        parse_ruleset(document)
    fields = {problem.field for problem in caught.value.problems}
    assert fields == {"target_groups.pw_lt2", "target_groups.Bad Key"}


def test_a_rule_set_without_a_mapping_maps_no_target_group() -> None:
    document = _shipped_nhn()
    del document["target_groups"]
    ruleset = parse_ruleset(document)
    assert ruleset.target_group_block("pw_lt2") is None
    assert parse_ruleset(_shipped_nhn()).target_group_block("pw_lt2") == "PW_LT2"


def test_the_coordinator_maps_a_target_group_in_the_rule_set_editor(
    client: Client, coordinator: User
) -> None:
    client.force_login(coordinator)
    source = {"code": "nhn-werksaam", "version": "indicative-1"}
    new = {"code": "nhn-werksaam", "version": "2027-1"}
    client.post(
        reverse("rulesets:version_new", kwargs=source),
        {"version": "2027-1", "valid_from": "2027-01-01", "valid_to": ""},
    )
    edit = reverse("rulesets:version_edit", kwargs=new)
    values = form_values(client.get(edit).content.decode())
    assert values["tg_pw_lt2"] == "PW_LT2"

    values["tg_pw_lt2"] = "NO_SUCH_BLOCK"
    refused = client.post(edit, values)
    assert refused.status_code == 200
    assert "Kies een bouwblok uit de lijst." in refused.content.decode()

    values["tg_pw_lt2"] = "PW_GT2"
    values["tg_nug"] = ""
    assert client.post(edit, values).status_code == 302
    concept = RuleSetVersion.objects.get(**new)
    assert concept.document["target_groups"]["pw_lt2"] == "PW_GT2"
    assert concept.document["target_groups"]["nug"] is None
    assert concept.to_engine().target_group_block("pw_lt2") == "PW_GT2"
    detail = client.get(reverse("rulesets:detail", kwargs=new)).content.decode()
    table = detail.split("data-target-groups", 1)[1]
    assert "Geen eigen bouwblok: de regel kiest er een" in table  # nug
    assert "(<code>PW_GT2</code>)" in table


def test_the_data_migration_gives_stored_versions_the_former_mapping() -> None:
    """Versions stored before the mapping was rule-set data get the mapping the code had, so
    they value plans as before and stay equal to their shipped files."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("sroi.rules.migrations.0003_records_target_groups")
    stored = RuleSetVersion.objects.get(code="utrecht", version="2024-1")
    expected = stored.document["target_groups"]
    document = dict(stored.document)
    del document["target_groups"]
    RuleSetVersion.objects.filter(pk=stored.pk).update(document=document)

    migration.add_target_groups(apps, None)

    stored.refresh_from_db()
    assert stored.document["target_groups"] == expected
    assert stored.to_engine().target_group_block("pw_lt2") == "PW"
    summary = rule_services.ruleset_import_shipped()
    assert "utrecht 2024-1" in summary.unchanged
