"""``load_demo`` (extended by this app) shows agreements and moments in every state."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from sroi.agreements.constants import AgreementStatus, MomentStatus
from sroi.agreements.models import AgreementVersion, AgreementVersionPdf, AssessmentMoment


def test_demo_has_proposed_and_accepted_agreements_and_held_and_planned_moments(
    db: None,
) -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)
    statuses = set(AgreementVersion.objects.values_list("status", flat=True))
    assert statuses == {AgreementStatus.ACCEPTED, AgreementStatus.PROPOSAL}
    assert AgreementVersion.objects.get(status=AgreementStatus.PROPOSAL).proposed_at
    assert AgreementVersionPdf.objects.count() == 1
    moment_statuses = set(AssessmentMoment.objects.values_list("status", flat=True))
    assert moment_statuses == {MomentStatus.HELD, MomentStatus.PLANNED}
    counts = (AgreementVersion.objects.count(), AssessmentMoment.objects.count())
    again = StringIO()
    call_command("load_demo", stdout=again)
    assert (AgreementVersion.objects.count(), AssessmentMoment.objects.count()) == counts
    assert "agreement versions: 0 created, 1 existing" in again.getvalue()
