"""The daily revaluation (``revalue_contracts``) and the digest's at-risk rule, which is the
progress page's early warning."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from sroi.agreements.models import AgreementVersion
from sroi.monitoring.progress import contract_summary
from sroi.monitoring.reminders import contracts_at_risk
from sroi.monitoring.valuation import contract_revalue
from sroi.plans.models import Contract
from tests.monitoring.factories import RealisationFactory


def test_a_running_placement_grows_with_the_calendar(agreements: AgreementVersion) -> None:
    contract = agreements.contract
    running = RealisationFactory(
        contract=contract,
        approved=True,
        start_date=date(2026, 1, 1),
        end_date=None,
        planned_end_date=date(2026, 12, 31),
    )
    contract_revalue(contract, today=date(2026, 3, 31))
    running.refresh_from_db()
    # PW_LT2: EUR 25,000 per full-time year; 3 months full time = 6,250.00
    assert running.value_eur == Decimal("6250.00")
    call_command("revalue_contracts", "--today", "2026-06-30", stdout=StringIO())
    running.refresh_from_db()
    contract.refresh_from_db()
    # 6 months = 12,500.00; nothing else changed, only the calendar
    assert running.value_eur == Decimal("12500.00")
    assert contract.realised_eur == Decimal("12500.00")


def test_a_closed_contract_is_not_revalued(agreements: AgreementVersion) -> None:
    contract = agreements.contract
    RealisationFactory(contract=contract, approved=True, end_date=None)
    Contract.objects.filter(pk=contract.pk).update(closed_at=timezone.now())
    call_command("revalue_contracts", "--today", "2026-06-30", stdout=StringIO())
    contract.refresh_from_db()
    assert contract.realised_eur is None


def test_the_digest_flags_what_the_progress_page_warns_about(
    agreements: AgreementVersion,
) -> None:
    contract = agreements.contract
    contract_revalue(contract, today=date(2026, 3, 31))
    # The agreements promise EUR 25,000 of the EUR 50,000 obligation; nothing is realised.
    assert contract_summary(contract).warning
    assert [item.contract.pk for item in contracts_at_risk()] == [contract.pk]
    # Realisations forecast EUR 30,000 on top of the open agreement part: no warning, no digest.
    RealisationFactory(
        contract=contract,
        purchase=True,
        amount_eur=Decimal("30000"),
        date=date(2026, 3, 1),
        approved=True,
    )
    contract_revalue(contract, today=date(2026, 3, 31))
    contract.refresh_from_db()
    summary = contract_summary(contract)
    assert summary.forecast_eur >= summary.obligation_eur
    assert not summary.warning
    assert contracts_at_risk() == []
