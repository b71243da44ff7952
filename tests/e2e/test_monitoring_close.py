"""The final assessment in a real browser: the contract (obligation EUR 50,000.00) has ended
with EUR 30,000.00 approved; the coordinator opens the final assessment from the contract
page, sees the shortfall of EUR 20,000.00, records "not fulfilled" with a settlement note and
downloads the PDF; the contract is closed; the contractor downloads the same PDF. Every page
is checked with axe (WCAG 2.1 AA)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from sroi.accounts.models import User
from sroi.agreements import services as agreement_services
from sroi.monitoring.models import FinalAssessment
from sroi.monitoring.valuation import contract_revalue
from sroi.plans.constants import ContractStatus
from sroi.plans.models import Contract
from sroi.rules.services import ruleset_import_shipped
from tests.monitoring.factories import RealisationFactory
from tests.plans.factories import PlanFactory


@pytest.fixture
def ended(transactional_db: None, contractor_a: User, coordinator: User) -> Contract:
    ruleset_import_shipped()
    contract = PlanFactory(
        contract__organisation=contractor_a.organisation,
        contract__name="Groenonderhoud Alkmaar 2026",
        approved=True,
    ).contract
    version = agreement_services.agreements_draw_up(acting_user=coordinator, contract=contract)
    agreement_services.agreements_record_difference(
        acting_user=coordinator, version=version, reason="Krappe arbeidsmarkt in de regio."
    )
    version = agreement_services.agreements_propose(acting_user=coordinator, version=version)
    agreement_services.agreements_accept(acting_user=contractor_a, version=version, name="Jan")
    assert contract.end_date is not None
    end = min(contract.end_date, timezone.localdate() - timedelta(days=1))
    Contract.objects.filter(pk=contract.pk).update(end_date=end)
    RealisationFactory(contract=contract, purchase=True, approved=True, amount_eur=Decimal("30000"))
    contract.refresh_from_db()
    contract_revalue(contract)  # what the services (or the daily revalue_contracts) store
    return contract


def test_coordinator_records_the_final_assessment_and_both_download_it(
    page: Page,
    visit: Callable[..., Any],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[..., None],
    new_page: Callable[..., Page],
    coordinator: User,
    contractor_a: User,
    ended: Contract,
) -> None:
    log_in(coordinator)
    visit(page, f"/contracten/{ended.pk}/")
    with page.expect_event("load"):
        page.get_by_role("link", name="Eindbeoordeling vastleggen").click()
    assert_accessible(page)
    expect(page.locator("[data-obligation]")).to_have_text("EUR 50.000,00")
    expect(page.locator("[data-realised]")).to_have_text("EUR 30.000,00")
    expect(page.locator("[data-shortfall]")).to_have_text("EUR 20.000,00")

    # A recovery period without a deadline: refused at the field, the note kept.
    page.get_by_label("niet nagekomen, hersteltermijn gegeven").check()
    page.get_by_label("Toelichting op de verrekening").fill("Verrekening met de laatste termijn.")
    with page.expect_event("load"):
        page.get_by_role("button", name="Eindbeoordeling vastleggen").click()
    assert_accessible(page)
    expect(page.locator("#id_recovery_deadline_error")).to_contain_text("herstelperiode")
    expect(page.get_by_label("Toelichting op de verrekening")).to_have_value(
        "Verrekening met de laatste termijn."
    )

    page.get_by_label("niet nagekomen", exact=True).check()
    with page.expect_event("load"):
        page.get_by_role("button", name="Eindbeoordeling vastleggen").click()
    assert_accessible(page)
    expect(page.get_by_text("het contract is nu afgesloten")).to_be_visible()
    row = page.locator("tr[data-assessment='1']")
    expect(row).to_contain_text("Niet nagekomen")
    expect(row.locator("[data-settlement]")).to_have_text("EUR 20.000,00")
    with page.expect_download() as download:
        page.get_by_role("link", name="Beoordeling 1 downloaden (pdf)").click()
    assert download.value.suggested_filename.startswith("eindbeoordeling-")
    assessment = FinalAssessment.objects.get(contract=ended)
    assert assessment.shortfall_eur == Decimal("20000.00")
    ended.refresh_from_db()
    assert ended.status == ContractStatus.CLOSED

    contractor_page = new_page(contractor_a)
    visit(contractor_page, f"/contracten/{ended.pk}/eindbeoordeling/")
    expect(contractor_page.get_by_role("button", name="Eindbeoordeling vastleggen")).to_have_count(
        0
    )
    with contractor_page.expect_download() as download:
        contractor_page.get_by_role("link", name="Beoordeling 1 downloaden (pdf)").click()
    assert download.value.suggested_filename.endswith("-1.pdf")
