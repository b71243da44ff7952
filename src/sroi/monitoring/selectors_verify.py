"""Reads of the verification page: the realisations awaiting verification, a page at a time,
with the engine's explanation per line (computed for the shown rows only)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch

from sroi.monitoring.constants import RealisationStatus, ReportStatus
from sroi.monitoring.models import Evidence, Realisation, Report
from sroi.monitoring.valuation import (
    _elsewhere,
    _engine_contract,
    _ruleset,
    counted_realisations,
    engine_line,
)
from sroi.plans.models import Contract
from sroi.rules.engine import CalculationError, CalculationRequest, calculate

ROWS_PER_PAGE = 20


def awaiting_count(contract: Contract) -> int:
    return Realisation.objects.filter(
        contract_id=contract.pk, status=RealisationStatus.SUBMITTED
    ).count()


def nil_reports_awaiting_count(contract: Contract) -> int:
    """Submitted reports with no realisations ("Niets te melden in deze periode"): verified
    on the reports page, so the verification page points there. One query."""
    return (
        Report.objects.filter(contract=contract, status=ReportStatus.SUBMITTED)
        .filter(realisations__isnull=True)
        .count()
    )


def awaiting_page(contract: Contract, number: Any) -> Page[Realisation]:
    """One page of the contract's realisations awaiting verification, by report period,
    with their report, candidate and evidence (a constant number of queries)."""
    rows = (
        Realisation.objects.filter(contract_id=contract.pk, status=RealisationStatus.SUBMITTED)
        .select_related("report", "candidate", "agreement")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.filter(removed_at__isnull=True).only(
                    "pk", "realisation_id", "original_name", "uploaded_at"
                ),
            )
        )
        .order_by("report__period_start", "kind", "pk")
    )
    return Paginator(rows, ROWS_PER_PAGE).get_page(number)


def explanations(
    contract: Contract, realisations: list[Realisation], *, today: date
) -> dict[int, tuple[str, ...]]:
    """The engine's explanation per shown realisation, as the calculator shows it. The
    candidates' other counted placements on the contract are valued with them (one cap per
    candidate), so the explanation matches the stored value."""
    engine_contract = _engine_contract(contract)
    ruleset = _ruleset(contract)
    if engine_contract is None or ruleset is None or not realisations:
        return {}
    shown = {r.pk for r in realisations}
    candidate_ids = {r.candidate_id for r in realisations if r.candidate_id}
    rows = list(realisations)
    if candidate_ids:
        rows += list(
            counted_realisations(contract)
            .filter(candidate_id__in=candidate_ids)
            .exclude(pk__in=shown)
        )
    elsewhere, _ahead = _elsewhere(contract, rows, today)
    lines = [engine_line(r, contract_end=engine_contract.end, until=today) for r in rows]
    result: dict[int, tuple[str, ...]] = {}
    try:
        valued = calculate(
            CalculationRequest(contract=engine_contract, lines=tuple(lines), elsewhere=elsewhere),
            ruleset,
        ).lines
    except CalculationError:
        valued = ()
        for line in lines[: len(realisations)]:
            try:
                single = CalculationRequest(
                    contract=engine_contract, lines=(line,), elsewhere=elsewhere
                )
                valued += calculate(single, ruleset).lines
            except CalculationError:
                continue
    for line_result in valued:
        if line_result.ref is not None and int(line_result.ref) in shown:
            result[int(line_result.ref)] = line_result.explanation
    return result
