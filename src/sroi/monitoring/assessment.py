"""The final assessment of a contract at its end (docs/monitoring.md, "Reminders, final
assessment and retention").

- Only a coordinator records it, once the contract's end date has come (or the recovery
  deadline of an earlier assessment).
- Figures: the obligation (net of the approved plan's PSO discount,
  ``sroi.monitoring.progress.net_obligation``), realised (approved realisations only),
  pending (awaiting verification; they do not count) and the shortfall
  ``max(0, obligation - realised)``.
- The settlement is the shortfall times the buyer's ``settlement_factor`` (default 1), rounded
  to cents; nothing for "fulfilled".
- Recording: the PDF of record is rendered from the figures the coordinator saw, outside the
  row lock; under the lock the service checks that no one recorded an assessment in between
  (the assessment ``number``) and that the realised value is still the one shown, stores the
  assessment with its PDF, mails it (outbox) to the contractor's users and the coordinators and,
  unless a recovery period was granted, closes the contract (read-only everywhere).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sroi.accounts.constants import Role
from sroi.accounts.models import User
from sroi.core.formatting import format_eur
from sroi.core.mail import mail_enqueue
from sroi.core.pdf import html_to_pdf
from sroi.monitoring.constants import ASSESSMENT_NOTE_MAX_LENGTH, AssessmentOutcome
from sroi.monitoring.models import FinalAssessment
from sroi.monitoring.progress import net_obligation
from sroi.monitoring.services import (
    MonitoringError,
    audit,
    contract_is_closed,
    lock_contract,
    require_coordinator,
)
from sroi.monitoring.valuation import contract_revalue
from sroi.plans import contract_state
from sroi.plans.constants import ContractStatus
from sroi.plans.models import Contract

logger = logging.getLogger(__name__)

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class AssessmentFigures:
    obligation_eur: Decimal  # net of the PSO discount
    realised_eur: Decimal  # approved realisations only
    pending_eur: Decimal  # awaiting verification: shown, not counted
    shortfall_eur: Decimal  # max(0, obligation - realised)
    settlement_factor: Decimal  # the buyer's factor (1 without a buyer)

    def settlement_eur(self, outcome: str) -> Decimal:
        """The shortfall times the factor, rounded to cents; nothing when fulfilled."""
        if outcome == AssessmentOutcome.FULFILLED:
            return ZERO
        return (self.shortfall_eur * self.settlement_factor).quantize(CENT, ROUND_HALF_UP)


def assessment_figures(contract: Contract) -> AssessmentFigures:
    """The figures from the contract's stored monitoring figures (``contract_revalue``)."""
    obligation = Decimal(net_obligation(contract) or ZERO).quantize(CENT)
    realised = Decimal(contract.realised_eur or ZERO).quantize(CENT)
    pending = Decimal(contract.pending_eur or ZERO).quantize(CENT)
    factor = Decimal(contract.buyer.settlement_factor) if contract.buyer is not None else None
    return AssessmentFigures(
        obligation_eur=obligation,
        realised_eur=realised,
        pending_eur=pending,
        shortfall_eur=max(ZERO, obligation - realised),
        settlement_factor=factor if factor is not None else Decimal("1"),
    )


def fresh_figures(contract: Contract, *, today: date | None = None) -> AssessmentFigures:
    """Revalue the contract (a short transaction of its own) and return its figures. After
    the contract's end the values no longer move with ``today`` (a placement counts until the
    end at most), so what the page shows is what the service records."""
    with transaction.atomic():
        contract_revalue(contract, today=today or timezone.localdate())
    return assessment_figures(contract)


def assessments_of(contract: Contract) -> list[FinalAssessment]:
    return list(
        FinalAssessment.objects.filter(contract=contract)
        .defer("pdf")
        .select_related("assessed_by")
        .order_by("number")
    )


def assessment_due_on(contract: Contract, assessments: list[FinalAssessment]) -> date | None:
    """From when the next assessment can be recorded: the contract's end, or the recovery
    deadline of the last assessment. None when the contract is closed (or has no end date)."""
    if contract_is_closed(contract) or contract.status != ContractStatus.AGREEMENTS_IN_FORCE:
        return None
    if assessments:
        return assessments[-1].recovery_deadline
    return contract.end_date


def assessment_open(contract: Contract, assessments: list[FinalAssessment], today: date) -> bool:
    due = assessment_due_on(contract, assessments)
    return due is not None and due <= today


# --- the PDF of record ---------------------------------------------------------------------


def render_assessment_pdf(assessment: FinalAssessment) -> bytes:
    """The assessment as a PDF (Dutch; figures only, no candidate data)."""
    contract = assessment.contract
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "monitoring/assessment_pdf.html",
            {
                "assessment": assessment,
                "contract": contract,
                "organisation": contract.organisation,
                "assessed_at": timezone.localtime(assessment.assessed_at),
                "language_code": settings.LANGUAGE_CODE,
            },
        )
    return html_to_pdf(html)


def assessment_pdf_filename(assessment: FinalAssessment) -> str:
    """``eindbeoordeling-onderhoud-wegen-1.pdf``."""
    slug = slugify(assessment.contract.name)[:80].strip("-")
    return "-".join(part for part in ("eindbeoordeling", slug, str(assessment.number)) if part) + (
        ".pdf"
    )


def assessment_pdf(assessment: FinalAssessment) -> bytes:
    """The stored PDF; rendered and stored on the first download when rendering failed when
    the assessment was recorded."""
    stored = FinalAssessment.objects.filter(pk=assessment.pk).values_list("pdf", flat=True).first()
    if stored:
        return bytes(stored)
    pdf = render_assessment_pdf(assessment)
    FinalAssessment.objects.filter(pk=assessment.pk, pdf=b"").update(
        pdf=pdf, pdf_sha256=hashlib.sha256(pdf).hexdigest()
    )
    return pdf


def _try_render(assessment: FinalAssessment) -> bytes:
    try:
        return render_assessment_pdf(assessment)
    except Exception:  # a PDF problem must not lose the assessment; the download renders it
        logger.exception(
            "Rendering the final assessment PDF of contract %s failed", assessment.contract_id
        )
        return b""


# --- recording -----------------------------------------------------------------------------


def _addresses(contract: Contract) -> list[str]:
    users = User.objects.filter(is_active=True).filter(role=Role.COORDINATOR) | User.objects.filter(
        is_active=True, role=Role.CONTRACTOR, organisation_id=contract.organisation_id
    )
    addresses = list(users.order_by("pk").values_list("email", flat=True))
    for extra in (contract.contact_email, str(settings.SROI_COORDINATOR_EMAIL)):
        if extra and extra not in addresses:
            addresses.append(extra)
    return addresses


def _mail(assessment: FinalAssessment, pdf: bytes, acting_user: Any) -> None:
    contract = assessment.contract
    context = {
        "assessment": assessment,
        "contract": contract,
        "url": str(settings.SROI_BASE_URL).rstrip("/")
        + reverse("monitoring:final_assessment", kwargs={"contract_pk": contract.pk}),
        "has_pdf": bool(pdf),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("monitoring/email/final_assessment_subject.txt", context)
        body = render_to_string("monitoring/email/final_assessment.txt", context)
    mail_enqueue(
        to=_addresses(contract),
        subject=" ".join(subject.split()),
        body=body,
        attachments=[(assessment_pdf_filename(assessment), pdf, "application/pdf")] if pdf else [],
        acting_user=acting_user,
    )


def _check_input(
    outcome: str, note: str, recovery_deadline: date | None, today: date, number: int
) -> None:
    if outcome not in AssessmentOutcome.values:
        raise MonitoringError(_("Choose an outcome."), field="outcome")
    if len(note) > ASSESSMENT_NOTE_MAX_LENGTH:
        raise MonitoringError(
            _("Keep the note under %(max)s characters.") % {"max": ASSESSMENT_NOTE_MAX_LENGTH},
            field="note",
        )
    if outcome == AssessmentOutcome.RECOVERY:
        if number > 1:
            raise MonitoringError(
                _(
                    "A recovery period has already been granted: this assessment closes the"
                    " contract."
                ),
                field="outcome",
            )
        if recovery_deadline is None:
            raise MonitoringError(
                _("Enter the deadline of the recovery period."), field="recovery_deadline"
            )
        if recovery_deadline <= today:
            raise MonitoringError(
                _("The deadline of the recovery period must be after today."),
                field="recovery_deadline",
            )


def _check_turn(
    contract: Contract, assessments: list[FinalAssessment], number: int, today: date
) -> None:
    """Assessment ``number`` is the next one and its day has come (checked again under the
    lock: a second coordinator who saw the same number gets a message)."""
    if len(assessments) + 1 != number:
        raise MonitoringError(
            _(
                "Another coordinator has recorded a final assessment of this contract after"
                " you opened the page. Check the assessment below."
            )
        )
    if contract_is_closed(contract):
        raise MonitoringError(_("This contract has been closed by its final assessment."))
    if not assessment_open(contract, assessments, today):
        raise MonitoringError(
            _("The final assessment can be recorded from the contract's end date.")
        )


def final_assessment_record(
    *,
    acting_user: Any,
    contract: Contract,
    outcome: str,
    note: str = "",
    recovery_deadline: date | None = None,
    number: int,
    realised_eur: Decimal | None = None,
    today: date | None = None,
) -> FinalAssessment:
    """Record assessment ``number`` (the one the coordinator's page showed) with the realised
    value the page showed (``realised_eur``; None: not checked). Raises ``MonitoringError``
    with a Dutch message (and the field) when it cannot be recorded, ``PermissionDenied`` for
    anyone but a coordinator."""
    require_coordinator(acting_user)
    today = today or timezone.localdate()
    note = (note or "").strip()
    if outcome != AssessmentOutcome.RECOVERY:
        recovery_deadline = None
    _check_input(outcome, note, recovery_deadline, today, number)
    _check_turn(contract, assessments_of(contract), number, today)
    figures = fresh_figures(contract, today=today)
    if outcome == AssessmentOutcome.FULFILLED and figures.shortfall_eur > 0 and not note:
        raise MonitoringError(
            _(
                "There is a shortfall of %(shortfall)s: explain in the note why the contract"
                " counts as fulfilled."
            )
            % {"shortfall": format_eur(figures.shortfall_eur)},
            field="note",
        )
    shown = figures.realised_eur if realised_eur is None else realised_eur.quantize(CENT)
    draft = FinalAssessment(
        contract=contract,
        number=number,
        outcome=outcome,
        obligation_eur=figures.obligation_eur,
        realised_eur=figures.realised_eur,
        shortfall_eur=figures.shortfall_eur,
        recovery_deadline=recovery_deadline,
        settlement_factor=figures.settlement_factor,
        settlement_eur=figures.settlement_eur(outcome),
        note=note,
        closes_contract=outcome != AssessmentOutcome.RECOVERY,
        assessed_by=acting_user,
        assessed_at=timezone.now(),
    )
    pdf = _try_render(draft)  # outside the row lock: checked against the figures below
    with transaction.atomic():
        locked = lock_contract(contract)
        _check_turn(locked, assessments_of(locked), number, today)
        current = contract_revalue(locked, today=today)
        if not current.realised_eur.quantize(CENT) == figures.realised_eur == shown:
            raise MonitoringError(
                _(
                    "The realised value has changed since you opened the page (a verification or"
                    " a change). Check the figures and record the assessment again."
                )
            )
        draft.contract = locked
        draft.pdf = pdf
        draft.pdf_sha256 = hashlib.sha256(pdf).hexdigest() if pdf else ""
        draft.save()
        audit(
            acting_user=acting_user,
            action="final_assessment",
            contract=locked,
            obj=draft,
            data={
                "number": draft.number,
                "outcome": draft.outcome,
                "shortfall_eur": str(draft.shortfall_eur),
                "settlement_eur": str(draft.settlement_eur),
                "recovery_deadline": recovery_deadline.isoformat() if recovery_deadline else None,
            },
        )
        if draft.closes_contract:
            contract_state.contract_follow(
                contract=locked,
                event=contract_state.FINAL_ASSESSMENT_CLOSED,
                acting_user=acting_user,
            )
            locked.closed_at = draft.assessed_at
            Contract.objects.filter(pk=locked.pk).update(closed_at=locked.closed_at)
            audit(
                acting_user=acting_user,
                action="contract_close",
                contract=locked,
                data={"assessment": draft.number},
            )
        _mail(draft, pdf, acting_user)
    contract.status, contract.closed_at = locked.status, locked.closed_at
    return draft
