"""What the hot pages keep per process (issue 6, item 8) is correct: every kept result equals
a fresh computation, and a change of what it is computed from gives a new one. And the pages'
query counts, warm (per-process caches filled)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django import DjangoAssertNumQueries

from sroi.accounts.models import User
from sroi.plans import conflicts, services
from sroi.plans import selectors as plan_selectors
from sroi.plans.forms import PlanForms, target_group_choices
from sroi.plans.lines import LINE_FIELDS, LINE_ID
from sroi.plans.models import Contract, Plan
from sroi.rules import selectors
from sroi.rules.models import RuleSetVersion
from sroi.rules.services import ruleset_version_end_validity
from sroi.rules.templatetags.sroi_rules import ruleset_table
from tests.plans.factories import PlanFactory, contractor_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_rulesets")]


def _stored(plan: Plan) -> Plan:
    """The plan as the edit page reads it (with its lines)."""
    return plan_selectors.plan_get_for_user(contractor_of(plan), plan.pk)


# --- the rule-set table ---------------------------------------------------------------------


def _nhn() -> RuleSetVersion:
    return RuleSetVersion.objects.get(code="nhn-werksaam", state="published")


def test_the_ruleset_table_is_the_template_and_rendered_once_per_language() -> None:
    ruleset = _nhn().to_engine()
    with translation.override("nl"):
        first = ruleset_table(ruleset)
        assert first == render_to_string("rules/_ruleset_table.html", {"ruleset": ruleset})
        assert ruleset_table(ruleset) is first  # kept
    with translation.override("en"):
        english = ruleset_table(ruleset)
        assert english == render_to_string("rules/_ruleset_table.html", {"ruleset": ruleset})
    assert english != first


def test_a_changed_version_gets_a_new_ruleset_table() -> None:
    version = _nhn()
    with translation.override("nl"):
        before = ruleset_table(version.to_engine())
        ruleset_version_end_validity(version=version, valid_to=date(2030, 12, 31), acting_user=None)
        after = ruleset_table(_nhn().to_engine())
    assert after != before
    assert "31 december 2030" in after


# --- the fingerprint of the stored plan (``base``) -------------------------------------------


def test_the_kept_base_equals_a_fresh_one_and_follows_every_change() -> None:
    plan = PlanFactory()
    stored = _stored(plan)
    kept = conflicts.base_of(stored, PlanForms(contract=stored.contract, plan=stored))
    assert kept == conflicts.base_of(_stored(plan))  # computed without the kept one
    again = _stored(plan)
    assert conflicts.base_of(again, PlanForms(contract=again.contract, plan=again)) is kept

    # A line changed through the service (the plan's revision goes up).
    line = stored.lines.all()[0]
    data = {name: getattr(line, name) for name in LINE_FIELDS}
    data.update({LINE_ID: line.pk, "count": 4})
    services.plan_save_draft(
        acting_user=contractor_of(plan), plan=stored, lines=[data], revision=stored.revision
    )
    changed = _stored(plan)
    after_line = conflicts.base_of(changed, PlanForms(contract=changed.contract, plan=changed))
    assert after_line != kept
    assert after_line == conflicts.base_of(_stored(plan))

    # The contract changed without the services (nothing else touched).
    Contract.objects.filter(pk=plan.contract_id).update(value_eur=Decimal("2500000"))
    moved = _stored(plan)
    after_contract = conflicts.base_of(moved, PlanForms(contract=moved.contract, plan=moved))
    assert after_contract != after_line
    assert after_contract == conflicts.base_of(_stored(plan))


# --- the published versions ----------------------------------------------------------------


def test_the_published_list_is_read_again_only_when_it_changed(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    selectors.forget_published()
    with django_assert_num_queries(2):  # the stamp, the list
        first = selectors.ruleset_versions_published()
    with django_assert_num_queries(1):  # the stamp only
        assert selectors.ruleset_versions_published() == first

    version = _nhn()
    ruleset_version_end_validity(version=version, valid_to=date(2030, 12, 31), acting_user=None)
    ended = next(v for v in selectors.ruleset_versions_published() if v.pk == version.pk)
    assert ended.valid_to == date(2030, 12, 31)

    RuleSetVersion.objects.filter(pk=version.pk).delete()
    assert version.pk not in {v.pk for v in selectors.ruleset_versions_published()}


# --- the target-group choices --------------------------------------------------------------


def test_target_group_choices_follow_the_language() -> None:
    with translation.override("nl"):
        dutch = target_group_choices()
        assert target_group_choices() == dutch
    with translation.override("en"):
        english = target_group_choices()
    assert dutch[0] == ("", "Kies een doelgroep")
    assert english[0] == ("", "Choose a target group")
    dutch[1][1].clear()  # a caller changing its copy changes nothing kept
    with translation.override("nl"):
        assert target_group_choices()[1][1]


# --- query counts of the hot pages, warm --------------------------------------------------------


def test_plan_edit_queries(
    client: Client, contractor_a: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    client.force_login(contractor_a)
    url = reverse("plans:plan_edit", kwargs={"pk": plan.pk})
    client.get(url)
    # session, user, plan (with contract, organisation, buyer, rule set), its lines, the kept
    # input (BEGIN, SELECT, COMMIT), the buyers of the select.
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


def test_plan_list_queries(
    client: Client, contractor_a: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    PlanFactory.create_batch(3, contract__organisation=contractor_a.organisation)
    client.force_login(contractor_a)
    url = reverse("plans:home")
    client.get(url)
    with django_assert_num_queries(4):  # session, user, count, plans (no lines)
        assert client.get(url).status_code == 200


def test_stored_pdf_queries(
    client: Client, contractor_a: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    version = services.plan_submit(acting_user=contractor_of(plan), plan=plan)
    client.force_login(contractor_a)
    url = reverse("plans:plan_version_pdf", kwargs={"pk": plan.pk, "number": version.number})
    with django_assert_num_queries(4):  # session, user, version, PDF
        response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response) == services.plan_version_pdf(version=version)
    # The version is read without its snapshot: only the contract name out of it.
    read = plan_selectors.plan_version_for_download(
        contractor_a, plan_pk=plan.pk, number=version.number
    )
    assert "snapshot" in read.get_deferred_fields()
    assert read.contract_name == version.snapshot["contract"]["name"]  # type: ignore[attr-defined]


def test_stored_pdf_keeps_the_submitted_contract_name_and_access(
    client: Client, contractor_a: User, contractor_b: User
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, contract__name="Kade")
    version = services.plan_submit(acting_user=contractor_of(plan), plan=plan)
    Contract.objects.filter(pk=plan.contract_id).update(name="Renamed later")
    url = reverse("plans:plan_version_pdf", kwargs={"pk": plan.pk, "number": version.number})
    client.force_login(contractor_a)
    response = client.get(url)
    assert response.status_code == 200
    assert 'filename="plan-van-aanpak-kade-' in response["Content-Disposition"]
    client.force_login(contractor_b)
    assert client.get(url).status_code == 404
    missing = reverse("plans:plan_version_pdf", kwargs={"pk": plan.pk, "number": 9})
    client.force_login(contractor_a)
    assert client.get(missing).status_code == 404
