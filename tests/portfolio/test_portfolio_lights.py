"""The traffic light (``sroi.monitoring.lights.light_for``, docs/portfolio.md "Stoplicht"),
table-driven through every branch, and the stored light following the services.

The contract of the tables runs from 2026-01-01 to 2027-12-31 (729 days) with an obligation
of EUR 50,000.00 and quarterly reports. On 2026-10-01 the pace target is the obligation spread
over the term up to the end of the last period whose report deadline has passed (the second
quarter, due 2026-07-30: up to 2026-07-01, day 181):
50,000 x 181 / 729 = EUR 12,414.27; half of it EUR 6,207.14, 80 % EUR 9,931.42.
A quarter of the term is 182.25 days: day 183 is 2026-07-03.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pytest_django.fixtures import Settings

from sroi.accounts.models import User
from sroi.agreements import services as agreement_services
from sroi.monitoring import services_verify
from sroi.monitoring.assessment import final_assessment_record
from sroi.monitoring.constants import AssessmentOutcome, ReportStatus
from sroi.monitoring.lights import (
    contract_light_store,
    contracts_light_refresh,
    light_for,
    pace_target,
    reported_by,
)
from sroi.monitoring.models import Report
from sroi.monitoring.valuation import contract_revalue
from sroi.plans.constants import ContractLight, ContractStatus, TargetGroup
from sroi.plans.models import Contract, Plan
from sroi.rules.services import ruleset_import_shipped
from tests.monitoring.factories import RealisationFactory
from tests.plans.factories import PlanFactory

START = date(2026, 1, 1)
END = date(2027, 12, 31)
OBLIGATION = Decimal("50000.00")
IN_FORCE = ContractStatus.AGREEMENTS_IN_FORCE
OCTOBER = date(2026, 10, 1)

NOT_IN_FORCE = ContractStatus.PLAN_IN_REVIEW
ON_TRACK, AT_RISK, BEHIND, CLOSED = (
    ContractLight.ON_TRACK,
    ContractLight.AT_RISK,
    ContractLight.BEHIND,
    ContractLight.CLOSED,
)


def case(
    why: str,
    expected: ContractLight,
    *,
    status: str = IN_FORCE,
    obligation: Decimal | None = OBLIGATION,
    reported: str = "0",
    outlook: str = "50000.00",
    dates: tuple[date, date] | None = (START, END),
    today: date = OCTOBER,
) -> object:
    """One row of the table: the contract's figures on ``today`` and the light they give."""
    start, end = dates or (None, None)
    arguments = {
        "status": status,
        "obligation": obligation,
        "reported": Decimal(reported),
        "outlook": Decimal(outlook),
        "start": start,
        "end": end,
        "today": today,
    }
    return pytest.param(arguments, expected, id=why)


LIGHT_CASES = [
    # 1. closed
    case("closed, whatever its figures", CLOSED, status=ContractStatus.CLOSED, outlook="0"),
    case("closed without an obligation", CLOSED, status=ContractStatus.CLOSED, obligation=None),
    # 2. no obligation
    case("no obligation yet", ON_TRACK, obligation=None, outlook="0"),
    case("an obligation of 0", ON_TRACK, status=NOT_IN_FORCE, obligation=Decimal("0.00")),
    # 3. agreements not in force
    case("not in force, before the start", ON_TRACK, status=NOT_IN_FORCE, today=date(2025, 12, 31)),
    case("not in force, no start date", ON_TRACK, status=NOT_IN_FORCE, dates=None),
    case("not in force, on the start day", AT_RISK, status=NOT_IN_FORCE, today=START),
    case("not in force, day 182", AT_RISK, status=NOT_IN_FORCE, today=date(2026, 7, 2)),
    case("not in force, day 183: a quarter", BEHIND, status=NOT_IN_FORCE, today=date(2026, 7, 3)),
    case("not in force, after the end", BEHIND, status=NOT_IN_FORCE, today=date(2028, 3, 1)),
    # 4. agreements in force: the outlook
    case("outlook under 90 %", BEHIND, reported="20000", outlook="44999.99"),
    case("outlook exactly 90 %", AT_RISK, reported="20000", outlook="45000.00"),
    case("outlook just under the obligation", AT_RISK, reported="20000", outlook="49999.99"),
    # 4. agreements in force: the pace (target EUR 12,414.27 on 2026-10-01)
    case("reported under half the pace", BEHIND, reported="6207.13"),
    case("reported half the pace", AT_RISK, reported="6207.14"),
    case("reported under 80 % of the pace", AT_RISK, reported="9931.41"),
    case("reported 80 % of the pace", ON_TRACK, reported="9931.42"),
    case("on track", ON_TRACK, reported="20000", outlook="60000"),
    case("nothing due in the first period", ON_TRACK, today=date(2026, 3, 31)),
    # the first quarter's report is due on 2026-04-30: not behind on a report not yet due
    case("first period ended, its report not due yet", ON_TRACK, today=date(2026, 4, 2)),
    case("first report due today", ON_TRACK, today=date(2026, 4, 30)),
    case("nothing reported after the first deadline", BEHIND, today=date(2026, 5, 1)),
    case("no dates: the outlook alone", ON_TRACK, dates=None),
]


@pytest.mark.parametrize(("arguments", "expected"), LIGHT_CASES)
def test_light_for(arguments: dict[str, object], expected: ContractLight) -> None:
    assert light_for(**arguments, reporting_months=3) == expected  # type: ignore[arg-type]


def test_reported_by_is_the_end_of_the_last_period_whose_deadline_passed() -> None:
    assert reported_by(START, date(2026, 4, 30), 3) is None
    assert reported_by(START, date(2026, 5, 1), 3) == date(2026, 4, 1)
    assert reported_by(START, OCTOBER, 3) == date(2026, 7, 1)
    assert reported_by(START, OCTOBER, 1) == date(2026, 9, 1)
    assert reported_by(None, OCTOBER, 3) is None


def test_pace_target_is_the_obligation_spread_over_the_term() -> None:
    assert pace_target(OBLIGATION, START, END, date(2026, 7, 1)) == Decimal("12414.27")
    assert pace_target(OBLIGATION, START, END, START) == Decimal("0.00")
    assert pace_target(OBLIGATION, START, END, date(2028, 1, 1)) == OBLIGATION
    assert pace_target(OBLIGATION, None, END, OCTOBER) == Decimal("0.00")


def test_a_monthly_reporting_interval_looks_one_month_back() -> None:
    # 2026-10-01 with monthly reports: August's report was due 2026-09-30, so the pace counts
    # up to 2026-09-01 (day 243): 16,666.67 target
    arguments = {
        "status": IN_FORCE,
        "obligation": OBLIGATION,
        "outlook": OBLIGATION,
        "start": START,
        "end": END,
        "today": OCTOBER,
    }
    assert light_for(reported=Decimal("10000"), reporting_months=3, **arguments) == (
        ContractLight.ON_TRACK
    )
    assert light_for(reported=Decimal("10000"), reporting_months=1, **arguments) == (
        ContractLight.AT_RISK
    )


# --- the stored light follows the services -----------------------------------------------------


@pytest.fixture(autouse=True)
def _setup(db: None, settings: Settings, tmp_path: object) -> None:
    ruleset_import_shipped()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SROI_EVIDENCE_ROOT = str(tmp_path) + "/evidence"


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> list[date]:
    """The day the services see (``timezone.localdate``); change ``today[0]`` to move it."""
    from django.utils import timezone

    day = [date(2026, 3, 15)]
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day[0])
    return day


@pytest.fixture
def full_plan(contractor_a: User) -> Plan:
    """Two Participatiewet candidates 36 h/week for 2026: EUR 50,000.00, the whole obligation."""
    return PlanFactory(
        contract__organisation=contractor_a.organisation,
        approved=True,
        lines=[
            {
                "target_group": TargetGroup.PW_LT2.value,
                "count": 2,
                "hours_per_week": Decimal("36"),
                "start_date": date(2026, 1, 1),
                "end_date": date(2026, 12, 31),
            }
        ],
    )


def _accept(contract: Contract, coordinator: User, contractor: User) -> None:
    version = agreement_services.agreements_draw_up(acting_user=coordinator, contract=contract)
    version = agreement_services.agreements_propose(acting_user=coordinator, version=version)
    agreement_services.agreements_accept(acting_user=contractor, version=version, name="Jan")


def _stored(contract: Contract) -> tuple[str, Decimal | None]:
    contract.refresh_from_db()
    return contract.light, contract.outlook_eur


def test_accepting_agreements_stores_the_light_and_outlook(
    full_plan: Plan, coordinator: User, contractor_a: User, today: list[date]
) -> None:
    contract = full_plan.contract
    contract_light_store(contract)
    # started on 2026-01-01 without agreements in force: at risk
    assert _stored(contract) == (ContractLight.AT_RISK, Decimal("0.00"))

    _accept(contract, coordinator, contractor_a)

    # in force, the agreements promise the whole obligation; no report due yet
    assert _stored(contract) == (ContractLight.ON_TRACK, Decimal("50000.00"))


def test_approving_a_realisation_stores_the_light(
    full_plan: Plan, coordinator: User, contractor_a: User, today: list[date]
) -> None:
    contract = full_plan.contract
    _accept(contract, coordinator, contractor_a)
    today[0] = OCTOBER
    assert contracts_light_refresh() >= 1
    # nothing reported by 2026-10-01, pace target EUR 12,414.27
    assert _stored(contract)[0] == ContractLight.BEHIND
    report = Report.objects.create(
        contract=contract,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        deadline=date(2026, 10, 31),
        status=ReportStatus.SUBMITTED,
    )
    purchase = RealisationFactory(
        contract=contract,
        purchase=True,
        submitted=True,
        report=report,
        date=date(2026, 8, 15),
        amount_eur=Decimal("10000.00"),
    )
    contract_revalue(contract)  # what submitting the report does
    # reported (awaiting verification) EUR 10,000.00 >= 80 % of the pace; outlook 10,000 +
    # the EUR 50,000.00 still agreed
    assert _stored(contract) == (ContractLight.ON_TRACK, Decimal("60000.00"))
    # a stale stored light (as if the night had not come yet): approving stores it again
    Contract.objects.filter(pk=contract.pk).update(light=ContractLight.BEHIND, outlook_eur=None)

    services_verify.realisation_approve(acting_user=coordinator, realisation=purchase)

    contract.refresh_from_db()
    assert contract.realised_eur == Decimal("10000.00")
    assert _stored(contract) == (ContractLight.ON_TRACK, Decimal("60000.00"))


def test_closing_by_the_final_assessment_stores_closed(
    full_plan: Plan, coordinator: User, contractor_a: User, today: list[date]
) -> None:
    contract = full_plan.contract
    _accept(contract, coordinator, contractor_a)
    today[0] = date(2028, 1, 10)
    contract.refresh_from_db()

    final_assessment_record(
        acting_user=coordinator,
        contract=contract,
        outcome=AssessmentOutcome.NOT_FULFILLED,
        note="Het tekort wordt verrekend met de laatste termijn.",
        number=1,
        today=date(2028, 1, 10),
    )

    contract.refresh_from_db()
    assert contract.status == ContractStatus.CLOSED
    assert contract.light == ContractLight.CLOSED


def test_the_nightly_refresh_skips_closed_contracts_and_follows_the_calendar(
    full_plan: Plan, coordinator: User, contractor_a: User, today: list[date]
) -> None:
    contract = full_plan.contract
    _accept(contract, coordinator, contractor_a)
    assert _stored(contract)[0] == ContractLight.ON_TRACK

    assert contracts_light_refresh(today=OCTOBER) == 1

    assert _stored(contract)[0] == ContractLight.BEHIND
    Contract.objects.filter(pk=contract.pk).update(status=ContractStatus.CLOSED)
    assert contracts_light_refresh(today=OCTOBER) == 0


def test_a_contract_without_a_reporting_interval_is_held_to_the_default_periods(
    full_plan: Plan, coordinator: User, contractor_a: User, today: list[date]
) -> None:
    # The report deadlines (monitoring.periods.interval_of) read 0 as the default interval;
    # the light reads it the same way instead of never looking at the pace.
    contract = full_plan.contract
    _accept(contract, coordinator, contractor_a)
    Contract.objects.filter(pk=contract.pk).update(reporting_interval_months=0)

    contracts_light_refresh(today=OCTOBER)

    assert _stored(contract)[0] == ContractLight.BEHIND
