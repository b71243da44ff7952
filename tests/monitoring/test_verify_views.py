"""The verification page and the progress page: access per role, decisions over HTTP
(a reason is required, a crossing decision gets a Dutch message), the contract page's
section, and a constant number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion
from sroi.monitoring.constants import RealisationStatus, ReportStatus
from sroi.monitoring.models import Evidence, Realisation, Report
from sroi.monitoring.valuation import contract_revalue
from sroi.plans.models import Contract
from tests.monitoring.factories import RealisationFactory


@pytest.fixture
def contract(agreements: AgreementVersion) -> Contract:
    return agreements.contract


@pytest.fixture
def row(contract: Contract) -> Realisation:
    report = Report.objects.create(
        contract=contract,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        deadline=date(2026, 4, 30),
        status=ReportStatus.SUBMITTED,
    )
    realisation = RealisationFactory(
        contract=contract,
        submitted=True,
        report=report,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 3, 31),
        planned_end_date=None,
    )
    Evidence.objects.create(
        realisation=realisation,
        original_name="arbeidscontract.pdf",
        content_type="application/pdf",
        size=1000,
        sha256="0" * 64,
    )
    contract_revalue(contract, today=date(2026, 3, 31))
    realisation.refresh_from_db()
    return realisation


def _urls(contract: Contract) -> dict[str, str]:
    return {
        "verify": f"/contracten/{contract.pk}/controle/",
        "progress": f"/contracten/{contract.pk}/voortgang/",
    }


def test_anonymous_goes_to_the_login(client: Client, row: Realisation) -> None:
    for url in _urls(row.contract).values():
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "verify", "progress"),
    [
        ("contractor_b", 404, 404),
        ("buyer_user", 403, 200),
        ("contractor_a", 403, 200),
        ("coordinator", 200, 200),
    ],
)
def test_access_per_role(
    persona: str,
    verify: int,
    progress: int,
    request: pytest.FixtureRequest,
    client: Client,
    row: Realisation,
) -> None:
    client.force_login(request.getfixturevalue(persona))
    urls = _urls(row.contract)
    assert client.get(urls["verify"]).status_code == verify
    assert client.get(urls["progress"]).status_code == progress
    decide = client.post(
        f"{urls['verify']}{row.pk}/besluit/",
        {f"row-{row.pk}-revision": row.revision, "decision": "approve"},
    )
    assert decide.status_code == (302 if verify == 200 else verify)
    row.refresh_from_db()
    expected = RealisationStatus.APPROVED if verify == 200 else RealisationStatus.SUBMITTED
    assert row.status == expected


def test_verify_page_shows_value_explanation_and_evidence(
    client: Client, coordinator: User, row: Realisation
) -> None:
    client.force_login(coordinator)
    html = client.get(_urls(row.contract)["verify"]).content.decode()
    assert "EUR 6.250,00" in html  # 25,000 x 3/12
    assert "Hoe is dit berekend?" in html
    assert f"/contracten/{row.contract_id}/bewijs/{row.evidence.get().pk}/" in html
    assert "arbeidscontract.pdf" in html
    assert row.candidate is not None and row.candidate.reference in html


def test_reject_without_reason_is_refused_at_the_field(
    client: Client, coordinator: User, row: Realisation
) -> None:
    client.force_login(coordinator)
    url = f"{_urls(row.contract)['verify']}{row.pk}/besluit/"
    response = client.post(
        url,
        {f"row-{row.pk}-revision": row.revision, f"row-{row.pk}-reason": "", "decision": "reject"},
    )
    assert response.status_code == 400
    assert "Geef de reden van de afwijzing" in response.content.decode()
    response = client.post(
        url,
        {
            f"row-{row.pk}-revision": row.revision,
            f"row-{row.pk}-reason": "Kandidaat 111222333 onbekend",
            "decision": "reject",
        },
    )
    assert response.status_code == 400
    assert "Kandidaat 111222333 onbekend" in response.content.decode()  # the typed text stays
    row.refresh_from_db()
    assert row.status == RealisationStatus.SUBMITTED


def test_crossing_decisions_over_http(client: Client, coordinator: User, row: Realisation) -> None:
    client.force_login(coordinator)
    url = f"{_urls(row.contract)['verify']}{row.pk}/besluit/"
    seen = row.revision
    first = client.post(url, {f"row-{row.pk}-revision": seen, "decision": "approve"})
    assert first.status_code == 302
    second = client.post(
        url,
        {f"row-{row.pk}-revision": seen, f"row-{row.pk}-reason": "Nee.", "decision": "reject"},
    )
    assert second.status_code == 409
    assert "Iemand anders heeft al besloten" in second.content.decode()
    checked = client.post(
        f"{_urls(row.contract)['verify']}goedkeuren/",
        {"checked": [row.pk], f"revision-{row.pk}": seen},
    )
    assert checked.status_code == 409


def test_approve_all_checked(client: Client, coordinator: User, row: Realisation) -> None:
    other = RealisationFactory(contract=row.contract, purchase=True, submitted=True)
    contract_revalue(row.contract, today=date(2026, 4, 30))
    row.refresh_from_db()
    other.refresh_from_db()
    client.force_login(coordinator)
    response = client.post(
        f"{_urls(row.contract)['verify']}goedkeuren/",
        {
            "checked": [row.pk, other.pk],
            f"revision-{row.pk}": row.revision,
            f"revision-{other.pk}": other.revision,
        },
    )
    assert response.status_code == 302
    contract = Contract.objects.get(pk=row.contract_id)
    assert contract.realised_eur == Decimal("6250.00") + Decimal("4000.00")
    assert contract.pending_eur == Decimal("0.00")


def test_contract_page_section(
    client: Client, coordinator: User, buyer_user: User, row: Realisation
) -> None:
    client.force_login(coordinator)
    html = client.get(f"/contracten/{row.contract_id}/").content.decode()
    assert 'id="contract-progress"' in html
    assert "1 realisatie wacht op controle." in html
    assert f"/contracten/{row.contract_id}/controle/" in html
    client.force_login(buyer_user)
    html = client.get(f"/contracten/{row.contract_id}/").content.decode()
    assert 'id="contract-progress"' in html
    assert (
        "wacht op controle." not in html.split('id="contract-progress"')[1].split("</section>")[0]
    )


def _rows(contract: Contract, count: int) -> None:
    for index in range(count):
        realisation = RealisationFactory(
            contract=contract,
            submitted=True,
            start_date=date(2026, 1, 1),
            end_date=date(2026, 1, 10 + index % 18),
            planned_end_date=None,
        )
        Evidence.objects.create(
            realisation=realisation,
            original_name=f"bewijs-{index}.pdf",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
        )
    contract_revalue(contract, today=date(2026, 3, 31))


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_pages_have_a_constant_query_count(
    client: Client, coordinator: User, contract: Contract
) -> None:
    client.force_login(coordinator)
    urls = [*_urls(contract).values(), f"/contracten/{contract.pk}/"]
    _rows(contract, 10)
    few = [_queries(client, url) for url in urls]
    _rows(contract, 30)
    many = [_queries(client, url) for url in urls]
    assert few == many
