"""contract_revalue stores the engine's values and the contract's figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sroi.agreements.models import AgreementVersion
from sroi.monitoring.valuation import contract_revalue
from tests.monitoring.factories import RealisationFactory


def test_figures_split_approved_submitted_and_forecast(agreements: AgreementVersion) -> None:
    contract = agreements.contract
    # PW_LT2 in nhn-werksaam: EUR 25,000 per full-time year, 36 h/week is full time.
    done = RealisationFactory(
        contract=contract,
        approved=True,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 6, 30),
        planned_end_date=None,
    )
    running = RealisationFactory(
        contract=contract,
        submitted=True,
        start_date=date(2026, 1, 1),
        end_date=None,
        planned_end_date=date(2026, 12, 31),
        hours_per_week=Decimal("18"),
    )
    purchase = RealisationFactory(contract=contract, purchase=True, amount_eur=Decimal("4000"))
    figures = contract_revalue(contract, today=date(2026, 6, 30))
    done.refresh_from_db()
    running.refresh_from_db()
    purchase.refresh_from_db()
    assert done.value_eur == Decimal("12500.00")  # 6 months of a full-time year
    assert running.value_eur == Decimal("6250.00")  # 6 months half time, to date
    assert running.forecast_eur == Decimal("12500.00")  # a year half time, planned
    assert purchase.value_eur == Decimal("4000.00")
    assert figures.realised_eur == Decimal("12500.00")
    assert figures.pending_eur == Decimal("6250.00")
    assert figures.forecast_eur == Decimal("12500.00") + Decimal("12500.00") + Decimal("4000.00")
    contract.refresh_from_db()
    assert contract.realised_eur == figures.realised_eur
