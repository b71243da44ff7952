"""Scale data: a whole region in bulk, for the portfolio's benchmarks and a look at a full page
(``manage.py seed_scale_data``; docs/performance.md, "Scale data").

``seed_scale`` adds, with one bulk insert per table and batch:

- ``buyers`` buyers, each with a buyer organisation and one buyer user
  (``koper{nn}@scale.example``); ``organisations`` contractor organisations, each with one
  contractor user (``opdrachtnemer{nnn}@scale.example``); one coordinator
  (``coordinator@scale.example``). Every user has an unusable password: sign them in with
  ``force_login`` or set a password in the admin.
- ``contracts`` contracts of record, starting in 2022..2027, spread over the buyers (the first
  buyer gets ``big_buyer_contracts`` of them when that is given) and the organisations, with a
  value, a percentage, dates and the published ``nhn-werksaam`` rule-set version. Most have
  their agreements in force, some a plan in review or requested, and most of those that ended
  are closed.
- for a contract with agreements (in force or closed): an approved plan with version 1, an
  accepted ``AgreementVersion`` with two to five agreements (kinds of effort and target groups
  varied) and its assessment moments every six months (held in the past, planned ahead); a
  plan in review has a submitted version 1, a requested plan a draft.
- ``realisations`` realisations (placements 70 %, purchases 20 %, activities 10 %; approved
  75 %, awaiting verification 12 %, draft 8 %, rejected 5 %) on the contracts with agreements
  that have started, by contract value, dated between the start and yesterday, most linked to
  an agreement of their kind; each placement has its own candidate (a pseudonym per
  organisation); submitted and decided ones sit in their period's report.

Values are computed here, not by the engine (one engine call per realisation would take
minutes): a placement is its block's yearly value x hours/36 x its days/365 (capped at the
block's maximum duration), a purchase its amount, an activity 100 euro an hour. They are close
to what the engine gives; ``manage.py revalue_contracts`` replaces them by the engine's. The
contract's stored figures are the sums of what is stored, by the same definitions as the
services: ``realised_eur`` (approved), ``pending_eur`` (awaiting verification), ``forecast_eur``
(live realisations until their planned end), ``agreed_eur`` (the accepted version's total),
``outlook_eur`` (``monitoring.progress.open_agreements_eur``'s rule, in Python) and ``light``
(``monitoring.lights.light_for`` on ``today``).

The data is deterministic for a seed and a ``today``. Nothing here is for a production
database: the management command refuses to run unless ``DEBUG`` or ``--yes-i-know``.
"""

from __future__ import annotations

import dataclasses
import random
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from sroi.accounts.constants import OrganisationKind, Role
from sroi.accounts.models import Organisation, User
from sroi.agreements.constants import (
    MOMENT_INTERVAL_MONTHS,
    AgreementStatus,
    MomentOutcome,
    MomentStatus,
)
from sroi.agreements.models import Agreement, AgreementVersion, AssessmentMoment
from sroi.monitoring.constants import (
    REPORT_DEADLINE_DAYS,
    EligibilityEvidence,
    EmploymentType,
    RealisationKind,
    RealisationStatus,
    ReportStatus,
)
from sroi.monitoring.lights import light_for
from sroi.monitoring.models import Candidate, Realisation, Report
from sroi.plans.constants import (
    DEFAULT_RULESET_CODE,
    ContractLight,
    ContractStatus,
    EffortKind,
    PlanStatus,
    TargetGroup,
)
from sroi.plans.models import Buyer, Contract, Plan, PlanVersion
from sroi.rules.constants import RuleSetState
from sroi.rules.engine import obligation_eur
from sroi.rules.engine.periods import add_months
from sroi.rules.models import RuleSetVersion
from sroi.rules.selectors import ruleset_version_valid_on

BATCH = 1000
EMAIL_DOMAIN = "scale.example"
COORDINATOR_EMAIL = f"coordinator@{EMAIL_DOMAIN}"
FIRST_YEAR, LAST_YEAR = 2022, 2027
REPORTING_MONTHS = 3
ZERO = Decimal("0.00")
CENT = Decimal("0.01")

# Yearly value per FTE and the maximum months counted, of the nhn-werksaam blocks placements
# use (src/sroi/rules/data/nhn-werksaam.indicative-1.json).
PLACEMENT_BLOCKS: dict[str, tuple[int, int | None]] = {
    TargetGroup.PW_LT2: (25000, 24),
    TargetGroup.PW_GT2: (30000, 24),
    TargetGroup.PW_BEPERKING: (50000, None),
    TargetGroup.WW_LT1: (15000, 12),
    TargetGroup.WW_GT1: (20000, 12),
    TargetGroup.WIA_WAO: (30000, 24),
    TargetGroup.WAJONG_OUD: (25000, None),
    TargetGroup.BBL: (25000, 24),
    TargetGroup.BOL: (5000, 12),
    TargetGroup.VSV_27: (10000, 12),
    TargetGroup.VSO_PRO_STAGE: (7500, 24),
    TargetGroup.NUG: (5000, 12),
}
JOB_GROUPS = (
    TargetGroup.PW_LT2,
    TargetGroup.PW_GT2,
    TargetGroup.PW_BEPERKING,
    TargetGroup.WW_LT1,
    TargetGroup.WW_GT1,
    TargetGroup.WIA_WAO,
    TargetGroup.WAJONG_OUD,
    TargetGroup.NUG,
)
PURCHASE_BLOCK = "SOCIAAL_INKOPEN"
ACTIVITY_BLOCK = "MAATSCHAPPELIJK"
TRAINING_BLOCK = "OPLEIDING"
ACTIVITY_EUR_PER_HOUR = Decimal(100)
FULL_TIME_HOURS = Decimal(36)

KIND_WEIGHTS = (
    (RealisationKind.PLACEMENT, 70),
    (RealisationKind.PURCHASE, 20),
    (RealisationKind.ACTIVITY, 10),
)
STATUS_WEIGHTS = (
    (RealisationStatus.APPROVED, 75),
    (RealisationStatus.SUBMITTED, 12),
    (RealisationStatus.DRAFT, 8),
    (RealisationStatus.REJECTED, 5),
)
LIVE = (RealisationStatus.DRAFT, RealisationStatus.SUBMITTED, RealisationStatus.APPROVED)
WITH_AGREEMENTS = (ContractStatus.AGREEMENTS_IN_FORCE, ContractStatus.CLOSED)
PROJECT_WORDS = (
    "Onderhoud wegen",
    "Nieuwbouw school",
    "Schoonmaak kantoren",
    "Groenonderhoud",
    "Renovatie woningen",
    "ICT-beheer",
    "Catering",
    "Reconstructie kade",
    "Beveiliging",
    "Leerlingenvervoer",
)
CITIES = ("Hoorn", "Enkhuizen", "Medemblik", "Schagen", "Alkmaar", "Den Helder", "Purmerend")


class Writer(Protocol):
    def write(self, text: str, /) -> Any: ...


class ScaleError(Exception):
    """The region cannot be seeded as asked (the message says why, in English: a command)."""


@dataclass(frozen=True)
class ScaleResult:
    coordinator: User
    buyer_users: tuple[User, ...]  # the user of each buyer, in the buyers' order
    buyers: tuple[Buyer, ...]  # the first has ``big_buyer_contracts`` contracts when given
    contractor_users: tuple[User, ...]
    contracts: int
    agreements: int
    moments: int
    candidates: int
    realisations: int
    reports: int
    seconds: float

    def summary(self) -> str:
        return (
            f"{self.contracts} contracts, {self.agreements} agreements, {self.moments}"
            f" assessment moments, {self.realisations} realisations ({self.candidates}"
            f" candidates, {self.reports} reports), {len(self.buyers)} buyers,"
            f" {len(self.contractor_users)} contractors in {self.seconds:.1f} s"
        )


@dataclass
class _Sums:
    """A contract's figures, summed while its realisations are made."""

    realised: Decimal = ZERO
    pending: Decimal = ZERO
    forecast: Decimal = ZERO


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _bulk(model: type[Any], rows: Iterable[Any]) -> list[Any]:
    return list(model.objects.bulk_create(rows, batch_size=BATCH))


def _pick(rng: random.Random, weighted: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([value for value, _w in weighted], [w for _v, w in weighted])[0]


def _placement_value(
    group: str, hours: Decimal, first: date, last: date, *, contract_start: date
) -> Decimal:
    """The block's yearly value x hours/36 x days/365, the days capped at its maximum."""
    yearly, max_months = PLACEMENT_BLOCKS[group]
    if max_months is not None:
        last = min(last, add_months(first, max_months) - timedelta(days=1))
    days = max(0, (last - max(first, contract_start)).days + 1)
    return _money(Decimal(yearly) * hours / FULL_TIME_HOURS * days / 365)


def _period_index(start: date, day: date) -> int:
    index = 0
    while add_months(start, (index + 1) * REPORTING_MONTHS) <= day:
        index += 1
    return index


def _contract_status(rng: random.Random, start: date, end: date, today: date) -> str:
    roll = rng.random()
    if end < today:  # ended: most closed by their final assessment
        return ContractStatus.CLOSED if roll < 0.7 else ContractStatus.AGREEMENTS_IN_FORCE
    if start > today:  # not started: agreements made early, or the plan still on its way
        if roll < 0.4:
            return ContractStatus.AGREEMENTS_IN_FORCE
        return ContractStatus.PLAN_IN_REVIEW if roll < 0.75 else ContractStatus.PLAN_REQUESTED
    if roll < 0.85:
        return ContractStatus.AGREEMENTS_IN_FORCE
    return ContractStatus.PLAN_IN_REVIEW if roll < 0.95 else ContractStatus.PLAN_REQUESTED


def _agreement_specs(rng: random.Random) -> list[tuple[str, str, str]]:
    """Two to five (effort kind, target group, block) of a contract's agreements."""
    options: list[tuple[str, str, str]] = [
        (EffortKind.JOBS, group, group.upper()) for group in rng.sample(JOB_GROUPS, 2)
    ]
    options += [
        (EffortKind.LEARN_WORK, rng.choice((TargetGroup.BBL, TargetGroup.BOL)), ""),
        (EffortKind.SOCIAL_PROCUREMENT, "", PURCHASE_BLOCK),
        (EffortKind.SOCIAL_VALUE, "", ACTIVITY_BLOCK),
        (EffortKind.TRAINING_INTERNSHIP, TargetGroup.VSO_PRO_STAGE, ""),
    ]
    chosen = [options[0], *rng.sample(options[1:], rng.randint(1, 4))]
    return [(kind, group, block or group.upper()) for kind, group, block in chosen]


def _check(
    contracts: int, realisations: int, buyers: int, organisations: int, big_buyer_contracts: int
) -> None:
    if contracts < 1 or buyers < 1 or organisations < 1 or realisations < 0:
        raise ScaleError("contracts, buyers and organisations must be at least 1.")
    if not 0 <= big_buyer_contracts <= contracts:
        raise ScaleError("big_buyer_contracts must lie between 0 and the number of contracts.")
    if big_buyer_contracts and buyers > 1 and big_buyer_contracts == contracts:
        raise ScaleError("big_buyer_contracts leaves no contract for the other buyers.")
    if not RuleSetVersion.objects.filter(
        code=DEFAULT_RULESET_CODE, state=RuleSetState.PUBLISHED
    ).exists():
        raise ScaleError(
            f"No published {DEFAULT_RULESET_CODE} rule set: run manage.py import_rulesets first."
        )
    if User.objects.filter(email=COORDINATOR_EMAIL).exists():
        raise ScaleError(
            f"This database already holds scale data ({COORDINATOR_EMAIL} exists): seed an"
            " empty or demo database."
        )


def seed_scale(
    *,
    contracts: int = 5000,
    realisations: int = 100_000,
    buyers: int = 10,
    organisations: int = 200,
    seed: int = 1,
    big_buyer_contracts: int = 0,
    today: date | None = None,
    stdout: Writer | None = None,
) -> ScaleResult:
    """Add a region of the given size in one transaction (see the module's docstring).

    Raises ``ScaleError`` for impossible sizes and when the database already holds scale data.
    """
    _check(contracts, realisations, buyers, organisations, big_buyer_contracts)
    started = time.perf_counter()
    with transaction.atomic():
        result = _seed(
            contracts=contracts,
            realisations=realisations,
            buyer_count=buyers,
            organisation_count=organisations,
            rng=random.Random(seed),  # noqa: S311 (made-up data, not a secret)
            big_buyer_contracts=big_buyer_contracts,
            today=today or timezone.localdate(),
            stdout=stdout,
        )
    seconds = time.perf_counter() - started
    result = dataclasses.replace(result, seconds=seconds)
    if stdout is not None:
        stdout.write(f"Seeded {result.summary()}\n")
    return result


def _seed(
    *,
    contracts: int,
    realisations: int,
    buyer_count: int,
    organisation_count: int,
    rng: random.Random,
    big_buyer_contracts: int,
    today: date,
    stdout: Writer | None,
) -> ScaleResult:
    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(f"  {message}\n")

    now = timezone.now()
    version = ruleset_version_valid_on(code=DEFAULT_RULESET_CODE, day=date(FIRST_YEAR, 1, 1))
    unusable = make_password(None)

    # --- people and organisations -------------------------------------------------------
    coordinator = User.objects.create(
        email=COORDINATOR_EMAIL,
        password=unusable,
        role=Role.COORDINATOR,
        full_name="Coordinator Schaal",
    )
    buyer_orgs = _bulk(
        Organisation,
        (
            Organisation(name=f"Gemeente Schaal {i + 1:02d}", kind=OrganisationKind.BUYER)
            for i in range(buyer_count)
        ),
    )
    buyers = _bulk(
        Buyer,
        (Buyer(name=organisation.name, organisation=organisation) for organisation in buyer_orgs),
    )
    buyer_users = _bulk(
        User,
        (
            User(
                email=f"koper{i + 1:02d}@{EMAIL_DOMAIN}",
                password=unusable,
                role=Role.BUYER,
                organisation=organisation,
                full_name=f"Contractmanager {organisation.name}",
            )
            for i, organisation in enumerate(buyer_orgs)
        ),
    )
    contractor_orgs = _bulk(
        Organisation,
        (
            Organisation(
                name=f"{rng.choice(('Bouw', 'Infra', 'Facilitair', 'Groen', 'Techniek'))}"
                f"bedrijf Schaal {i + 1:03d} B.V.",
                kvk_number=f"{70000000 + i}",
                city=rng.choice(CITIES),
            )
            for i in range(organisation_count)
        ),
    )
    contractor_users = _bulk(
        User,
        (
            User(
                email=f"opdrachtnemer{i + 1:03d}@{EMAIL_DOMAIN}",
                password=unusable,
                role=Role.CONTRACTOR,
                organisation=organisation,
                organisation_admin=True,
            )
            for i, organisation in enumerate(contractor_orgs)
        ),
    )
    say(f"{buyer_count} buyers, {organisation_count} contractors")

    # --- contracts ------------------------------------------------------------------------
    contract_rows: list[Contract] = []
    for i in range(contracts):
        if i < big_buyer_contracts:
            buyer = buyers[0]
        elif big_buyer_contracts and buyer_count > 1:
            buyer = buyers[1 + (i - big_buyer_contracts) % (buyer_count - 1)]
        else:
            buyer = buyers[i % buyer_count]
        year = FIRST_YEAR + i % (LAST_YEAR - FIRST_YEAR + 1)
        start = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        end = add_months(start, rng.choice((12, 24, 36, 48))) - timedelta(days=1)
        value = Decimal(rng.randrange(200, 20_000) * 1000)
        percentage = Decimal(rng.choice(("2.00", "3.00", "5.00", "5.00", "5.00", "7.50")))
        status = _contract_status(rng, start, end, today)
        if i == 0:  # at least one running contract takes realisations, whatever the size
            start = min(start, today - timedelta(days=200))
            end = max(end, today + timedelta(days=365))
            status = ContractStatus.AGREEMENTS_IN_FORCE
        contract_rows.append(
            Contract(
                organisation=contractor_orgs[rng.randrange(organisation_count)],
                buyer=buyer,
                name=f"{rng.choice(PROJECT_WORDS)} {rng.choice(CITIES)} {i + 1:05d}",
                reference=f"SCH-{year}-{i + 1:05d}",
                value_eur=value,
                sroi_percentage=percentage,
                start_date=start,
                end_date=end,
                award_date=start - timedelta(days=60),
                ruleset_version=version,
                status=status,
                of_record=True,
                registered_by=coordinator,
                obligation_eur=obligation_eur(value, percentage),
                reporting_interval_months=REPORTING_MONTHS,
                closed_at=now if status == ContractStatus.CLOSED else None,
            )
        )
    contract_list = _bulk(Contract, contract_rows)
    say(f"{contracts} contracts")

    # --- plans, agreements, moments ---------------------------------------------------------
    plan_status = {
        ContractStatus.PLAN_REQUESTED: PlanStatus.DRAFT,
        ContractStatus.PLAN_IN_REVIEW: PlanStatus.SUBMITTED,
        ContractStatus.AGREEMENTS_IN_FORCE: PlanStatus.APPROVED,
        ContractStatus.CLOSED: PlanStatus.APPROVED,
    }
    plans = _bulk(
        Plan,
        (
            Plan(
                contract=contract,
                status=plan_status[contract.status],
                effort_kinds=[EffortKind.JOBS],
                current_version=0 if contract.status == ContractStatus.PLAN_REQUESTED else 1,
                submitted_at=None if contract.status == ContractStatus.PLAN_REQUESTED else now,
                review_deadline=today + timedelta(days=10)
                if contract.status == ContractStatus.PLAN_IN_REVIEW
                else None,
            )
            for contract in contract_list
        ),
    )
    plan_versions = {
        version.plan.contract_id: version
        for version in _bulk(
            PlanVersion,
            (
                PlanVersion(plan=plan, number=1, snapshot={}, submitted_at=now)
                for plan in plans
                if plan.current_version
            ),
        )
    }
    with_agreements = [c for c in contract_list if c.status in WITH_AGREEMENTS]
    versions = _bulk(
        AgreementVersion,
        (
            AgreementVersion(
                contract=contract,
                number=1,
                based_on=plan_versions[contract.pk],
                status=AgreementStatus.ACCEPTED,
                obligation_eur=contract.obligation_eur,
                created_by=coordinator,
                proposed_at=now,
                accepted_at=now,
                accepted_name="Directie",
            )
            for contract in with_agreements
        ),
    )
    agreement_rows: list[Agreement] = []
    for contract, agreement_version in zip(with_agreements, versions, strict=True):
        specs = _agreement_specs(rng)
        # The agreements cover 80 % .. 120 % of the obligation, split over the lines.
        total = _money(Decimal(contract.obligation_eur) * Decimal(rng.randrange(80, 121)) / 100)
        shares = [rng.randrange(1, 10) for _spec in specs]
        left = total
        for position, ((kind, group, block), share) in enumerate(zip(specs, shares, strict=True)):
            is_last = position == len(specs) - 1
            value = left if is_last else _money(total * share / sum(shares))
            left -= value
            agreement_rows.append(
                Agreement(
                    version=agreement_version,
                    position=position,
                    effort_kind=kind,
                    target_group=group,
                    block_code=block,
                    count=rng.randint(1, 10) if group else 1,
                    hours_per_week=Decimal(rng.choice((24, 32, 36))) if group else None,
                    start_date=contract.start_date,
                    end_date=contract.end_date,
                    amount_eur=value if block in (PURCHASE_BLOCK, TRAINING_BLOCK) else None,
                    hours=(value / ACTIVITY_EUR_PER_HOUR).quantize(Decimal("0.1"))
                    if block == ACTIVITY_BLOCK
                    else None,
                    value_eur=value,
                )
            )
        agreement_version.total_eur = total
        contract.agreed_eur = contract.planned_eur = total
    agreements = _bulk(Agreement, agreement_rows)
    AgreementVersion.objects.bulk_update(versions, ["total_eur"], batch_size=BATCH)
    by_contract: dict[int, list[Agreement]] = defaultdict(list)
    version_contract = {v.pk: v.contract_id for v in versions}
    for agreement in agreements:
        by_contract[version_contract[agreement.version_id]].append(agreement)
    say(f"{len(versions)} accepted agreement versions, {len(agreements)} agreements")

    moment_rows: list[AssessmentMoment] = []
    for contract in with_agreements:
        assert contract.start_date and contract.end_date  # noqa: S101 (set above)
        day = add_months(contract.start_date, MOMENT_INTERVAL_MONTHS)
        while day < contract.end_date:
            moment_rows.append(_moment(rng, contract, day, today, coordinator, now))
            day = add_months(day, MOMENT_INTERVAL_MONTHS)
        moment_rows.append(_moment(rng, contract, contract.end_date, today, coordinator, now))
    moments = _bulk(AssessmentMoment, moment_rows)
    say(f"{len(moments)} assessment moments")

    # --- realisations -----------------------------------------------------------------------
    takers = [c for c in with_agreements if c.start_date and c.start_date < today]
    weights = [float(c.value_eur or 1) for c in takers]
    targets = rng.choices(takers, weights, k=realisations) if takers else []
    sums: dict[int, _Sums] = defaultdict(_Sums)
    linked: dict[int, Decimal] = defaultdict(lambda: ZERO)  # agreement id -> forecast
    unlinked: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)  # (contract, block)
    candidate_rows: list[Candidate] = []
    realisation_rows: list[Realisation] = []
    report_keys: dict[tuple[int, int], list[Realisation]] = defaultdict(list)
    candidate_numbers: dict[int, int] = defaultdict(int)
    for contract in targets:
        row, candidate = _realisation(rng, contract, by_contract[contract.pk], today, now)
        if candidate is not None:
            candidate_numbers[contract.organisation_id] += 1
            candidate.reference = f"K-{candidate_numbers[contract.organisation_id]:06d}"
            candidate_rows.append(candidate)
        row.decided_by = coordinator if row.status in _DECIDED else None
        realisation_rows.append(row)
        if row.status != RealisationStatus.DRAFT:
            happened = row.start_date or row.date
            assert contract.start_date and happened  # noqa: S101 (set above)
            report_keys[(contract.pk, _period_index(contract.start_date, happened))].append(row)
        figures = sums[contract.pk]
        value, forecast = row.value_eur or ZERO, row.forecast_eur or ZERO
        if row.status == RealisationStatus.APPROVED:
            figures.realised += value
        elif row.status == RealisationStatus.SUBMITTED:
            figures.pending += value
        if row.status in LIVE:
            figures.forecast += forecast
            if row.agreement is not None:
                linked[row.agreement.pk] += forecast
            else:
                unlinked[(contract.pk, row.block_code)] += forecast
    candidates = _bulk(Candidate, candidate_rows)
    say(f"{len(candidates)} candidates")
    by_pk = {c.pk: c for c in contract_list}
    report_rows = []
    for (contract_id, index), members in report_keys.items():
        contract = by_pk[contract_id]
        assert contract.start_date and contract.end_date  # noqa: S101 (set above)
        first = add_months(contract.start_date, index * REPORTING_MONTHS)
        last = min(
            add_months(contract.start_date, (index + 1) * REPORTING_MONTHS) - timedelta(days=1),
            contract.end_date,
        )
        waiting = any(r.status == RealisationStatus.SUBMITTED for r in members)
        report_rows.append(
            Report(
                contract_id=contract_id,
                period_start=first,
                period_end=max(first, last),
                deadline=max(first, last) + timedelta(days=REPORT_DEADLINE_DAYS),
                status=ReportStatus.SUBMITTED if waiting else ReportStatus.VERIFIED,
                submitted_at=now,
                verified_at=None if waiting else now,
                verified_by=None if waiting else coordinator,
            )
        )
    reports = _bulk(Report, report_rows)
    for report, members in zip(reports, report_keys.values(), strict=True):
        for member in members:
            member.report = report
    _bulk(Realisation, realisation_rows)
    say(f"{len(realisation_rows)} realisations, {len(reports)} reports")

    # --- the contracts' stored figures ------------------------------------------------------
    for contract in contract_list:
        has_agreements = contract.status in WITH_AGREEMENTS
        own = sums[contract.pk] if has_agreements else None
        contract.realised_eur = own.realised if own else None
        contract.pending_eur = own.pending if own else None
        contract.forecast_eur = own.forecast if own else None
        if contract.status == ContractStatus.PLAN_IN_REVIEW:
            contract.planned_eur = contract.obligation_eur
        open_eur = _open_agreements(by_contract[contract.pk], linked, unlinked, contract.pk)
        contract.outlook_eur = _money((contract.forecast_eur or ZERO) + open_eur)
        contract.light = light_for(
            status=contract.status,
            obligation=contract.obligation_eur,
            reported=(contract.realised_eur or ZERO) + (contract.pending_eur or ZERO),
            outlook=contract.outlook_eur,
            start=contract.start_date,
            end=contract.end_date,
            today=today,
            reporting_months=contract.reporting_interval_months,
        )
    Contract.objects.bulk_update(
        contract_list,
        [
            "agreed_eur",
            "planned_eur",
            "realised_eur",
            "pending_eur",
            "forecast_eur",
            "outlook_eur",
            "light",
        ],
        batch_size=BATCH,
    )
    lights: dict[str, int] = defaultdict(int)
    for contract in contract_list:
        lights[contract.light] += 1
    say(
        "lights: "
        + ", ".join(f"{light} {lights[light]}" for light in ContractLight.values if lights[light])
    )
    return ScaleResult(
        coordinator=coordinator,
        buyer_users=tuple(buyer_users),
        buyers=tuple(buyers),
        contractor_users=tuple(contractor_users),
        contracts=len(contract_list),
        agreements=len(agreements),
        moments=len(moments),
        candidates=len(candidates),
        realisations=len(realisation_rows),
        reports=len(reports),
        seconds=0.0,
    )


_DECIDED = (RealisationStatus.APPROVED, RealisationStatus.REJECTED)


def _moment(
    rng: random.Random, contract: Contract, day: date, today: date, coordinator: User, now: Any
) -> AssessmentMoment:
    if day < today:
        return AssessmentMoment(
            contract=contract,
            planned_date=day,
            status=MomentStatus.HELD,
            outcome=rng.choice(MomentOutcome.values),
            held_at=now,
            held_by=coordinator,
        )
    return AssessmentMoment(contract=contract, planned_date=day)


def _realisation(
    rng: random.Random, contract: Contract, agreements: list[Agreement], today: date, now: Any
) -> tuple[Realisation, Candidate | None]:
    """One realisation of ``contract`` (and its new candidate, for a placement), valued."""
    assert contract.start_date and contract.end_date  # noqa: S101 (set by the caller)
    first_day = contract.start_date
    last_day = min(contract.end_date, today - timedelta(days=1))
    span = max(0, (last_day - first_day).days)
    kind = _pick(rng, KIND_WEIGHTS)
    status = _pick(rng, STATUS_WEIGHTS)
    if contract.status == ContractStatus.CLOSED and status in LIVE:
        status = RealisationStatus.APPROVED  # the final assessment decided everything
    common: dict[str, Any] = {
        "contract": contract,
        "kind": kind,
        "status": status,
        "created_at": now,
        "decided_at": now if status in _DECIDED else None,
        "decision_reason": "Bewijs ontbreekt." if status == RealisationStatus.REJECTED else "",
    }
    if kind == RealisationKind.PLACEMENT:
        fitting = [a for a in agreements if a.target_group]
        agreement = rng.choice(fitting) if fitting and rng.random() < 0.9 else None
        group = agreement.target_group if agreement else rng.choice(JOB_GROUPS)
        start = first_day + timedelta(days=rng.randrange(span + 1))
        hours = Decimal(rng.choice((16, 24, 32, 36, 36, 38)))
        running = rng.random() < 0.4
        end = None if running else min(start + timedelta(days=rng.randrange(30, 400)), last_day)
        planned_end = contract.end_date if running else None
        value = _placement_value(
            group, hours, start, end or last_day, contract_start=contract.start_date
        )
        forecast = (
            _placement_value(group, hours, start, contract.end_date, contract_start=first_day)
            if running
            else value
        )
        candidate = Candidate(
            organisation_id=contract.organisation_id, birth_year=rng.randrange(1960, 2007)
        )
        row = Realisation(
            **common,
            agreement=agreement,
            block_code=group.upper(),
            candidate=candidate,
            target_group=group,
            eligibility_evidence=rng.choice(EligibilityEvidence.values),
            start_date=start,
            end_date=end,
            planned_end_date=planned_end,
            hours_per_week=hours,
            employment_type=rng.choice(EmploymentType.values),
            value_eur=value,
            forecast_eur=forecast,
        )
        return row, candidate
    day = first_day + timedelta(days=rng.randrange(span + 1))
    if kind == RealisationKind.PURCHASE:
        fitting = [a for a in agreements if a.block_code == PURCHASE_BLOCK]
        amount = Decimal(rng.randrange(500, 50_000))
        value = _money(amount)
        row = Realisation(
            **common,
            agreement=fitting[0] if fitting else None,
            block_code=PURCHASE_BLOCK,
            supplier_name=f"Sociale onderneming {rng.randrange(1, 400):03d}",
            supplier_kvk=f"{60000000 + rng.randrange(400)}",
            invoice_number=f"F-{day.year}-{rng.randrange(1, 99999):05d}",
            date=day,
            amount_eur=value,
            value_eur=value,
            forecast_eur=value,
        )
        return row, None
    fitting = [a for a in agreements if a.block_code == ACTIVITY_BLOCK]
    hours = Decimal(rng.randrange(2, 80))
    value = _money(hours * ACTIVITY_EUR_PER_HOUR)
    row = Realisation(
        **common,
        agreement=fitting[0] if fitting else None,
        block_code=ACTIVITY_BLOCK,
        description="Gastles op een school in de regio.",
        date=day,
        hours=hours,
        employees_count=rng.randint(1, 6),
        value_eur=value,
        forecast_eur=value,
    )
    return row, None


def _open_agreements(
    agreements: list[Agreement],
    linked: dict[int, Decimal],
    unlinked: dict[tuple[int, str], Decimal],
    contract_id: int,
) -> Decimal:
    """``monitoring.progress.open_agreements_eur``'s rule on the sums made here: per block,
    what its agreements promise beyond their linked realisations, less the unlinked ones."""
    per_block: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for agreement in agreements:
        agreed = Decimal(agreement.value_eur or ZERO)
        per_block[agreement.block_code] += max(ZERO, agreed - linked[agreement.pk])
    return sum(
        (max(ZERO, open_ - unlinked[(contract_id, block)]) for block, open_ in per_block.items()),
        ZERO,
    )
