"""``manage.py anonymise_candidates [--today YYYY-MM-DD]``: remove candidate references,
birth years and evidence files after the retention period (``sroi.monitoring.retention``).
Idempotent; the mail worker runs it once a day."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sroi.monitoring.management.commands._today import add_today, parse_today
from sroi.monitoring.retention import anonymise_candidates


class Command(BaseCommand):
    help = "Anonymise the candidates of contracts whose retention period has ended."

    def add_arguments(self, parser: CommandParser) -> None:
        add_today(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        run = anonymise_candidates(today=parse_today(options["today"]))
        self.stdout.write(f"Anonymised: {run}")
