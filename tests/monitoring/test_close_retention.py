"""Retention: candidate data and evidence files go SROI_CANDIDATE_RETENTION_MONTHS (24) after
the closing final assessment, the values stay; outbox bodies go SROI_OUTBOX_RETENTION_DAYS
(90) after delivery, unsent mail stays whole."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from pytest_django.fixtures import Settings

from sroi.agreements.models import AgreementVersion
from sroi.core.constants import OutboxStatus
from sroi.core.mail import mail_enqueue
from sroi.core.models import AuditEntry, OutboxAttachment, OutboxMessage
from sroi.monitoring.constants import AssessmentOutcome, RealisationStatus
from sroi.monitoring.models import Candidate, Evidence, FinalAssessment, Realisation
from sroi.monitoring.retention import anonymise_candidates, purge_outbox
from sroi.monitoring.valuation import contract_revalue
from sroi.plans.constants import ContractStatus
from sroi.plans.models import Contract
from tests.monitoring.factories import CandidateFactory, RealisationFactory
from tests.plans.factories import ContractFactory

ASSESSED = timezone.make_aware(datetime(2028, 1, 10, 12, 0))


@pytest.fixture(autouse=True)
def _periods(settings: Settings) -> None:
    settings.SROI_CANDIDATE_RETENTION_MONTHS = 24
    settings.SROI_OUTBOX_RETENTION_DAYS = 90


def _close(contract: Contract, assessed_at: datetime = ASSESSED) -> FinalAssessment:
    Contract.objects.filter(pk=contract.pk).update(
        status=ContractStatus.CLOSED, closed_at=assessed_at
    )
    return FinalAssessment.objects.create(
        contract=contract,
        outcome=AssessmentOutcome.NOT_FULFILLED,
        obligation_eur=Decimal("50000"),
        realised_eur=Decimal("12500"),
        shortfall_eur=Decimal("37500"),
        assessed_at=assessed_at,
    )


@pytest.fixture
def closed(agreements: AgreementVersion) -> dict[str, object]:
    contract = agreements.contract
    organisation = contract.organisation
    only_here = CandidateFactory(organisation=organisation, reference="K-017", birth_year=1990)
    also_open = CandidateFactory(organisation=organisation, reference="K-020", birth_year=1985)
    placement = RealisationFactory(
        contract=contract,
        candidate=only_here,
        approved=True,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 6, 30),
        planned_end_date=None,
    )
    RealisationFactory(contract=contract, candidate=also_open, approved=True)
    open_contract = ContractFactory(organisation=organisation)
    RealisationFactory(contract=open_contract, candidate=also_open)
    evidence = Evidence.objects.create(
        realisation=placement,
        file=ContentFile(b"%PDF-1.4 bewijs", name="bewijs.pdf"),
        original_name="loonstrook-januari.pdf",
        content_type="application/pdf",
        size=15,
        sha256="0" * 64,
    )
    contract_revalue(contract, today=date(2027, 12, 31))
    assessment = _close(contract)
    return {
        "contract": contract,
        "placement": placement,
        "evidence": evidence,
        "only_here": only_here,
        "also_open": also_open,
        "assessment": assessment,
    }


def test_nothing_happens_before_the_retention_period_ends(closed: dict[str, object]) -> None:
    run = anonymise_candidates(today=date(2030, 1, 10))  # exactly 24 months: not older yet
    assert (run.candidates, run.evidence) == (0, 0)
    candidate = closed["only_here"]
    assert isinstance(candidate, Candidate)
    candidate.refresh_from_db()
    assert candidate.reference == "K-017"


def test_references_and_files_go_values_stay(
    closed: dict[str, object], django_capture_on_commit_callbacks: Any
) -> None:
    placement = closed["placement"]
    evidence = closed["evidence"]
    assert isinstance(placement, Realisation) and isinstance(evidence, Evidence)
    placement.refresh_from_db()
    value = placement.value_eur
    assert value == Decimal("12500.00")  # six months of a full-time year of EUR 25,000
    storage, name = evidence.file.storage, str(evidence.file.name)
    assert storage.exists(name)
    contract = closed["contract"]
    assert isinstance(contract, Contract)
    realisations_before = Realisation.objects.filter(contract=contract).count()

    with django_capture_on_commit_callbacks(execute=True):  # the files go after the commit
        run = anonymise_candidates(today=date(2030, 1, 11))

    assert (run.contracts, run.candidates, run.evidence) == (1, 1, 1)
    only_here = Candidate.objects.get(pk=closed["only_here"].pk)  # type: ignore[attr-defined]
    assert (only_here.reference, only_here.birth_year) == ("", None)
    assert only_here.anonymised_at is not None
    # A candidate who also works on an open contract keeps its reference.
    also_open = Candidate.objects.get(pk=closed["also_open"].pk)  # type: ignore[attr-defined]
    assert (also_open.reference, also_open.birth_year, also_open.anonymised_at) == (
        "K-020",
        1985,
        None,
    )
    evidence.refresh_from_db()
    assert evidence.removed_at is not None
    assert not evidence.file
    assert evidence.original_name == ""
    assert not storage.exists(name)
    placement.refresh_from_db()
    assert placement.value_eur == value
    assert placement.status == RealisationStatus.APPROVED
    assert Realisation.objects.filter(contract=contract).count() == realisations_before
    assessment = closed["assessment"]
    assert isinstance(assessment, FinalAssessment)
    assessment.refresh_from_db()
    assert assessment.anonymised_at is not None
    assert assessment.realised_eur == Decimal("12500.00")
    entry = AuditEntry.objects.get(action="monitoring.anonymise", contract_id=contract.pk)
    assert entry.data == {"candidates": 1, "evidence_files": 1}
    assert "K-017" not in str(entry.data)


def test_anonymising_twice_changes_nothing(closed: dict[str, object]) -> None:
    anonymise_candidates(today=date(2030, 1, 11))
    out = io.StringIO()
    call_command("anonymise_candidates", "--today", "2030-02-01", stdout=out)
    assert "candidates anonymised 0, evidence files removed 0" in out.getvalue()
    assert AuditEntry.objects.filter(action="monitoring.anonymise").count() == 1


def test_the_shared_candidate_goes_when_its_last_contract_expires(
    closed: dict[str, object],
) -> None:
    anonymise_candidates(today=date(2030, 1, 11))
    also_open = closed["also_open"]
    assert isinstance(also_open, Candidate)
    open_contract = Realisation.objects.exclude(contract=closed["contract"]).get().contract
    _close(open_contract, ASSESSED + timedelta(days=365))
    assert anonymise_candidates(today=date(2030, 6, 1)).candidates == 0
    assert anonymise_candidates(today=date(2031, 1, 11)).candidates == 1
    also_open.refresh_from_db()
    assert also_open.reference == ""


def _sent(subject: str, days_ago: int, status: str = OutboxStatus.SENT) -> OutboxMessage:
    message = mail_enqueue(
        to=["a@example.org"],
        subject=subject,
        body="Geheime inhoud",
        html_body="<p>Geheime inhoud</p>",
        attachments=[("eindbeoordeling.pdf", b"%PDF-1.4", "application/pdf")],
    )
    when = timezone.make_aware(datetime(2026, 6, 1, 12)) - timedelta(days=days_ago)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=status, sent_at=when if status == OutboxStatus.SENT else None, next_attempt_at=when
    )
    return message


def test_purge_outbox_empties_old_sent_mail_and_keeps_unsent(db: None) -> None:
    old = _sent("Oud", 100)
    recent = _sent("Recent", 10)
    pending = _sent("Wacht", 100, OutboxStatus.PENDING)
    failed = _sent("Mislukt", 100, OutboxStatus.FAILED)

    assert purge_outbox(today=date(2026, 6, 1)) == 1

    old.refresh_from_db()
    assert (old.body, old.html_body, old.subject) == ("", "", "Oud")
    assert old.purged_at is not None
    assert not OutboxAttachment.objects.filter(message=old).exists()
    for kept in (recent, pending, failed):
        kept.refresh_from_db()
        assert kept.body == "Geheime inhoud"
        assert kept.purged_at is None
        assert OutboxAttachment.objects.filter(message=kept).count() == 1
    out = io.StringIO()
    call_command("purge_outbox", "--today", "2026-06-01", stdout=out)
    assert "purged: 0" in out.getvalue()
