"""``load_demo`` (extended by this app through ``sroi.plans.demo``) shows agreements and
moments in every state."""

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


def test_load_demo_is_the_plans_command_extended_by_registration() -> None:
    """No command of the same name wins by INSTALLED_APPS order: there is one, and the
    agreements' part is a registered extender."""
    from django.core.management import get_commands

    from sroi.agreements.demo import load_agreements_demo
    from sroi.plans.demo import DEMO_EXTENDERS

    assert get_commands()["load_demo"] == "sroi.plans"
    assert load_agreements_demo in DEMO_EXTENDERS
