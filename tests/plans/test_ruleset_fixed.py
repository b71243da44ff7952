"""The contract's rule-set version: fixed when the plan is first submitted, never before.

Until the submission a draft is valued with, and shows, the version valid on its current
start date (the one a submission will fix). The shipped NHN version is valid from
2020-01-01 (no end): a start in 2019 has none.
"""

from __future__ import annotations

from datetime import date

from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.plans import services, services_review
from sroi.plans.models import Contract
from sroi.plans.valuation import valuation_for
from sroi.rules.models import RuleSetVersion
from tests.plans.factories import PlanFactory


def test_an_autosaved_start_date_does_not_fix_the_rule_set(contractor_a: User) -> None:
    contract = services.contract_create(
        acting_user=contractor_a,
        organisation=contractor_a.organisation,
        data={"start_date": date(2026, 1, 1)},
    )
    services.contract_update(
        acting_user=contractor_a, contract=contract, data={"start_date": date(2026, 3, 1)}
    )
    contract.refresh_from_db()
    assert contract.ruleset_version is None
    # ... but the draft is valued with the version it will use
    nhn = RuleSetVersion.objects.get(code="nhn-werksaam", state="published")
    result = valuation_for(contract=contract, lines=[])
    assert result.ruleset_version == nhn
    assert result.ruleset_fixed is False


def test_rule_set_is_fixed_at_submission_and_kept_after_a_change(
    contractor_a: User, coordinator: User
) -> None:
    plan = PlanFactory(
        contract__organisation=contractor_a.organisation, contract__ruleset_version=None
    )
    contract = plan.contract
    assert contract.ruleset_version is None
    services.plan_submit(acting_user=contractor_a, plan=plan)
    nhn = RuleSetVersion.objects.get(code="nhn-werksaam", state="published")
    contract.refresh_from_db()
    assert contract.ruleset_version == nhn

    # Sent back, the start moved to 2019 (no version valid then): the fixed one stays ...
    services_review.plan_request_changes(acting_user=coordinator, plan=plan, note="Startdatum?")
    plan.refresh_from_db()
    services.plan_save_draft(
        acting_user=contractor_a,
        plan=plan,
        contract_data={
            "start_date": date(2019, 6, 1),
            "end_date": date(2020, 5, 31),
            "value_eur": "100000",
        },
    )
    contract = Contract.objects.get(pk=contract.pk)
    assert contract.ruleset_version == nhn
    # ... and the plan is still valued with it: 5 % (NHN default) of EUR 100,000 = EUR 5,000.00
    result = valuation_for(contract=contract, lines=[])
    assert result.valuation is not None
    assert result.valuation.ruleset.id == "nhn-werksaam"
    assert result.valuation.obligation_eur == 5000
    assert result.ruleset_fixed is True


def test_no_version_for_the_start_date_means_none_yet(contractor_a: User) -> None:
    contract = services.contract_create(
        acting_user=contractor_a,
        organisation=contractor_a.organisation,
        data={"start_date": date(2019, 6, 1)},
    )
    assert contract.ruleset_version is None
    assert valuation_for(contract=contract, lines=[]).ruleset_version is None


def test_form_and_detail_show_the_version_the_plan_will_use(
    client: Client, contractor_a: User
) -> None:
    plan = PlanFactory(
        contract__organisation=contractor_a.organisation, contract__ruleset_version=None
    )
    client.force_login(contractor_a)
    for name in ("plans:plan_detail", "plans:plan_edit"):
        page = client.get(reverse(name, kwargs={"pk": plan.pk})).content.decode()
        assert 'data-ruleset-version="nhn-werksaam indicative-1"' in page, name
        assert "wordt vastgelegd bij het indienen" in page, name

    services.plan_submit(acting_user=contractor_a, plan=plan)
    page = client.get(reverse("plans:plan_detail", kwargs={"pk": plan.pk})).content.decode()
    assert 'data-ruleset-version="nhn-werksaam indicative-1"' in page
    assert "wordt vastgelegd bij het indienen" not in page
