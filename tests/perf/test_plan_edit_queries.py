"""The plan edit page reads the plan's lines once: for the form it shows, for the fingerprint
of the stored plan (``base``) and its line-id check."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sroi.accounts.models import User
from sroi.plans.models import PlanLine
from tests.plans.factories import PlanFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_rulesets")]


def test_the_edit_page_reads_the_lines_once(client: Client, contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    client.force_login(contractor_a)
    url = reverse("plans:plan_edit", kwargs={"pk": plan.pk})
    client.get(url)  # per-process caches filled

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)

    assert response.status_code == 200
    table = PlanLine._meta.db_table
    line_reads = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]
    ]
    assert len(line_reads) == 1, line_reads


def test_the_stored_pdf_download_reads_no_plan_lines(client: Client, contractor_a: User) -> None:
    from sroi.plans import services
    from tests.plans.factories import contractor_of

    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    version = services.plan_submit(acting_user=contractor_of(plan), plan=plan)
    client.force_login(contractor_a)
    url = reverse("plans:plan_version_pdf", kwargs={"pk": plan.pk, "number": version.number})

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    table = PlanLine._meta.db_table
    assert not [q for q in captured.captured_queries if f'FROM "{table}"' in q["sql"]]
