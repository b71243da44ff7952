"""Submitting writes two mails to the outbox in the same transaction: the coordinator's with
the PDF and a link, and the contractor's confirmation."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

from sroi.accounts.models import User
from sroi.core.models import OutboxMessage
from sroi.plans import services, services_review
from sroi.plans.models import Plan


def test_submission_mails_coordinator_with_pdf_and_link_and_confirms_to_contractor(
    contractor_a: User, plan_a: Plan, settings: Settings
) -> None:
    settings.SROI_COORDINATOR_EMAIL = "sroi@werksaam.example.org"
    settings.SROI_BASE_URL = "https://sroi.example.org/"
    plan_a.contract.name = "Onderhoud wegen Hoorn"
    plan_a.contract.save()

    services.plan_submit(acting_user=contractor_a, plan=plan_a)

    to_coordinator = OutboxMessage.objects.get(to=["sroi@werksaam.example.org"])
    assert f"https://sroi.example.org/plannen/{plan_a.pk}/versies/1/" in to_coordinator.body
    assert "Onderhoud wegen Hoorn" in to_coordinator.subject
    attachment = to_coordinator.attachments.get()
    assert attachment.mimetype == "application/pdf"
    assert bytes(attachment.content).startswith(b"%PDF")
    # file name from contract name and submission date (pdf.plan_pdf_filename)
    assert attachment.filename.startswith("plan-van-aanpak-onderhoud-wegen-hoorn-")
    assert attachment.filename.endswith(".pdf")

    confirmation = OutboxMessage.objects.get(to=[contractor_a.email])
    assert "Onderhoud wegen Hoorn" in confirmation.subject
    assert f"/plannen/{plan_a.pk}/versies/1/" in confirmation.body
    # One spelling in both mails and the UI: "PDF", not "pdf".
    assert "PDF" in confirmation.body
    assert "pdf" not in confirmation.body.replace(".pdf", "")


def test_refused_submission_sends_no_mail(contractor_a: User) -> None:
    from tests.plans.factories import PlanFactory

    plan = PlanFactory(contract__organisation=contractor_a.organisation, effort_kinds=[])
    with pytest.raises(services.PlanIncompleteError):
        services.plan_submit(acting_user=contractor_a, plan=plan)
    assert OutboxMessage.objects.count() == 0


def test_request_changes_and_approval_are_mailed_to_the_submitter(
    contractor_a: User, coordinator: User, plan_a: Plan, settings: Settings
) -> None:
    settings.SROI_BASE_URL = "https://sroi.example.org"
    plan_a.contract.name = "Onderhoud wegen Hoorn"
    plan_a.contract.save()
    services.plan_submit(acting_user=contractor_a, plan=plan_a)
    OutboxMessage.objects.all().delete()

    services_review.plan_request_changes(
        acting_user=coordinator, plan=plan_a, note="Graag de uren per week aanvullen."
    )
    changes = OutboxMessage.objects.get()
    assert changes.to == [contractor_a.email]
    assert changes.subject.endswith("Wijziging gevraagd: uw plan van aanpak Onderhoud wegen Hoorn")
    assert "Graag de uren per week aanvullen." in changes.body
    assert f"https://sroi.example.org/plannen/{plan_a.pk}/" in changes.body

    services.plan_submit(acting_user=contractor_a, plan=plan_a)
    OutboxMessage.objects.all().delete()
    services_review.plan_approve(acting_user=coordinator, plan=plan_a)
    approval = OutboxMessage.objects.get()
    assert approval.to == [contractor_a.email]
    assert approval.subject.endswith("Goedgekeurd: uw plan van aanpak Onderhoud wegen Hoorn")
    assert "versie 2" in approval.body
