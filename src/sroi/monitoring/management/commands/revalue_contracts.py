"""``manage.py revalue_contracts [--today YYYY-MM-DD]``: value the realisations of every open
contract again (``sroi.monitoring.valuation.contracts_revalue_open``), so a running placement's
value to date and the contract's figures follow the calendar; then store the traffic light of
every contract that is not closed (``sroi.monitoring.lights.contracts_light_refresh``).
Idempotent; the mail worker runs it once a day, before ``send_reminders`` (whose digest reads
the figures)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sroi.monitoring.lights import contracts_light_refresh
from sroi.monitoring.management.commands._today import add_today, parse_today
from sroi.monitoring.valuation import contracts_revalue_open


class Command(BaseCommand):
    help = "Revalue the realisations of every open contract (value to date, forecast)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_today(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        today = parse_today(options["today"])
        count = contracts_revalue_open(today=today)
        self.stdout.write(f"Contracts revalued: {count}")
        lights = contracts_light_refresh(today=today)
        self.stdout.write(f"Traffic lights stored: {lights}")
