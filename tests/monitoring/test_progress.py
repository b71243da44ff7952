"""Progress and forecast, with figures computed by hand from the rule set (nhn-werksaam:
PW_LT2 EUR 25,000 per full-time year, SOCIAAL_INKOPEN EUR 1 per euro) and the contract of
tests/monitoring/conftest.py: 2026-01-01 to 2027-12-31, obligation EUR 50,000.00, one
agreement in force (PW_LT2, 36 h/week in 2026: EUR 25,000.00)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion
from sroi.monitoring.models import Realisation
from sroi.monitoring.progress import contract_progress, open_agreements_eur
from sroi.monitoring.valuation import contract_revalue
from sroi.plans.models import Contract
from tests.monitoring.factories import RealisationFactory

TODAY = date(2026, 6, 30)


@pytest.fixture
def realised(agreements: AgreementVersion) -> Contract:
    """An approved placement, full time in the first half of 2026 (EUR 12,500.00), and a
    purchase of EUR 4,000.00 awaiting verification; neither linked to an agreement."""
    contract = agreements.contract
    RealisationFactory(
        contract=contract,
        approved=True,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 6, 30),
        planned_end_date=None,
    )
    RealisationFactory(contract=contract, purchase=True, submitted=True)
    contract_revalue(contract, today=TODAY)
    contract.refresh_from_db()
    return contract


def test_forecast_counts_open_agreements_without_double_counting(realised: Contract) -> None:
    progress = contract_progress(realised, today=TODAY)
    assert progress.obligation_eur == Decimal("50000.00")
    assert progress.agreed_eur == Decimal("25000.00")
    assert progress.realised_eur == Decimal("12500.00")
    assert progress.pending_eur == Decimal("4000.00")
    assert progress.remaining_eur == Decimal("37500.00")  # 50,000 - 12,500
    # Realisations until their end: 12,500 + 4,000. The PW_LT2 agreement (25,000) is covered
    # for 12,500 by the unlinked PW_LT2 placement: 12,500 still open. The purchase is of
    # another block and covers nothing of it.
    assert progress.realisations_forecast_eur == Decimal("16500.00")
    assert progress.open_agreements_eur == Decimal("12500.00")
    assert progress.forecast_eur == Decimal("29000.00")
    assert progress.shortfall_eur == Decimal("21000.00")  # 50,000 - 29,000
    assert progress.warning


def test_a_linked_realisation_covers_its_own_agreement(realised: Contract) -> None:
    agreement = realised.agreement_versions.get().agreements.get()
    Realisation.objects.filter(contract=realised, kind="placement").update(agreement=agreement)
    assert open_agreements_eur(realised) == Decimal("12500.00")  # 25,000 - 12,500 linked


def test_no_warning_when_the_forecast_reaches_the_obligation(realised: Contract) -> None:
    # A running placement, full time until the contract's end: 24 months x 25,000/12.
    RealisationFactory(
        contract=realised,
        submitted=True,
        start_date=date(2026, 1, 1),
        end_date=None,
        planned_end_date=date(2027, 12, 31),
    )
    contract_revalue(realised, today=TODAY)
    realised.refresh_from_db()
    progress = contract_progress(realised, today=TODAY)
    assert progress.pending_eur == Decimal("4000.00") + Decimal("12500.00")  # 6 months to date
    # 12,500 + 4,000 + 50,000; PW_LT2 realisations (62,500) cover the agreement: none open.
    assert progress.open_agreements_eur == Decimal("0.00")
    assert progress.forecast_eur == Decimal("66500.00")
    assert progress.shortfall_eur == Decimal("0.00")
    assert not progress.warning


def test_chart_points_per_reporting_period(realised: Contract) -> None:
    chart = contract_progress(realised, today=TODAY).chart
    assert chart is not None
    assert len(chart.points) == 8  # quarters of 2026 and 2027
    first, second, third = chart.points[:3]
    # The approved placement spread over its 181 days; 90 of them in the first quarter.
    assert first.realised_eur == Decimal("6215.47")  # 12,500 x 90/181
    assert second.realised_eur == Decimal("12500.00")
    assert third.realised_eur is None  # the future
    # The straight line: 50,000 x days since the start / 729 days.
    assert first.target_eur == Decimal("6104.25")  # 50,000 x 89/729
    assert second.target_eur == Decimal("12345.68")  # 50,000 x 180/729
    assert chart.points[-1].target_eur == Decimal("50000.00")


def _figures(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)


@pytest.mark.parametrize("persona", ["buyer_user", "contractor_a", "coordinator"])
def test_progress_page_table_holds_the_svg_figures(
    persona: str, request: pytest.FixtureRequest, client: Client, realised: Contract
) -> None:
    user: User = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(f"/contracten/{realised.pk}/voortgang/")
    assert response.status_code == 200
    html = response.content.decode()
    svg = html[
        html.index('<svg class="sroi-chart__svg"') : html.index(
            "</svg>", html.index("sroi-chart__svg")
        )
    ]
    table = html[html.index('data-table="progress"') :]
    svg_values = _figures(svg, r'<circle[^>]*data-value="([0-9.]+)"')
    table_values = _figures(table, r'<td[^>]*data-value="([0-9.]+)"')
    assert svg_values and svg_values == table_values
    assert (
        _figures(svg, r'data-target="([0-9.]+)"')
        == _figures(table, r'<td[^>]*data-target="([0-9.]+)"')[: len(svg_values)]
    )
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    # Aggregates only: no candidate reference anywhere on the page.
    for reference in Realisation.objects.filter(contract=realised).values_list(
        "candidate__reference", flat=True
    ):
        if reference:
            assert reference not in html
