"""Attacks on the nil report ("Niets te melden in deze periode") and its verification by the
coordinator: forged periods and report ids, numbers beyond the database's integers, the wrong
method, a contract not in force or closed, a buyer's or another organisation's user. Every
answer is 400, 403, 404 or 405 as docs/access.md says, never a 500, and nothing is stored.

The contract (tests/monitoring/conftest.py) runs from 2026-01-01 to 2027-12-31 with quarterly
reports."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion
from sroi.monitoring import services_reports
from sroi.monitoring.constants import ReportStatus
from sroi.monitoring.models import Report
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


@pytest.fixture
def nil_report(contract_in_force: Contract, contractor_a: User) -> Report:
    return services_reports.report_submit_nothing(
        acting_user=contractor_a,
        contract=contract_in_force,
        period_start=Q1,
        today=AFTER_Q1_DEADLINE,
    )


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _url(contract: Contract, name: str) -> str:
    return reverse(f"monitoring:{name}", kwargs={"contract_pk": contract.pk})


@pytest.mark.parametrize(
    "period_start",
    [
        "garbage",
        "2026-13-01",
        "2026-01-02",  # not the start of a period
        "2025-10-01",  # before the contract
        "2099-01-01",  # long after it
        "01-01-2026",
        "",
        "2026-01-01\x00",
        "9" * 400,
    ],
)
def test_attack2_a_forged_period_is_a_400(
    contract_in_force: Contract, contractor_a: User, period_start: str
) -> None:
    response = _client(contractor_a).post(
        _url(contract_in_force, "report_submit_nothing"),
        {"period_start": period_start, "revision": "0", "confirm": "on"},
    )
    assert response.status_code == 400
    assert not Report.objects.exists()


@pytest.mark.parametrize("revision", ["abc", "-1", "99999999999999999999999", "1.5", ""])
def test_attack2_a_forged_revision_of_a_nil_report_is_a_400(
    contract_in_force: Contract, contractor_a: User, revision: str
) -> None:
    response = _client(contractor_a).post(
        _url(contract_in_force, "report_submit_nothing"),
        {"period_start": "2026-01-01", "revision": revision, "confirm": "on"},
    )
    assert response.status_code == 400
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("report", "revision"),
    [
        ("abc", "1"),
        ("-1", "1"),
        ("0", "1"),
        ("99999999999999999999", "1"),
        ("9223372036854775808", "1"),
        ("", ""),
        ("{pk}", "abc"),
        ("{pk}", "99999999999999999999999"),
        ("{pk}", "-5"),
    ],
)
def test_attack2_a_forged_acknowledgement_is_a_400_or_404(
    contract_in_force: Contract, coordinator: User, nil_report: Report, report: str, revision: str
) -> None:
    response = _client(coordinator).post(
        _url(contract_in_force, "report_acknowledge"),
        {"report": report.format(pk=nil_report.pk), "revision": revision},
    )
    assert response.status_code in {400, 404}
    nil_report.refresh_from_db()
    assert nil_report.status == ReportStatus.SUBMITTED


def test_attack2_a_huge_report_id_is_never_a_500(
    contract_in_force: Contract, coordinator: User, nil_report: Report
) -> None:
    """A report id beyond the database's bigint: the lookup must not reach the database."""
    response = _client(coordinator).post(
        _url(contract_in_force, "report_acknowledge"),
        {"report": str(2**70), "revision": "1"},
    )
    assert response.status_code in {400, 404}


@pytest.mark.parametrize("name", ["report_submit_nothing", "report_acknowledge"])
def test_attack2_a_get_of_the_nil_report_actions_is_a_405(
    contract_in_force: Contract, contractor_a: User, coordinator: User, name: str
) -> None:
    for user in (contractor_a, coordinator):
        assert _client(user).get(_url(contract_in_force, name)).status_code == 405
    assert not Report.objects.exists()


def test_attack2_a_nil_report_of_a_contract_not_in_force_is_refused(
    contract: Contract, contractor_a: User
) -> None:
    """The plan is approved but no agreements were accepted: nothing can be reported yet."""
    with pytest.raises(MonitoringError):
        services_reports.report_submit_nothing(
            acting_user=contractor_a, contract=contract, period_start=Q1, today=AFTER_Q1_DEADLINE
        )
    response = _client(contractor_a).post(
        _url(contract, "report_submit_nothing"),
        {"period_start": "2026-01-01", "revision": "0", "confirm": "on"},
    )
    assert response.status_code in {400, 403}
    assert not Report.objects.exists()


def test_attack2_the_acknowledgement_of_a_report_with_realisations_is_refused(
    contract_in_force: Contract, contractor_a: User, coordinator: User
) -> None:
    """The coordinator cannot skip the decisions by verifying a report with realisations."""
    RealisationFactory(contract=contract_in_force, purchase=True, date=date(2026, 2, 1))
    report = services_reports.report_submit(
        acting_user=contractor_a, contract=contract_in_force, period_start=Q1
    )
    response = _client(coordinator).post(
        _url(contract_in_force, "report_acknowledge"),
        {"report": report.pk, "revision": report.revision},
    )
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_attack2_a_nil_report_of_another_contract_of_the_same_organisation_is_404(
    contract_in_force: Contract, coordinator: User, nil_report: Report
) -> None:
    """The report id belongs to a contract the coordinator sees, but not to this URL's."""
    other = RealisationFactory(
        purchase=True, contract__organisation=contract_in_force.organisation
    ).contract
    response = _client(coordinator).post(
        _url(other, "report_acknowledge"), {"report": nil_report.pk, "revision": 1}
    )
    assert response.status_code == 404
    nil_report.refresh_from_db()
    assert nil_report.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("who", ["contractor_b", "buyer_user"])
def test_attack2_the_reports_page_of_a_nil_report_is_404_for_outsiders(
    request: pytest.FixtureRequest, contract_in_force: Contract, nil_report: Report, who: str
) -> None:
    response = _client(request.getfixturevalue(who)).get(_url(contract_in_force, "reports"))
    assert response.status_code == 404


def test_attack2_the_reports_page_is_a_login_redirect_for_the_anonymous(
    contract_in_force: Contract, nil_report: Report
) -> None:
    response = _client(None).get(_url(contract_in_force, "reports"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.xfail(
    strict=True,
    reason=(
        "Left (reported): reports are keyed by their period's start. After the interval"
        " changes from 3 to 12 months, the nil report of January-March stands for the whole"
        " year: April-December is never overdue and gets no reminder."
    ),
)
def test_attack2_a_nil_report_of_one_quarter_does_not_cover_a_year_after_the_interval_changes(
    contract_in_force: Contract, contractor_a: User, coordinator: User, nil_report: Report
) -> None:
    services_reports.reporting_interval_set(
        acting_user=coordinator, contract=contract_in_force, months=12
    )
    contract_in_force.refresh_from_db()
    rows = {row.period.start: row for row in period_rows(contract_in_force, date(2027, 3, 1))}
    year = rows[Q1]
    assert year.period.end == date(2026, 12, 31)
    # The declaration covered 1 January to 31 March only.
    assert year.report is None or year.report.period_end == year.period.end
