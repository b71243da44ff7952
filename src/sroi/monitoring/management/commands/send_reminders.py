"""``manage.py send_reminders [--today YYYY-MM-DD]``: put the reminders that are due in the
outbox (``sroi.monitoring.reminders``). Idempotent; the mail worker runs it once a day."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sroi.monitoring.management.commands._today import add_today, parse_today
from sroi.monitoring.reminders import send_reminders


class Command(BaseCommand):
    help = "Send the reminders that are due (assessment moments, report deadlines, ...)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_today(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        run = send_reminders(today=parse_today(options["today"]))
        self.stdout.write(f"Reminders: {run}")
