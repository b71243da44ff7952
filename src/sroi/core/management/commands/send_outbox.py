"""``manage.py send_outbox [--loop [--interval SECONDS]]``: deliver the e-mail that is due.

Requests only write the outbox (``sroi.core.mail``); this command is what sends. In production
it runs as a long-lived worker, ``send_outbox --loop`` (a systemd unit is in
docs/deploy/sroi-mail.service); ``make run`` starts it next to the development server.
SIGTERM or SIGINT ends the loop after the current pass.
"""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sroi.core.mail import OutboxRun, outbox_deliver_due, outbox_work


class Command(BaseCommand):
    help = "Deliver pending outbox e-mail that is due; failed attempts are retried with backoff."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop",
            action="store_true",
            help="Keep running as the mail worker; deliver every --interval seconds.",
        )
        parser.add_argument(
            "--interval", type=float, default=5.0, help="Seconds between passes with --loop."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["loop"]:
            self.stdout.write(str(outbox_deliver_due()))
            return
        stop = threading.Event()

        def _stop(signum: int, frame: Any) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        self.stdout.write(f"Mail worker started: a pass every {options['interval']} s.")
        self.stdout.flush()
        outbox_work(interval=options["interval"], stop=stop, report=self._report)
        self.stdout.write("Mail worker stopped.")

    def _report(self, run: OutboxRun) -> None:
        if run.sent or run.failed:  # an idle pass prints nothing
            self.stdout.write(str(run))
            self.stdout.flush()
