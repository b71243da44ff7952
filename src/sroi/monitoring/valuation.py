"""Valuing realisations with the engine and the contract's rule-set version.

``contract_revalue`` is the one place that stores ``Realisation.value_eur`` /
``forecast_eur`` and the contract's ``realised_eur`` / ``pending_eur`` / ``forecast_eur``.
Every service that changes a realisation (entry, verification, import, retention) calls it
inside its transaction.

- A placement counts until its end, or while it runs until ``today`` (value to date) and
  until its planned end (forecast), never beyond the contract's end.
- A purchase is valued by its amount, an activity by its hours, on their date.
- The candidate's identity (``Line.candidate``) and the candidate's placements on other
  contracts (``CalculationRequest.elsewhere``) let the engine apply one duration cap and at
  most one full-time job per candidate (docs/rekenregels.md, "Kandidaat").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from sroi.monitoring.constants import RealisationKind, RealisationStatus
from sroi.monitoring.models import Realisation
from sroi.plans.contract_state import contract_figures_changed
from sroi.plans.models import Contract
from sroi.plans.valuation import contract_ruleset_version
from sroi.rules.engine import (
    CalculationError,
    CalculationRequest,
    CandidatePeriod,
    Line,
    RuleSet,
    calculate,
)
from sroi.rules.engine import Contract as EngineContract

# A placement on another contract shares its candidate's cap and hours once it is reported
# (submitted or approved); a draft is the contractor's work in progress and changes no other
# contract's value.
ELSEWHERE_STATUSES = (RealisationStatus.SUBMITTED, RealisationStatus.APPROVED)

COUNTED_STATUSES = (
    RealisationStatus.DRAFT,
    RealisationStatus.SUBMITTED,
    RealisationStatus.APPROVED,
)


@dataclass(frozen=True)
class ContractFigures:
    realised_eur: Decimal  # approved, to date
    pending_eur: Decimal  # submitted (awaiting verification), to date
    forecast_eur: Decimal  # approved + submitted + draft, placements until their planned end


def candidate_key(realisation: Realisation) -> str | None:
    """The engine's candidate identity: the candidate's row id (stable after anonymisation,
    the same on every contract of the organisation)."""
    return f"c{realisation.candidate_id}" if realisation.candidate_id else None


def _placement_end(realisation: Realisation, contract_end: date, until: date | None) -> date:
    if realisation.end_date is not None:
        return realisation.end_date
    if until is None:  # the forecast: until the planned end, else the contract's end
        return realisation.planned_end_date or contract_end
    return until


def engine_line(realisation: Realisation, *, contract_end: date, until: date | None) -> Line:
    """The engine line of a realisation; ``until`` is the last day a running placement
    counts (None: its planned end, for the forecast)."""
    if realisation.kind == RealisationKind.PLACEMENT:
        start = realisation.start_date
        end = _placement_end(realisation, contract_end, until)
        if start is not None and end < start:
            end = start  # a placement that starts today counts its first day
        return Line(
            block=realisation.block_code,
            hours_per_week=realisation.hours_per_week,
            start=start,
            end=end,
            candidate=candidate_key(realisation),
            ref=str(realisation.pk),
        )
    if realisation.kind == RealisationKind.PURCHASE:
        return Line(
            block=realisation.block_code,
            amount_eur=realisation.amount_eur,
            date=realisation.date,
            ref=str(realisation.pk),
        )
    return Line(
        block=realisation.block_code,
        hours=realisation.hours,
        date=realisation.date,
        ref=str(realisation.pk),
    )


def _engine_contract(contract: Contract) -> EngineContract | None:
    if contract.value_eur is None or contract.start_date is None or contract.end_date is None:
        return None
    return EngineContract(
        value_eur=Decimal(contract.value_eur),
        start=contract.start_date,
        end=contract.end_date,
        sroi_percentage=contract.sroi_percentage,
    )


def _ruleset(contract: Contract) -> RuleSet | None:
    version = contract_ruleset_version(contract)
    return version.to_engine() if version is not None else None


def _elsewhere(
    contract: Contract, realisations: Sequence[Realisation], today: date
) -> tuple[tuple[CandidatePeriod, ...], tuple[CandidatePeriod, ...]]:
    """The placements of this contract's candidates on the organisation's other contracts:
    to date (a running one until ``today``) and for the forecast (until its planned end)."""
    if not any(r.candidate_id for r in realisations):
        return (), ()
    # A subquery, not a list of ids: a contract may have thousands of candidates.
    others = (
        Realisation.objects.filter(
            candidate_id__in=Realisation.objects.filter(
                contract=contract, candidate__isnull=False
            ).values("candidate_id"),
            kind=RealisationKind.PLACEMENT,
            status__in=ELSEWHERE_STATUSES,
        )
        .exclude(contract_id=contract.pk)
        .select_related("contract")
    )
    to_date: list[CandidatePeriod] = []
    ahead: list[CandidatePeriod] = []
    for other in others:
        if other.start_date is None or other.hours_per_week is None:
            continue
        contract_end = other.contract.end_date or today
        for periods, until in ((to_date, today), (ahead, None)):
            end = _placement_end(other, contract_end, until)
            periods.append(
                CandidatePeriod(
                    candidate=candidate_key(other) or "",
                    block=other.block_code,
                    start=other.start_date,
                    end=max(end, other.start_date),
                    hours_per_week=other.hours_per_week,
                )
            )
    return tuple(to_date), tuple(ahead)


def _values(
    lines: list[Line],
    engine_contract: EngineContract,
    ruleset: RuleSet,
    elsewhere: tuple[CandidatePeriod, ...],
) -> list[Decimal | None]:
    """The engine's value per line: one call; when the engine refuses a line, the lines are
    valued one by one so the others keep their values (the refused one gets None)."""
    request = CalculationRequest(contract=engine_contract, lines=tuple(lines), elsewhere=elsewhere)
    try:
        return [result.value_eur for result in calculate(request, ruleset).lines]
    except CalculationError:
        pass
    values: list[Decimal | None] = []
    for line in lines:
        single = CalculationRequest(contract=engine_contract, lines=(line,), elsewhere=elsewhere)
        try:
            values.append(calculate(single, ruleset).lines[0].value_eur)
        except CalculationError:
            values.append(None)
    return values


def counted_realisations(contract: Contract) -> QuerySet[Realisation]:
    return Realisation.objects.filter(contract=contract, status__in=COUNTED_STATUSES).order_by("pk")


# At most this many ids in one ``pk IN (...)`` (SQLite's old limit is 999 parameters).
_IDS_PER_UPDATE = 500


def _store_values(
    realisations: Sequence[Realisation], stored: dict[int, tuple[Decimal | None, Decimal | None]]
) -> None:
    """Write the values that changed: one UPDATE per distinct (value, forecast) pair. An
    import of 5,000 placements has a few hundred distinct pairs; ``bulk_update`` would build a
    CASE per row (seconds at that size), and a revaluation after one change writes one row."""
    changed: dict[tuple[Decimal | None, Decimal | None], list[int]] = {}
    for realisation in realisations:
        pair = (realisation.value_eur, realisation.forecast_eur)
        if stored.get(realisation.pk) != pair:
            changed.setdefault(pair, []).append(realisation.pk)
    for (value, forecast), ids in changed.items():
        for start in range(0, len(ids), _IDS_PER_UPDATE):
            Realisation.objects.filter(pk__in=ids[start : start + _IDS_PER_UPDATE]).update(
                value_eur=value, forecast_eur=forecast
            )


def contract_revalue(contract: Contract, *, today: date | None = None) -> ContractFigures:
    """Value every live realisation of ``contract`` and store the values and the contract's
    figures. Call inside the transaction of the change."""
    today = today or timezone.localdate()
    realisations = list(counted_realisations(contract))
    stored = {r.pk: (r.value_eur, r.forecast_eur) for r in realisations}
    engine_contract = _engine_contract(contract)
    ruleset = _ruleset(contract)
    zero = Decimal("0.00")
    if engine_contract is None or ruleset is None or not realisations:
        for realisation in realisations:
            realisation.value_eur = realisation.forecast_eur = None
        _store_values(realisations, stored)
        figures = ContractFigures(zero, zero, zero)
    else:
        elsewhere, elsewhere_ahead = _elsewhere(contract, realisations, today)
        to_date = [
            engine_line(r, contract_end=engine_contract.end, until=today) for r in realisations
        ]
        forecast = [
            engine_line(r, contract_end=engine_contract.end, until=None) for r in realisations
        ]
        values = _values(to_date, engine_contract, ruleset, elsewhere)
        forecasts = _values(forecast, engine_contract, ruleset, elsewhere_ahead)
        for realisation, value, ahead in zip(realisations, values, forecasts, strict=True):
            realisation.value_eur = value
            realisation.forecast_eur = ahead
        _store_values(realisations, stored)

        def total(statuses: set[str], field: str) -> Decimal:
            return sum(
                (
                    getattr(r, field) or zero
                    for r in realisations
                    if r.status in statuses and getattr(r, field) is not None
                ),
                zero,
            )

        figures = ContractFigures(
            realised_eur=total({RealisationStatus.APPROVED}, "value_eur"),
            pending_eur=total({RealisationStatus.SUBMITTED}, "value_eur"),
            forecast_eur=total(set(COUNTED_STATUSES), "forecast_eur"),
        )
    Contract.objects.filter(pk=contract.pk).update(
        realised_eur=figures.realised_eur,
        pending_eur=figures.pending_eur,
        forecast_eur=figures.forecast_eur,
    )
    contract.realised_eur = figures.realised_eur
    contract.pending_eur = figures.pending_eur
    contract.forecast_eur = figures.forecast_eur
    contract_figures_changed.send(sender=Contract, contract=contract)
    return figures


def revalue_elsewhere_on_commit(contract: Contract, candidate_ids: Iterable[int | None]) -> None:
    """After the current transaction commits, revalue the organisation's OTHER contracts on
    which ``candidate_ids`` are placed: a candidate's cap and hours are shared over its
    contracts (docs/rekenregels.md section 9), so a placement changed here changes their
    values too. Each contract is revalued in its own transaction under its own row lock, one
    after the other in id order (no lock is held while waiting for another: no deadlock).
    Those revaluations do not cascade further: the candidates' placements did not change."""
    ids = sorted({pk for pk in candidate_ids if pk})
    if not ids:
        return
    origin = contract.pk

    def revalue_others() -> None:
        others = (
            Realisation.objects.filter(
                candidate_id__in=ids,
                kind=RealisationKind.PLACEMENT,
                status__in=COUNTED_STATUSES,
            )
            .exclude(contract_id=origin)
            .values_list("contract_id", flat=True)
            .distinct()
        )
        for contract_id in sorted(set(others)):
            with transaction.atomic():
                locked = Contract.objects.select_for_update().get(pk=contract_id)
                contract_revalue(locked)

    transaction.on_commit(revalue_others)


def contracts_revalue_open(*, today: date | None = None) -> int:
    """Revalue every contract whose agreements are in force and that is not closed: a running
    placement's value to date grows every day while nothing changes (the daily job
    ``revalue_contracts``). Each contract in its own transaction under its own lock. Returns
    how many contracts were revalued."""
    from sroi.plans.constants import ContractStatus

    today = today or timezone.localdate()
    ids = list(
        Contract.objects.filter(status=ContractStatus.AGREEMENTS_IN_FORCE, closed_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for contract_id in ids:
        with transaction.atomic():
            locked = Contract.objects.select_for_update().get(pk=contract_id)
            contract_revalue(locked, today=today)
    return len(ids)
