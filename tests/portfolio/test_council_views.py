"""The council report pages: who may request and read what (coordinator: every buyer; buyer
user: its own buyer, another buyer's report 404; contractor 403; anonymous to the login),
Dutch messages for bad input, the polling status region and the stored downloads."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sroi.accounts.models import User
from sroi.plans.models import Buyer
from sroi.portfolio.constants import CouncilReportStatus
from sroi.portfolio.council import council_report_request, council_reports_build_due
from sroi.portfolio.models import CouncilReport
from tests.plans.factories import BuyerFactory, buyer_user_of
from tests.portfolio.council_data import contract_of

pytestmark = pytest.mark.usefixtures("shipped_rulesets")

LIST = reverse("portfolio:council_reports")


@pytest.fixture
def buyer(db: None) -> Buyer:
    buyer: Buyer = BuyerFactory(name="Gemeente Hoorn")
    contract_of(buyer)
    return buyer


@pytest.fixture
def other_buyer(db: None) -> Buyer:
    other: Buyer = BuyerFactory(name="Gemeente Enkhuizen")
    contract_of(other)
    return other


@pytest.fixture
def ready(buyer: Buyer, coordinator: User) -> CouncilReport:
    report = council_report_request(user=coordinator, buyer=buyer, year=2026)
    council_reports_build_due()
    report.refresh_from_db()
    return report


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _urls(report: CouncilReport) -> list[str]:
    return [
        reverse("portfolio:council_report", args=[report.pk]),
        reverse("portfolio:council_report_pdf", args=[report.pk]),
        reverse("portfolio:council_report_excel", args=[report.pk]),
    ]


def test_a_coordinator_requests_a_report_and_is_sent_to_its_page(
    buyer: Buyer, coordinator: User
) -> None:
    response = _client(coordinator).post(LIST, {"koper": buyer.pk, "jaar": "2026"})

    report = CouncilReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portfolio:council_report", args=[report.pk])
    assert (report.buyer, report.year, report.requested_by) == (buyer, 2026, coordinator)


def test_the_coordinators_form_offers_every_buyer(
    buyer: Buyer, other_buyer: Buyer, coordinator: User
) -> None:
    content = _client(coordinator).get(LIST).content.decode()
    assert "Gemeente Hoorn" in content and "Gemeente Enkhuizen" in content


def test_a_buyer_user_sees_only_its_own_buyer_and_reports(
    buyer: Buyer, other_buyer: Buyer, coordinator: User
) -> None:
    council_report_request(user=coordinator, buyer=other_buyer, year=2026)
    own = council_report_request(user=coordinator, buyer=buyer, year=2026)
    client = _client(buyer_user_of(buyer))

    content = client.get(LIST).content.decode()

    assert "Gemeente Hoorn" in content and "Gemeente Enkhuizen" not in content
    assert f'data-report="{own.pk}"' in content


def test_a_buyer_user_cannot_request_another_buyers_report(
    buyer: Buyer, other_buyer: Buyer
) -> None:
    response = _client(buyer_user_of(buyer)).post(LIST, {"koper": other_buyer.pk, "jaar": "2026"})

    assert response.status_code == 400
    assert "Kies een opdrachtgever uit de lijst." in response.content.decode()
    assert not CouncilReport.objects.exists()


def test_another_buyers_report_is_not_found_for_a_buyer_user(
    ready: CouncilReport, other_buyer: Buyer
) -> None:
    client = _client(buyer_user_of(other_buyer))
    for url in _urls(ready):
        assert client.get(url).status_code == 404, url


def test_the_buyers_own_user_reads_and_downloads_its_report(
    ready: CouncilReport, buyer: Buyer
) -> None:
    client = _client(buyer_user_of(buyer))
    for url in _urls(ready):
        assert client.get(url).status_code == 200, url


def test_a_contractor_is_refused(ready: CouncilReport, contractor_a: User) -> None:
    client = _client(contractor_a)
    assert client.get(LIST).status_code == 403
    assert client.post(LIST, {"koper": ready.buyer_id, "jaar": "2026"}).status_code == 403
    for url in _urls(ready):
        assert client.get(url).status_code == 403, url


def test_anonymous_users_are_sent_to_the_login(ready: CouncilReport) -> None:
    client = _client(None)
    for url in [LIST, *_urls(ready)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"] or "inloggen" in response["Location"]


def test_unknown_report_ids_are_not_found(coordinator: User) -> None:
    client = _client(coordinator)
    for url in (
        "/coordinator/raadsrapportages/999999/",
        "/coordinator/raadsrapportages/999999/pdf/",
    ):
        assert client.get(url).status_code == 404


def test_the_downloads_serve_the_stored_files(ready: CouncilReport, coordinator: User) -> None:
    client = _client(coordinator)
    CouncilReport.objects.filter(pk=ready.pk).update(pdf=b"%PDF-stored")

    pdf = client.get(reverse("portfolio:council_report_pdf", args=[ready.pk]))
    excel = client.get(reverse("portfolio:council_report_excel", args=[ready.pk]))

    assert pdf.content == b"%PDF-stored"  # never rendered again
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == (
        'attachment; filename="raadsrapportage-gemeente-hoorn-2026.pdf"'
    )
    assert excel["Content-Disposition"] == (
        'attachment; filename="raadsrapportage-gemeente-hoorn-2026.xlsx"'
    )
    book = load_workbook(io.BytesIO(excel.content))
    assert book.worksheets[0]["B2"].value == 2026


def test_a_report_that_is_not_ready_has_no_downloads(buyer: Buyer, coordinator: User) -> None:
    report = council_report_request(user=coordinator, buyer=buyer, year=2026)
    client = _client(coordinator)
    assert client.get(reverse("portfolio:council_report_pdf", args=[report.pk])).status_code == 404
    assert (
        client.get(reverse("portfolio:council_report_excel", args=[report.pk])).status_code == 404
    )


def test_a_pending_report_polls_its_status_in_a_live_region(
    buyer: Buyer, coordinator: User
) -> None:
    report = council_report_request(user=coordinator, buyer=buyer, year=2026)
    url = reverse("portfolio:council_report", args=[report.pk])
    client = _client(coordinator)

    page = client.get(url).content.decode()
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()

    assert 'aria-live="polite"' in page
    assert f'hx-get="{url}"' in page and 'hx-trigger="every 3s"' in page
    assert "<html" not in fragment and 'hx-trigger="every 3s"' in fragment
    council_reports_build_due()
    done = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done
    assert reverse("portfolio:council_report_pdf", args=[report.pk]) in done


def test_a_failed_report_shows_its_error(buyer: Buyer, coordinator: User) -> None:
    report = council_report_request(user=coordinator, buyer=buyer, year=2026)
    CouncilReport.objects.filter(pk=report.pk).update(
        status=CouncilReportStatus.FAILED, error="Het rapport kon niet worden gemaakt."
    )
    content = _client(coordinator).get(reverse("portfolio:council_report", args=[report.pk]))
    assert "Het rapport kon niet worden gemaakt." in content.content.decode()
    assert "hx-trigger" not in content.content.decode()


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("", "Vul een jaar in, bijvoorbeeld 2026."),
        ("twintig", "Vul een jaar in, bijvoorbeeld 2026."),
        ("1999", "Vul een jaar in vanaf 2000."),
        ("2101", "Vul een jaar in tot en met 2100."),
        ("-5", "Vul een jaar in vanaf 2000."),
        ("9" * 400, "Vul een jaar in tot en met 2100."),
        ("2026.5", "Vul een jaar in, bijvoorbeeld 2026."),
        ("1e3", "Vul een jaar in, bijvoorbeeld 2026."),
        ("2026\x00", "Vul een jaar in, bijvoorbeeld 2026."),
    ],
)
def test_a_hostile_year_gets_a_dutch_message_at_the_field(
    buyer: Buyer, coordinator: User, year: str, message: str
) -> None:
    response = _client(coordinator).post(LIST, {"koper": buyer.pk, "jaar": year})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'id="id_jaar_error"' in response.content.decode()
    assert not CouncilReport.objects.exists()


@pytest.mark.parametrize("koper", ["", "abc", "999999", "-1", "1 OR 1=1"])
def test_a_bad_buyer_gets_a_dutch_message_at_the_field(
    buyer: Buyer, coordinator: User, koper: str
) -> None:
    response = _client(coordinator).post(LIST, {"koper": koper, "jaar": "2026"})
    assert response.status_code == 400
    assert 'id="id_koper_error"' in response.content.decode()
    assert not CouncilReport.objects.exists()


def test_the_link_fragment_points_at_the_reports_page(db: None) -> None:
    from django.template.loader import render_to_string

    assert LIST in render_to_string("portfolio/_council_link.html")


def test_the_coordinators_buyer_select_starts_with_a_dutch_prompt(
    buyer: Buyer, other_buyer: Buyer, coordinator: User
) -> None:
    html = _client(coordinator).get(LIST).content.decode()

    assert '<option value="" selected>Kies een opdrachtgever…</option>' in html
    assert "---------" not in html
    assert "Gemeente Hoorn" in html and "Gemeente Enkhuizen" in html
