"""``manage.py purge_outbox [--today YYYY-MM-DD]``: empty the bodies and attachments of
e-mail delivered longer than ``SROI_OUTBOX_RETENTION_DAYS`` ago (``sroi.monitoring.retention``).
Idempotent; the mail worker runs it once a day."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sroi.monitoring.management.commands._today import add_today, parse_today
from sroi.monitoring.retention import purge_outbox


class Command(BaseCommand):
    help = "Purge the bodies and attachments of delivered outbox messages after retention."

    def add_arguments(self, parser: CommandParser) -> None:
        add_today(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        count = purge_outbox(today=parse_today(options["today"]))
        self.stdout.write(f"Outbox messages purged: {count}")
