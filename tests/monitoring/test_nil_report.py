"""A period with nothing to report ("Niets te melden in deze periode"): the contractor submits
it with a confirmation, it no longer counts as overdue (the reports page, the deadline
reminders), the coordinator verifies it by hand; refusals and access per role.

The contract (tests/monitoring/conftest.py) runs from 2026-01-01 to 2027-12-31 with quarterly
reports: the first period ends 2026-03-31 and is due 2026-04-30."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion
from sroi.core.models import AuditEntry
from sroi.monitoring import services, services_reports
from sroi.monitoring.constants import RealisationKind, ReminderKind, ReportStatus
from sroi.monitoring.models import Report
from sroi.monitoring.reminders import send_reminders
from sroi.monitoring.selectors_entry import period_rows
from sroi.monitoring.services import MonitoringError
from sroi.plans.models import Contract
from tests.monitoring.factories import RealisationFactory

Q1 = date(2026, 1, 1)
AFTER_Q1_DEADLINE = date(2026, 5, 15)


@pytest.fixture
def contract_in_force(agreements: AgreementVersion) -> Contract:
    contract = agreements.contract
    contract.refresh_from_db()
    return contract


def _nil(user: User, contract: Contract, start: date = Q1, **kwargs: object) -> Report:
    return services_reports.report_submit_nothing(
        acting_user=user, contract=contract, period_start=start, today=AFTER_Q1_DEADLINE, **kwargs
    )


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _url(contract: Contract, name: str) -> str:
    return reverse(f"monitoring:{name}", kwargs={"contract_pk": contract.pk})


# --- the services ------------------------------------------------------------------------------


def test_a_nil_report_is_submitted_and_the_period_is_no_longer_overdue(
    contract_in_force: Contract, contractor_a: User
) -> None:
    before = {row.period.start: row for row in period_rows(contract_in_force, AFTER_Q1_DEADLINE)}
    assert before[Q1].overdue

    report = _nil(contractor_a, contract_in_force, revision=0)

    assert (report.status, report.period_end, report.deadline, report.revision) == (
        ReportStatus.SUBMITTED,
        date(2026, 3, 31),
        date(2026, 4, 30),
        1,
    )
    assert report.submitted_by == contractor_a
    row = {r.period.start: r for r in period_rows(contract_in_force, AFTER_Q1_DEADLINE)}[Q1]
    assert not row.overdue
    assert row.count == 0
    assert row.nothing_to_report and row.acknowledgeable
    entry = AuditEntry.objects.get(action="monitoring.report_submit")
    assert entry.data["nothing_to_report"] is True
    assert entry.data["count"] == 0


def test_a_nil_report_stops_the_deadline_reminder(
    contract_in_force: Contract, contractor_a: User, settings: Settings
) -> None:
    settings.SROI_REMINDER_DAYS_BEFORE = 14
    _nil(contractor_a, contract_in_force)
    run = send_reminders(today=date(2026, 4, 20))  # the Q1 deadline (30 April) is due
    assert run.sent[ReminderKind.REPORT_DEADLINE] == 0


def test_refused_for_a_period_not_started_a_period_submitted_and_waiting_drafts(
    contract_in_force: Contract, contractor_a: User
) -> None:
    with pytest.raises(MonitoringError, match="nog niet begonnen") as future:
        _nil(contractor_a, contract_in_force, start=date(2026, 7, 1))
    assert future.value.field == "period_start"

    RealisationFactory(contract=contract_in_force, purchase=True, date=date(2026, 5, 10))
    with pytest.raises(MonitoringError, match="1 conceptrealisatie"):
        _nil(contractor_a, contract_in_force, start=date(2026, 4, 1))  # the draft is in Q2

    first = _nil(contractor_a, contract_in_force)  # Q1 has no drafts
    with pytest.raises(MonitoringError, match="al ingediend"):
        _nil(contractor_a, contract_in_force)
    assert Report.objects.filter(contract=contract_in_force).get() == first


def test_a_stale_revision_is_refused(contract_in_force: Contract, contractor_a: User) -> None:
    with pytest.raises(MonitoringError, match="Iemand anders"):
        _nil(contractor_a, contract_in_force, revision=3)
    assert not Report.objects.exists()


@pytest.mark.parametrize("who", ["contractor_b", "coordinator", "buyer_user"])
def test_only_the_contractor_submits_nothing(
    request: pytest.FixtureRequest, who: str, contract_in_force: Contract
) -> None:
    with pytest.raises(PermissionDenied):
        _nil(request.getfixturevalue(who), contract_in_force)
    assert not Report.objects.exists()


def test_realisations_added_later_go_into_the_same_report(
    contract_in_force: Contract, contractor_a: User
) -> None:
    report = _nil(contractor_a, contract_in_force)
    services.realisation_create(
        acting_user=contractor_a,
        contract=contract_in_force,
        data={
            "kind": RealisationKind.PURCHASE,
            "block_code": "SOCIAAL_INKOPEN",
            "supplier_name": "Schoonmaak WerkSaam",
            "supplier_kvk": "12345678",
            "invoice_number": "F-2026-1",
            "date": date(2026, 3, 1),
            "amount_eur": Decimal("4000.00"),
        },
    )
    again = services_reports.report_submit(
        acting_user=contractor_a,
        contract=contract_in_force,
        period_start=Q1,
        revision=report.revision,
    )
    assert again.pk == report.pk
    row = {r.period.start: r for r in period_rows(contract_in_force, AFTER_Q1_DEADLINE)}[Q1]
    assert row.count == 1 and not row.nothing_to_report


def test_the_coordinator_verifies_a_nil_report(
    contract_in_force: Contract, contractor_a: User, coordinator: User
) -> None:
    report = _nil(contractor_a, contract_in_force)
    with pytest.raises(PermissionDenied):
        services_reports.report_acknowledge(acting_user=contractor_a, report=report)
    with pytest.raises(MonitoringError, match="gewijzigd"):
        services_reports.report_acknowledge(acting_user=coordinator, report=report, revision=0)

    done = services_reports.report_acknowledge(
        acting_user=coordinator, report=report, revision=report.revision
    )

    assert (done.status, done.verified_by, done.revision) == (
        ReportStatus.VERIFIED,
        coordinator,
        2,
    )
    assert AuditEntry.objects.filter(action="monitoring.report_verify").count() == 1
    with pytest.raises(MonitoringError):
        services_reports.report_acknowledge(acting_user=coordinator, report=done)


def test_a_report_with_realisations_awaiting_verification_is_not_verified_by_hand(
    contract_in_force: Contract, contractor_a: User, coordinator: User
) -> None:
    RealisationFactory(contract=contract_in_force, purchase=True, date=Q1)
    report = services_reports.report_submit(
        acting_user=contractor_a, contract=contract_in_force, period_start=Q1
    )
    with pytest.raises(MonitoringError, match="controlepagina"):
        services_reports.report_acknowledge(acting_user=coordinator, report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


# --- the pages ---------------------------------------------------------------------------------


def test_the_contractor_submits_nothing_after_confirming(
    contract_in_force: Contract, contractor_a: User
) -> None:
    client = _client(contractor_a)
    page = client.get(_url(contract_in_force, "reports")).content.decode()
    assert "Niets te melden in deze periode" in page
    url = _url(contract_in_force, "report_submit_nothing")
    data = {"period_start": "2026-01-01", "revision": "0"}

    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Vink het vakje aan" in refused.content.decode()
    assert not Report.objects.exists()

    assert (
        client.post(url, {**data, "period_start": "2027-10-01", "confirm": "on"}).status_code == 400
    )
    assert client.post(url, {**data, "confirm": "on"}).status_code == 302
    report = Report.objects.get()
    assert report.period_start == Q1
    listed = client.get(_url(contract_in_force, "reports")).content.decode()
    assert 'data-period="2026-01-01"' in listed
    assert "data-nothing-to-report" in listed
    crossing = client.post(url, {**data, "confirm": "on"})  # the page of before: no longer offered
    assert crossing.status_code == 400
    assert Report.objects.count() == 1


def test_the_coordinator_verifies_it_on_the_reports_page(
    contract_in_force: Contract, contractor_a: User, coordinator: User
) -> None:
    report = _nil(contractor_a, contract_in_force)
    client = _client(coordinator)
    page = client.get(_url(contract_in_force, "reports")).content.decode()
    assert "data-acknowledge" in page
    url = _url(contract_in_force, "report_acknowledge")
    stale = client.post(url, {"report": report.pk, "revision": 0})
    assert stale.status_code == 400
    assert "data-acknowledge-error" in stale.content.decode()
    assert client.post(url, {"report": report.pk, "revision": report.revision}).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.VERIFIED


@pytest.mark.parametrize(
    ("who", "submit", "acknowledge"),
    [
        ("contractor_b", 404, 404),
        ("buyer_user", 404, 404),
        ("coordinator", 403, None),
        ("contractor_a", None, 403),
    ],
)
def test_access_to_the_nil_report_pages(
    request: pytest.FixtureRequest,
    who: str,
    submit: int | None,
    acknowledge: int | None,
    contract_in_force: Contract,
    contractor_a: User,
) -> None:
    report = _nil(contractor_a, contract_in_force)
    client = _client(request.getfixturevalue(who))
    data = {"period_start": "2026-04-01", "revision": "0", "confirm": "on"}
    if submit is not None:
        assert client.post(_url(contract_in_force, "report_submit_nothing"), data).status_code == (
            submit
        )
    if acknowledge is not None:
        response = client.post(
            _url(contract_in_force, "report_acknowledge"),
            {"report": report.pk, "revision": report.revision},
        )
        assert response.status_code == acknowledge
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert Report.objects.count() == 1


def test_anonymous_users_are_sent_to_the_login(contract_in_force: Contract) -> None:
    for name in ("report_submit_nothing", "report_acknowledge"):
        response = _client(None).post(_url(contract_in_force, name))
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_a_report_of_another_contract_is_404(
    contract_in_force: Contract, contractor_a: User, coordinator: User
) -> None:
    report = _nil(contractor_a, contract_in_force)
    other = RealisationFactory(purchase=True).contract  # another contract
    response = _client(coordinator).post(
        _url(other, "report_acknowledge"), {"report": report.pk, "revision": report.revision}
    )
    assert response.status_code == 404


def test_the_verification_page_points_to_a_nil_report_awaiting_the_coordinator(
    contract_in_force: Contract, contractor_a: User, coordinator: User
) -> None:
    # Walked: a coordinator on "Controle" read "0 realisaties wachten op controle" and nothing
    # about the nil report, which is verified on the reports page.
    verify_url = _url(contract_in_force, "verify")
    reports_url = _url(contract_in_force, "reports")
    assert "niets te melden" not in _client(coordinator).get(verify_url).content.decode()
    report = _nil(contractor_a, contract_in_force)

    html = _client(coordinator).get(verify_url).content.decode()

    assert "1 rapportage met niets te melden wacht op uw controle" in html
    assert f'href="{reports_url}">pagina Rapportages</a>' in html
    services_reports.report_acknowledge(
        acting_user=coordinator, report=report, revision=report.revision
    )
    assert "niets te melden" not in _client(coordinator).get(verify_url).content.decode()
