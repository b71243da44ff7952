"""Verification: the coordinator approves or rejects each submitted realisation.

Every decision takes the contract's row lock, re-reads the realisation under it, checks the
revision the page showed and that the realisation still awaits verification (two coordinators
deciding the same realisation: the second gets a Dutch message, never a 500), records who
decided when (and why, for a rejection), raises the revision, writes the audit entry on the
contract's timeline and brings the contract's figures up to date in the same transaction.
When every realisation of a report is decided, the report becomes ``verified``.

Re-valuing (docs/monitoring.md, "Verification and progress"): a decision changes which total a
realisation counts in, not what the engine makes of the lines, except where a rejected
placement shares its candidate with other placements of the contract (one duration cap and one
full-time job per candidate). So:

- an approval only moves the realisation's stored value from "pending" to "realised": the
  contract's figures are summed again from the stored values in one aggregate query
  (``contract_figures_from_stored``);
- a rejection of a purchase, an activity or a placement whose candidate has no other counted
  placement on the contract removes a line that no other line depends on: the same;
- a rejection of a placement whose candidate has other counted placements on the contract
  re-values the contract with the engine (``valuation.contract_revalue``, still the one place
  that stores values).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sroi.monitoring.constants import RealisationKind, RealisationStatus, ReportStatus
from sroi.monitoring.models import Realisation, Report
from sroi.monitoring.services import (
    MonitoringError,
    audit,
    check_revision,
    contract_is_closed,
    lock_contract,
    require_coordinator,
)
from sroi.monitoring.valuation import (
    COUNTED_STATUSES,
    ContractFigures,
    contract_revalue,
    revalue_elsewhere_on_commit,
)
from sroi.plans.contract_state import contract_figures_changed
from sroi.plans.models import Contract


def contract_figures_from_stored(contract: Contract) -> ContractFigures:
    """The contract's realised, pending and forecast figures summed from the values that
    ``contract_revalue`` stored, in one aggregate query, and stored on the contract. Correct
    whenever the change at hand leaves every line's engine value as it was (see the module)."""
    zero = Decimal("0.00")
    sums = Realisation.objects.filter(contract_id=contract.pk).aggregate(
        realised=Sum("value_eur", filter=Q(status=RealisationStatus.APPROVED)),
        pending=Sum("value_eur", filter=Q(status=RealisationStatus.SUBMITTED)),
        forecast=Sum("forecast_eur", filter=Q(status__in=COUNTED_STATUSES)),
    )
    figures = ContractFigures(
        realised_eur=Decimal(sums["realised"] or zero).quantize(zero),
        pending_eur=Decimal(sums["pending"] or zero).quantize(zero),
        forecast_eur=Decimal(sums["forecast"] or zero).quantize(zero),
    )
    Contract.objects.filter(pk=contract.pk).update(
        realised_eur=figures.realised_eur,
        pending_eur=figures.pending_eur,
        forecast_eur=figures.forecast_eur,
    )
    contract.realised_eur = figures.realised_eur
    contract.pending_eur = figures.pending_eur
    contract.forecast_eur = figures.forecast_eur
    # The stored outlook and traffic light follow (``sroi.monitoring.lights``).
    contract_figures_changed.send(sender=Contract, contract=contract)
    return figures


def _needs_engine(contract: Contract, rejected: Iterable[Realisation]) -> bool:
    """A rejected placement whose candidate has another counted placement on the contract."""
    candidate_ids = {
        r.candidate_id for r in rejected if r.kind == RealisationKind.PLACEMENT and r.candidate_id
    }
    if not candidate_ids:
        return False
    return Realisation.objects.filter(
        contract_id=contract.pk,
        candidate_id__in=candidate_ids,
        status__in=COUNTED_STATUSES,
    ).exists()


def _lock(realisation: Realisation) -> tuple[Contract, Realisation]:
    contract = lock_contract(realisation.contract)
    try:
        current = Realisation.objects.select_for_update().get(pk=realisation.pk)
    except Realisation.DoesNotExist as exc:
        raise MonitoringError(_("This realisation no longer exists.")) from exc
    current.contract = contract
    return contract, current


def _check_decidable(contract: Contract, current: Realisation, revision: int | None) -> None:
    if contract_is_closed(contract):
        raise MonitoringError(_("This contract is closed: its realisations can no longer change."))
    if current.status in (RealisationStatus.APPROVED, RealisationStatus.REJECTED):
        raise MonitoringError(
            _("Someone else already decided on this realisation: it is %(status)s.")
            % {"status": current.get_status_display()}
        )
    check_revision(current, revision)
    if current.status != RealisationStatus.SUBMITTED:
        raise MonitoringError(_("Only a realisation that awaits verification can be decided."))


def _decide(
    acting_user: Any,
    current: Realisation,
    status: RealisationStatus,
    reason: str,
    now: Any,
) -> None:
    current.status = status
    current.decision_reason = reason
    current.decided_by = acting_user
    current.decided_at = now
    current.revision += 1
    current.save(
        update_fields=[
            "status",
            "decision_reason",
            "decided_by",
            "decided_at",
            "revision",
            "updated_at",
        ]
    )


def _verify_reports(acting_user: Any, contract: Contract, report_ids: set[int], now: Any) -> None:
    """Each of these reports whose realisations are all decided becomes verified."""
    if not report_ids:
        return
    open_reports = set(
        Realisation.objects.filter(
            report_id__in=report_ids, status=RealisationStatus.SUBMITTED
        ).values_list("report_id", flat=True)
    )
    done = list(
        Report.objects.select_for_update()
        .filter(pk__in=report_ids - open_reports)
        .exclude(status=ReportStatus.VERIFIED)
    )
    for report in done:
        report.status = ReportStatus.VERIFIED
        report.verified_at = now
        report.verified_by = acting_user
        report.revision += 1
        report.save(update_fields=["status", "verified_at", "verified_by", "revision"])
        audit(
            acting_user=acting_user,
            action="report_verify",
            contract=contract,
            obj=report,
            data={"period_start": report.period_start.isoformat()},
        )


def _refigure(contract: Contract, rejected: list[Realisation]) -> ContractFigures:
    # A rejected placement no longer shares its candidate's cap and hours with the candidate's
    # placements on other contracts: those are revalued after the commit.
    revalue_elsewhere_on_commit(contract, (r.candidate_id for r in rejected))
    if _needs_engine(contract, rejected):
        return contract_revalue(contract)
    return contract_figures_from_stored(contract)


def realisation_approve(
    *, acting_user: Any, realisation: Realisation, revision: int | None = None
) -> Realisation:
    """Approve a submitted realisation: it counts as realised. Raises ``MonitoringError``."""
    return realisations_approve_many(
        acting_user=acting_user,
        contract=realisation.contract,
        revisions={realisation.pk: revision},
    )[0]


def realisations_approve_many(
    *, acting_user: Any, contract: Contract, revisions: dict[int, int | None]
) -> list[Realisation]:
    """Approve several submitted realisations of ``contract`` in one transaction ("approve
    all checked"): ``revisions`` maps each realisation's id to the revision the page showed.
    All or nothing: one that cannot be approved raises ``MonitoringError`` naming it."""
    require_coordinator(acting_user)
    if not revisions:
        raise MonitoringError(_("Choose at least one realisation to approve."))
    with transaction.atomic():
        contract = lock_contract(contract)
        rows = {
            r.pk: r
            for r in Realisation.objects.select_for_update().filter(
                contract_id=contract.pk, pk__in=list(revisions)
            )
        }
        if len(rows) != len(revisions):
            raise MonitoringError(_("This realisation no longer exists."))
        now = timezone.now()
        approved = []
        for pk, revision in revisions.items():
            current = rows[pk]
            current.contract = contract
            _check_decidable(contract, current, revision)
            _decide(acting_user, current, RealisationStatus.APPROVED, "", now)
            audit(
                acting_user=acting_user,
                action="realisation_approve",
                contract=contract,
                obj=current,
                data={"kind": current.kind, "value_eur": str(current.value_eur)},
            )
            approved.append(current)
        contract_figures_from_stored(contract)
        _verify_reports(acting_user, contract, {r.report_id for r in approved if r.report_id}, now)
    return approved


def realisation_reject(
    *, acting_user: Any, realisation: Realisation, reason: str, revision: int | None = None
) -> Realisation:
    """Reject a submitted realisation with a reason (shown to the contractor; never candidate
    data: ``no_bsn``). It no longer counts. Raises ``MonitoringError`` (field ``reason``)."""
    require_coordinator(acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise MonitoringError(
            _("Give the reason for the rejection: the contractor reads it."), field="reason"
        )
    field = Realisation._meta.get_field("decision_reason")
    try:
        field.clean(reason, None)
    except ValidationError as exc:  # too long, or looks like a BSN
        raise MonitoringError(" ".join(exc.messages), field="reason") from exc
    with transaction.atomic():
        contract, current = _lock(realisation)
        _check_decidable(contract, current, revision)
        now = timezone.now()
        _decide(acting_user, current, RealisationStatus.REJECTED, reason, now)
        audit(
            acting_user=acting_user,
            action="realisation_reject",
            contract=contract,
            obj=current,
            data={"kind": current.kind},
        )
        _refigure(contract, [current])
        _verify_reports(
            acting_user, contract, {current.report_id} if current.report_id else set(), now
        )
    return current
