"""Retention (docs/privacy.md): what is removed, and when.

- ``anonymise_candidates``: ``SROI_CANDIDATE_RETENTION_MONTHS`` after the final assessment that
  closed a contract, its candidates lose their reference and birth year (``anonymised_at`` is
  set) and its evidence files are deleted from storage (the rows stay, ``removed_at`` set, the
  uploaded name emptied). A candidate who also has a placement on a contract that is still
  open, or closed more recently, keeps its reference until that contract's turn: the reference
  is what stops double counting across contracts. The euro values, counts and statuses stay.
- ``purge_outbox``: ``SROI_OUTBOX_RETENTION_DAYS`` after delivery, an outbox message's body,
  HTML body and attachments are emptied (``purged_at``); subject, recipients and status stay.
  Messages not (yet) sent are kept whole.

Both are idempotent: a second run finds nothing left to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from sroi.agreements.moments import add_months
from sroi.core.constants import OutboxStatus
from sroi.core.models import OutboxAttachment, OutboxMessage
from sroi.monitoring.models import (
    Candidate,
    Evidence,
    FinalAssessment,
    Realisation,
)
from sroi.monitoring.services import audit
from sroi.plans.models import Contract


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class AnonymiseRun:
    contracts: int
    candidates: int
    evidence: int

    def __str__(self) -> str:
        return (
            f"contracts {self.contracts}, candidates anonymised {self.candidates},"
            f" evidence files removed {self.evidence}"
        )


def expired_contract_ids(today: date) -> set[int]:
    """Contracts whose closing final assessment is older than the retention period."""
    months = int(settings.SROI_CANDIDATE_RETENTION_MONTHS)
    cutoff = _start_of(add_months(today, -months))
    return set(
        FinalAssessment.objects.filter(closes_contract=True, assessed_at__lt=cutoff).values_list(
            "contract_id", flat=True
        )
    )


def anonymise_candidates(*, today: date | None = None) -> AnonymiseRun:
    """Remove the candidate data of the contracts whose retention period has ended."""
    today = today or timezone.localdate()
    expired = expired_contract_ids(today)
    if not expired:
        return AnonymiseRun(0, 0, 0)
    now = timezone.now()
    with transaction.atomic():
        candidates = (
            Candidate.objects.filter(
                anonymised_at__isnull=True, placements__contract_id__in=expired
            )
            .exclude(placements__in=_placements_elsewhere(expired))
            .distinct()
        )
        per_contract: dict[int, set[int]] = {}
        for candidate_id, contract_id in candidates.values_list("pk", "placements__contract_id"):
            if contract_id in expired:
                per_contract.setdefault(contract_id, set()).add(candidate_id)
        candidate_ids = {pk for ids in per_contract.values() for pk in ids}
        Candidate.objects.filter(pk__in=candidate_ids).update(
            reference="", birth_year=None, anonymised_at=now
        )
        evidence = list(
            Evidence.objects.filter(
                realisation__contract_id__in=expired, removed_at__isnull=True
            ).values_list("pk", "file", "realisation__contract_id")
        )
        files = {name for _pk, name, _contract in evidence if name}
        Evidence.objects.filter(pk__in=[pk for pk, _name, _contract in evidence]).update(
            file="", original_name="", removed_at=now
        )
        marked = set(
            FinalAssessment.objects.filter(
                contract_id__in=expired, closes_contract=True, anonymised_at__isnull=True
            ).values_list("contract_id", flat=True)
        )
        FinalAssessment.objects.filter(
            contract_id__in=expired, closes_contract=True, anonymised_at__isnull=True
        ).update(anonymised_at=now)
        evidence_per_contract: dict[int, int] = {}
        for _pk, _name, contract_id in evidence:
            evidence_per_contract[contract_id] = evidence_per_contract.get(contract_id, 0) + 1
        touched = marked | set(per_contract) | set(evidence_per_contract)
        for contract in Contract.objects.filter(pk__in=touched).order_by("pk"):
            audit(
                acting_user=None,
                action="anonymise",
                contract=contract,
                data={
                    "candidates": len(per_contract.get(contract.pk, ())),
                    "evidence_files": evidence_per_contract.get(contract.pk, 0),
                },
            )
        storage = Evidence._meta.get_field("file").storage

        def remove_files() -> None:
            for name in sorted(files):
                storage.delete(name)

        transaction.on_commit(remove_files)
    return AnonymiseRun(len(touched), len(candidate_ids), len(files))


def _placements_elsewhere(expired: set[int]) -> QuerySet[Realisation]:
    """Placements on contracts whose retention period has not ended (open ones included)."""
    return Realisation.objects.filter(candidate__isnull=False).exclude(contract_id__in=expired)


def purge_outbox(*, today: date | None = None) -> int:
    """Empty the bodies and attachments of messages sent longer ago than the retention
    period; returns how many were purged."""
    today = today or timezone.localdate()
    cutoff = _start_of(today - timedelta(days=int(settings.SROI_OUTBOX_RETENTION_DAYS)))
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.filter(
                status=OutboxStatus.SENT, sent_at__lt=cutoff, purged_at__isnull=True
            ).values_list("pk", flat=True)
        )
        OutboxAttachment.objects.filter(message_id__in=ids).delete()
        OutboxMessage.objects.filter(pk__in=ids).update(
            body="", html_body="", purged_at=timezone.now()
        )
    return len(ids)
