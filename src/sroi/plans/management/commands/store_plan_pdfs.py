"""``manage.py store_plan_pdfs``: render and store the PDF of every version that has none.

A version is submitted with its PDF (the document of record). One whose rendering failed at
submission, or that was submitted before PDFs were stored, gets it on its first download;
this command does the same for all of them at once (after an upgrade, or from a timer).
Idempotent: a version that has its PDF is never rendered again. Prints a summary.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sroi.plans import services
from sroi.plans.models import PlanVersion


class Command(BaseCommand):
    help = "Render and store the PDF of every submitted plan version that has none."

    def handle(self, *args: Any, **options: Any) -> None:
        missing = PlanVersion.objects.filter(pdf__isnull=True).order_by("pk")
        stored = failed = 0
        for version in missing.iterator():
            try:
                services.plan_version_pdf(version=version)
            except Exception as exc:  # report and go on with the next version
                failed += 1
                self.stderr.write(f"{version}: {exc.__class__.__name__}: {exc}")
            else:
                stored += 1
        self.stdout.write(f"store_plan_pdfs: {stored} stored, {failed} failed")
        if failed:
            raise SystemExit(1)
