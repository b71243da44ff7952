"""The submitted PDF is the document of record: rendered once at submission, stored, served.

It is rendered outside the transaction that locks the plan; a failed rendering leaves a
submitted version without a PDF, which its first download (or ``store_plan_pdfs``) renders.
Dates in it are the dates of Europe/Amsterdam.
"""

from __future__ import annotations

import copy
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.core.models import OutboxMessage
from sroi.plans import services
from sroi.plans.models import PlanVersion, PlanVersionPdf
from sroi.plans.pdf import plan_pdf_data
from sroi.plans.snapshot import snapshot_schema_version
from tests.plans.factories import PlanFactory


def _download(client: Client, version: PlanVersion) -> bytes:
    url = reverse(
        "plans:plan_version_pdf", kwargs={"pk": version.plan_id, "number": version.number}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return bytes(response.content)


def test_submission_stores_the_pdf_and_downloads_serve_that_file(
    client: Client, contractor_a: User
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    version = services.plan_submit(acting_user=contractor_a, plan=plan)
    stored = PlanVersionPdf.objects.get(version=version)
    assert bytes(stored.content).startswith(b"%PDF")
    attachment = OutboxMessage.objects.filter(attachments__isnull=False).first()
    assert attachment is not None
    assert bytes(attachment.attachments.get().content) == bytes(stored.content)

    # the download serves the stored bytes: it does not render again
    PlanVersionPdf.objects.filter(version=version).update(content=b"%PDF-the stored one")
    client.force_login(contractor_a)
    assert _download(client, version) == b"%PDF-the stored one"


@pytest.mark.django_db(transaction=True)
def test_the_pdf_is_not_rendered_inside_the_transaction_that_locks_the_plan(
    contractor_a: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    real = services.render_plan_pdf
    in_transaction: list[bool] = []

    def render(snapshot: Any, **kwargs: Any) -> bytes:
        in_transaction.append(connection.in_atomic_block)
        return real(snapshot, **kwargs)

    monkeypatch.setattr(services, "render_plan_pdf", render)
    version = services.plan_submit(acting_user=contractor_a, plan=plan)
    assert in_transaction == [False]
    assert PlanVersionPdf.objects.filter(version=version).exists()


def test_a_failed_rendering_submits_and_the_first_download_stores_the_pdf(
    client: Client, contractor_a: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    real = services.render_plan_pdf

    def broken(snapshot: Any, **kwargs: Any) -> bytes:
        raise OSError("no fonts")

    monkeypatch.setattr(services, "render_plan_pdf", broken)
    version = services.plan_submit(acting_user=contractor_a, plan=plan)
    plan.refresh_from_db()
    assert (plan.status, plan.current_version) == ("submitted", 1)
    assert not PlanVersionPdf.objects.filter(version=version).exists()
    mails = list(OutboxMessage.objects.all())  # the mails still go, without the attachment
    assert len(mails) == 2
    assert not any(mail.attachments.exists() for mail in mails)
    assert all("daar kunt u ook de PDF downloaden" in mail.body for mail in mails)

    monkeypatch.setattr(services, "render_plan_pdf", real)
    client.force_login(contractor_a)
    first = _download(client, version)
    assert first.startswith(b"%PDF")
    assert bytes(PlanVersionPdf.objects.get(version=version).content) == first
    assert _download(client, version) == first


def _legacy_snapshot(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot of schema 1, as versions submitted before schema 2 hold them."""
    legacy = copy.deepcopy(snapshot)
    del legacy["schema_version"]
    legacy["schema"] = 1
    legacy["submitted_at"] = "2026-11-27T23:30:00+00:00"
    for index, line in enumerate(legacy["plan"]["lines"]):
        del line["id"]
        line["valuation_index"] = index
    return legacy


def test_an_old_version_without_pdf_renders_and_is_stored_on_first_download(
    client: Client, contractor_a: User
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    current = PlanVersion.objects.get(plan=plan)
    old = PlanVersion.objects.create(  # as a version of before this change: no PDF, schema 1
        plan=plan,
        number=2,
        snapshot=_legacy_snapshot(current.snapshot),
        submitted_at=current.submitted_at,
        submitted_by=contractor_a,
    )
    assert snapshot_schema_version(old.snapshot) == 1
    client.force_login(contractor_a)
    detail = reverse("plans:plan_version_detail", kwargs={"pk": plan.pk, "number": 2})
    assert client.get(detail).status_code == 200
    assert _download(client, old).startswith(b"%PDF")
    assert PlanVersionPdf.objects.filter(version=old).exists()


def test_store_plan_pdfs_renders_the_missing_ones_once(contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    version = PlanVersion.objects.get(plan=plan)
    PlanVersionPdf.objects.filter(version=version).delete()
    out = StringIO()
    call_command("store_plan_pdfs", stdout=out)
    assert "1 stored, 0 failed" in out.getvalue()
    assert PlanVersionPdf.objects.filter(version=version).exists()
    out = StringIO()
    call_command("store_plan_pdfs", stdout=out)
    assert "0 stored, 0 failed" in out.getvalue()


def test_dates_in_the_pdf_are_dates_in_amsterdam() -> None:
    # 23:30 UTC on 27 November is 00:30 on 28 November in Hoorn
    assert plan_pdf_data({"submitted_at": "2026-11-27T23:30:00+00:00"}).submitted_on == date(
        2026, 11, 28
    )


def test_the_snapshot_holds_the_submission_moment_in_amsterdam_time(contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    version = services.plan_submit(acting_user=contractor_a, plan=plan)
    assert version.snapshot["submitted_at"].endswith(("+01:00", "+02:00"))
