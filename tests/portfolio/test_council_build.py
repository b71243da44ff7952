"""The council report's life: request -> the worker's build -> ready (stored PDF and Excel,
mail with the link), duplicates, a stuck report taken again, a failing build stored as failed
without stopping the next."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from sroi.accounts.models import User
from sroi.core.models import OutboxMessage
from sroi.plans.constants import TargetGroup
from sroi.plans.models import Buyer
from sroi.portfolio import council, council_render
from sroi.portfolio.constants import YEAR_MAX, YEAR_MIN, CouncilReportStatus
from sroi.portfolio.council import (
    CouncilReportError,
    council_report_request,
    council_reports_build_due,
)
from sroi.portfolio.council_figures import CouncilFigures
from sroi.portfolio.models import CouncilReport
from tests.plans.factories import BuyerFactory, PlanFactory, buyer_user_of
from tests.portfolio.council_data import contract_of, place

pytestmark = pytest.mark.usefixtures("shipped_rulesets")


@pytest.fixture
def buyer(db: None) -> Buyer:
    buyer: Buyer = BuyerFactory(name="Gemeente Hoorn")
    return buyer


def test_a_requested_report_is_built_stored_and_mailed(buyer: Buyer, coordinator: User) -> None:
    place(contract_of(buyer), target_group=TargetGroup.PW_LT2, people=6, value="1250.50")
    report = council_report_request(user=coordinator, buyer=buyer, year=2026)
    assert report.status == CouncilReportStatus.QUEUED

    run = council_reports_build_due()

    assert (run.ready, run.failed) == (1, 0)
    report.refresh_from_db()
    assert report.status == CouncilReportStatus.READY
    assert report.started_at is not None and report.finished_at is not None
    assert bytes(report.pdf).startswith(b"%PDF")
    assert report.figures["money"]["realised_eur"] == "10000.00"
    mail = OutboxMessage.objects.get(to=[coordinator.email])
    assert "Gemeente Hoorn" in mail.subject
    assert f"/coordinator/raadsrapportages/{report.pk}/" in mail.body


def test_the_excel_file_holds_the_same_figures_as_numbers(buyer: Buyer, coordinator: User) -> None:
    contract_of(buyer, obligation_eur=Decimal("12345.67"))
    place(contract_of(buyer), target_group=TargetGroup.PW_LT2, people=2)
    report = council_report_request(user=coordinator, buyer=buyer, year=2026)
    council_reports_build_due()
    report.refresh_from_db()

    book = load_workbook(io.BytesIO(bytes(report.xlsx)))

    summary = {row[0].value: row[1] for row in book.worksheets[0].iter_rows() if row[0].value}
    obligation = summary["Verplichting"]
    assert obligation.value == pytest.approx(12345.67 + 50000.00)
    assert obligation.number_format == council_render.MONEY_FORMAT
    assert summary["Mensen geplaatst"].value == "minder dan 5"
    groups = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert groups[0][1:] == (0, 2000, "minder dan 5")


def test_a_second_request_while_queued_or_running_returns_the_same_report(
    buyer: Buyer, coordinator: User
) -> None:
    contract_of(buyer)  # the buyer's users see its contracts
    first = council_report_request(user=coordinator, buyer=buyer, year=2026)
    assert council_report_request(user=coordinator, buyer=buyer, year=2026) == first
    CouncilReport.objects.filter(pk=first.pk).update(
        status=CouncilReportStatus.RUNNING, started_at=timezone.now()
    )
    assert council_report_request(user=buyer_user_of(buyer), buyer=buyer, year=2026) == first
    other_year = council_report_request(user=coordinator, buyer=buyer, year=2025)
    assert other_year != first
    assert CouncilReport.objects.count() == 2


def test_a_request_after_the_report_is_ready_makes_a_new_one(
    buyer: Buyer, coordinator: User
) -> None:
    first = council_report_request(user=coordinator, buyer=buyer, year=2026)
    council_reports_build_due()
    assert council_report_request(user=coordinator, buyer=buyer, year=2026) != first


def test_a_report_stuck_in_running_is_taken_again(buyer: Buyer, coordinator: User) -> None:
    stuck = council_report_request(user=coordinator, buyer=buyer, year=2026)
    fresh = council_report_request(user=coordinator, buyer=buyer, year=2025)
    now = timezone.now()
    CouncilReport.objects.filter(pk=stuck.pk).update(
        status=CouncilReportStatus.RUNNING, started_at=now - timedelta(minutes=31)
    )
    CouncilReport.objects.filter(pk=fresh.pk).update(
        status=CouncilReportStatus.RUNNING, started_at=now - timedelta(minutes=5)
    )

    assert council_reports_build_due().ready == 1

    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == CouncilReportStatus.READY
    assert fresh.status == CouncilReportStatus.RUNNING  # another worker is still on it


def test_a_failing_build_is_stored_as_failed_and_the_next_report_is_built(
    buyer: Buyer, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = council_report_request(user=coordinator, buyer=buyer, year=2025)
    good = council_report_request(user=coordinator, buyer=buyer, year=2026)
    render = council.render_council_pdf

    def render_or_break(snapshot: CouncilFigures) -> bytes:
        if snapshot.year == 2025:
            raise RuntimeError("font missing")
        return render(snapshot)

    monkeypatch.setattr(council, "render_council_pdf", render_or_break)

    run = council_reports_build_due()

    assert (run.ready, run.failed) == (1, 1)
    broken.refresh_from_db()
    good.refresh_from_db()
    assert broken.status == CouncilReportStatus.FAILED
    assert broken.error.startswith("Het rapport kon niet worden gemaakt")
    assert "RuntimeError" in broken.error and "font missing" not in broken.error
    assert not broken.pdf
    assert good.status == CouncilReportStatus.READY
    assert council_reports_build_due().failed == 0  # a failed report is not retried by itself


def test_a_report_taken_over_by_another_worker_is_not_overwritten(
    buyer: Buyer, coordinator: User
) -> None:
    report = council_report_request(user=coordinator, buyer=buyer, year=2026)
    claimed = council._claim_next(set())
    assert claimed is not None
    CouncilReport.objects.filter(pk=report.pk).update(started_at=timezone.now())  # retaken

    assert council.council_report_build(claimed) is False
    report.refresh_from_db()
    assert report.status == CouncilReportStatus.RUNNING
    assert not report.pdf


def test_the_command_builds_what_is_due(buyer: Buyer, coordinator: User) -> None:
    council_report_request(user=coordinator, buyer=buyer, year=2026)
    out = io.StringIO()
    call_command("build_council_reports", stdout=out)
    assert "ready 1, failed 0" in out.getvalue()
    out = io.StringIO()
    call_command("build_council_reports", stdout=out)
    assert "ready 0, failed 0" in out.getvalue()


def test_a_buyer_user_requests_only_its_own_buyer(buyer: Buyer) -> None:
    user = buyer_user_of(buyer)
    contract_of(buyer)  # the buyer's users see its contracts
    other = BuyerFactory(name="Gemeente Enkhuizen")
    contract_of(other)

    assert council_report_request(user=user, buyer=buyer, year=2026).buyer == buyer
    with pytest.raises(CouncilReportError) as refused:
        council_report_request(user=user, buyer=other, year=2026)
    assert refused.value.field == "koper"


def test_a_buyer_users_report_holds_the_coordinators_figures(
    buyer: Buyer, coordinator: User
) -> None:
    contract_of(buyer)
    place(contract_of(buyer), target_group=TargetGroup.PW_LT2, people=5)
    PlanFactory(contract__buyer=buyer)  # a draft: counted by neither
    mine = council_report_request(user=coordinator, buyer=buyer, year=2026)
    council_reports_build_due()
    theirs = council_report_request(user=buyer_user_of(buyer), buyer=buyer, year=2026)
    council_reports_build_due()
    mine.refresh_from_db()
    theirs.refresh_from_db()

    def without_time(figures: dict[str, object]) -> dict[str, object]:
        return {key: value for key, value in figures.items() if key != "generated_at"}

    assert without_time(theirs.figures) == without_time(mine.figures)
    assert mine.figures["contracts"]["total"] == 2


def test_a_contractor_cannot_request_a_report(buyer: Buyer, contractor_a: User) -> None:
    with pytest.raises(PermissionDenied):
        council_report_request(user=contractor_a, buyer=buyer, year=2026)


@pytest.mark.parametrize("year", [YEAR_MIN - 1, YEAR_MAX + 1, -2026, 10**12, True])
def test_a_year_out_of_range_is_refused_at_its_field(
    buyer: Buyer, coordinator: User, year: int
) -> None:
    with pytest.raises(CouncilReportError) as refused:
        council_report_request(user=coordinator, buyer=buyer, year=year)
    assert refused.value.field == "jaar"
    assert not CouncilReport.objects.exists()


def test_a_name_that_looks_like_a_formula_stays_text_in_the_excel_file(
    coordinator: User,
) -> None:
    buyer = BuyerFactory(name='=HYPERLINK("http://evil.example","klik")')
    contract_of(buyer)
    report = council_report_request(user=coordinator, buyer=buyer, year=2026)
    council_reports_build_due()
    report.refresh_from_db()

    cell = load_workbook(io.BytesIO(bytes(report.xlsx))).worksheets[0]["B1"]

    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil.example","klik")'


def test_a_name_with_characters_a_cell_cannot_hold_still_gives_an_excel_file(
    coordinator: User,
) -> None:
    buyer = BuyerFactory(name="Gemeente\x01 Hoorn\uffff")
    contract_of(buyer)
    report = council_report_request(user=coordinator, buyer=buyer, year=2026)
    council_reports_build_due()
    report.refresh_from_db()

    assert report.status == CouncilReportStatus.READY, report.error
    cell = load_workbook(io.BytesIO(bytes(report.xlsx))).worksheets[0]["B1"]
    assert cell.value == "Gemeente Hoorn"
