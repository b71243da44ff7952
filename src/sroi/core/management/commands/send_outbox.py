"""``manage.py send_outbox [--loop [--interval SECONDS]]``: deliver the e-mail that is due."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sroi.core.mail import outbox_deliver_due


class Command(BaseCommand):
    help = "Deliver pending outbox e-mail that is due; failed attempts are retried with backoff."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop", action="store_true", help="Keep running; deliver every --interval seconds."
        )
        parser.add_argument(
            "--interval", type=float, default=30.0, help="Seconds between passes with --loop."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            run = outbox_deliver_due()
            self.stdout.write(str(run))
            if not options["loop"]:
                return
            time.sleep(options["interval"])
