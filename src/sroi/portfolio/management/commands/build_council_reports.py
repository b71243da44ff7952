"""``manage.py build_council_reports``: build the council reports that are due (queued, or
running for longer than 30 minutes: a killed worker's). The mail worker does the same in every
pass (``SROI_WORKER_PASS_JOBS``); this command is for cron and tests. Idempotent: with nothing
due it does nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sroi.portfolio.council import council_reports_build_due


class Command(BaseCommand):
    help = "Build the council reports that are due and store them (ready or failed)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(council_reports_build_due()))
