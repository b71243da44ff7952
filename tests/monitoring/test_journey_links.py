"""The links between the monitoring pages (the journey): one sub-navigation on every page,
showing only the pages the user may open; the realisation list links each realisation to its
evidence and the contractor to the import; the verification page links the evidence to the
download view."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion
from sroi.monitoring.models import Evidence, Realisation, Report
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
        status="submitted",
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
    return realisation


def _url(name: str, contract: Contract, **kwargs: int) -> str:
    return reverse(f"monitoring:{name}", kwargs={"contract_pk": contract.pk, **kwargs})


def _nav(html: str) -> str:
    start = html.index('<nav class="sroi-contract-nav"')
    return html[start : html.index("</nav>", start)]


def _page(client: Client, user: User, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_contractor_sees_its_pages_and_no_verification(
    client: Client, contractor_a: User, contract: Contract, row: Realisation
) -> None:
    pages = [
        _url("realisations", contract),
        _url("reports", contract),
        _url("progress", contract),
        _url("import", contract),
        _url("evidence_list", contract, realisation_pk=row.pk),
    ]
    for url in pages:
        nav = _nav(_page(client, contractor_a, url))
        if "bewijs" not in url:  # the evidence page is reached from the list, not the nav
            assert f'href="{url}" aria-current="page"' in nav, url
        for name in ("realisations", "reports", "progress", "import"):
            assert f'href="{_url(name, contract)}"' in nav
        assert _url("verify", contract) not in nav
        assert reverse("agreements:moments", kwargs={"contract_pk": contract.pk}) in nav
    html = _page(client, contractor_a, _url("realisations", contract))
    evidence_page = _url("evidence_list", contract, realisation_pk=row.pk)
    assert f'href="{evidence_page}" data-evidence-link' in html
    assert html.count(f'href="{_url("import", contract)}"') == 2  # the nav and the button


def test_coordinator_sees_verification_and_no_import(
    client: Client, coordinator: User, contract: Contract, row: Realisation
) -> None:
    for url in (_url("realisations", contract), _url("verify", contract)):
        nav = _nav(_page(client, coordinator, url))
        assert f'href="{_url("verify", contract)}"' in nav
        assert f'href="{_url("realisations", contract)}"' in nav
        assert _url("import", contract) not in nav
    html = _page(client, coordinator, _url("realisations", contract))
    assert html.count(f'href="{_url("verify", contract)}"') == 2  # the nav and the button
    verify = _page(client, coordinator, _url("verify", contract))
    evidence = row.evidence.get()
    assert f'href="{_url("evidence_download", contract, evidence_pk=evidence.pk)}"' in verify


def test_buyer_sees_progress_only(client: Client, buyer_user: User, contract: Contract) -> None:
    nav = _nav(_page(client, buyer_user, _url("progress", contract)))
    assert _url("progress", contract) in nav
    for name in ("realisations", "reports", "import", "verify"):
        assert _url(name, contract) not in nav


def test_evidence_page_links_back_to_the_realisations(
    client: Client, contractor_a: User, contract: Contract, row: Realisation
) -> None:
    html = _page(client, contractor_a, _url("evidence_list", contract, realisation_pk=row.pk))
    assert f'href="{_url("realisations", contract)}"' in html
