"""The agreements and moments on the plans app's pages (``sroi.plans.page_sections``): the
contract page for every role that sees it, the plan page's way on after an approval, the
links back, and the timeline entries this app writes."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sroi.accounts.models import User
from sroi.agreements import moments, services
from sroi.agreements.constants import MomentOutcome
from sroi.agreements.models import AgreementVersion
from sroi.plans import page_sections, services_review
from sroi.plans.models import Contract, Plan
from tests.plans.factories import PlanFactory


def _page(user: User, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _contract_url(contract: Contract) -> str:
    return f"/contracten/{contract.pk}/"


def test_the_agreements_app_registers_its_sections() -> None:
    from sroi.agreements.sections import (
        contract_agreements_section,
        contract_moments_section,
        plan_agreements_section,
    )

    # First, in this order; the monitoring app (installed after it) adds its own after them.
    assert page_sections._providers[page_sections.CONTRACT_PAGE][:2] == [
        contract_agreements_section,
        contract_moments_section,
    ]
    assert page_sections._providers[page_sections.PLAN_PAGE] == [plan_agreements_section]
    with pytest.raises(ValueError, match="unknown page"):
        page_sections.register("elsewhere", contract_agreements_section)


def test_contract_page_before_agreements(
    contract: Contract, coordinator: User, contractor_a: User, buyer_user: User
) -> None:
    coordinator_page = _page(coordinator, _contract_url(contract))
    assert "Voor dit contract zijn nog geen afspraken opgesteld." in coordinator_page
    assert "Prestatieafspraken opstellen" in coordinator_page  # the plan is approved
    assert "Er zijn nog geen beoordelingsmomenten gepland." in coordinator_page
    for reader in (contractor_a, buyer_user):
        page = _page(reader, _contract_url(contract))
        assert "Voor dit contract zijn nog geen afspraken opgesteld." in page
        assert "Prestatieafspraken opstellen" not in page
        assert f'href="/contracten/{contract.pk}/afspraken/"' in page
        assert "Plan beoordelen" not in page


def test_contract_page_shows_the_version_in_force_and_the_schedule(
    sent_proposal: AgreementVersion,
    contract: Contract,
    coordinator: User,
    contractor_a: User,
    buyer_user: User,
) -> None:
    services.agreements_accept(acting_user=contractor_a, version=sent_proposal, name="Anna Visser")
    planned = moments.moments_schedule_default(acting_user=coordinator, contract=contract)
    moments.moment_hold(
        acting_user=coordinator, moment=planned[0], outcome=MomentOutcome.BEHIND, note="Later."
    )
    for reader in (coordinator, contractor_a, buyer_user):
        page = _page(reader, _contract_url(contract))
        assert "Geldende afspraken (versie 1)" in page
        assert "Geaccepteerd door Anna Visser" in page
        assert 'data-figure="agreements-total">EUR 25.000,00' in page
        assert re.search(r"EUR 25\.000,00\s*\(geaccepteerd verschil\)", page)
        assert f"1 van {len(planned)} momenten gehouden." in page
        held_on = planned[0].planned_date
        assert f"Laatst gehouden op {held_on.day} " in page and ": achter op schema." in page
        assert page.count("data-moment=") == min(3, len(planned) - 1)  # the next open ones
        assert "Prestatieafspraken geaccepteerd door de opdrachtnemer" in page  # the timeline
        assert "Beoordelingsmoment gehouden" in page


def test_the_plan_page_leads_the_coordinator_to_the_agreements(
    approved_plan: Plan, contract: Contract, coordinator: User, contractor_a: User
) -> None:
    plan_url = f"/plannen/{approved_plan.pk}/"
    page = _page(coordinator, plan_url)
    assert "Prestatieafspraken opstellen" in page
    assert f'href="/contracten/{contract.pk}/afspraken/"' in page
    assert f'href="{_contract_url(contract)}"' in page  # back to the contract
    assert "Prestatieafspraken opstellen" not in _page(contractor_a, plan_url)
    services.agreements_draw_up(acting_user=coordinator, contract=contract)
    page = _page(coordinator, plan_url)
    assert "Prestatieafspraken opstellen" not in page
    assert "Nog niet verstuurd naar de opdrachtnemer." in page
    # the contractor sees the link once there are agreements
    assert "Naar de prestatieafspraken" in _page(contractor_a, plan_url)


def test_no_agreements_section_on_a_plan_that_is_not_approved(
    coordinator: User, contractor_a: User
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    assert "plan-agreements" not in _page(coordinator, f"/plannen/{plan.pk}/")
    review = _page(coordinator, f"/coordinator/plannen/{plan.pk}/beoordelen/")
    assert "plan-agreements" not in review
    assert f'href="{_contract_url(plan.contract)}"' in review


def test_draft_review_comments_are_on_the_coordinators_timeline_only(
    coordinator: User, contractor_a: User
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    services_review.plan_comment_add(
        acting_user=coordinator, plan=plan, section="lines", body="Waarom 36 uur?"
    )
    url = _contract_url(plan.contract)
    assert "Opmerking bij de beoordeling toegevoegd" in _page(coordinator, url)
    assert "Opmerking bij de beoordeling toegevoegd" not in _page(contractor_a, url)
    assert "Waarom 36 uur?" not in _page(coordinator, url)  # the label, never the text


def test_agreements_pages_link_back_to_the_contract(
    proposal: AgreementVersion, contract: Contract, contractor_a: User
) -> None:
    for url in (
        f"/contracten/{contract.pk}/afspraken/",
        f"/contracten/{contract.pk}/beoordelingsmomenten/",
        f"/contracten/{contract.pk}/afspraken/versies/1/",
    ):
        assert f'href="{_contract_url(contract)}"' in _page(contractor_a, url)
