"""``manage.py send_outbox [--loop [--interval SECONDS]]``: deliver the e-mail that is due.

Requests only write the outbox (``sroi.core.mail``); this command is what sends. In production
it runs as a long-lived worker, ``send_outbox --loop`` (a systemd unit is in
docs/deploy/sroi-mail.service); ``make run`` starts it next to the development server.
SIGTERM or SIGINT ends the loop after the current pass.

With ``--loop`` the worker also runs the daily jobs of ``SROI_WORKER_DAILY_COMMANDS``
(``send_reminders``, ``anonymise_candidates``, ``purge_outbox``: each idempotent) when it
starts and on the first pass of every new day. ``--no-daily`` leaves them to cron or a
systemd timer (docs/deploy/README.md). In every pass it also runs the per-pass jobs of
``SROI_WORKER_PASS_JOBS`` (dotted paths of functions without arguments, for example
``sroi.portfolio.council.council_reports_build_due``); a failing job is logged and the loop
goes on.
"""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.module_loading import import_string

from sroi.core.mail import OutboxRun, outbox_deliver_due, outbox_work

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Deliver pending outbox e-mail that is due; failed attempts are retried with backoff."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop",
            action="store_true",
            help="Keep running as the mail worker; deliver every --interval seconds.",
        )
        parser.add_argument(
            "--no-daily",
            action="store_true",
            help="With --loop: do not run the daily jobs (run them from cron or a timer).",
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
        daily = None if options["no_daily"] else self._daily
        outbox_work(
            interval=options["interval"],
            stop=stop,
            report=self._report,
            daily=daily,
            each_pass=[import_string(path) for path in settings.SROI_WORKER_PASS_JOBS],
        )
        self.stdout.write("Mail worker stopped.")

    def _daily(self) -> None:
        for name in settings.SROI_WORKER_DAILY_COMMANDS:
            try:
                call_command(name, stdout=self.stdout)
            except Exception:  # one failing job does not keep the others from running
                logger.exception("Mail worker: the daily job %s failed", name)
        self.stdout.flush()

    def _report(self, run: OutboxRun) -> None:
        if run.sent or run.failed:  # an idle pass prints nothing
            self.stdout.write(str(run))
            self.stdout.flush()
