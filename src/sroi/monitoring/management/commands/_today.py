"""The ``--today YYYY-MM-DD`` option of the monitoring commands (tests and catching up)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import CommandError, CommandParser


def add_today(parser: CommandParser) -> None:
    parser.add_argument(
        "--today",
        default=None,
        help="Act as if it were this day (YYYY-MM-DD); default: today.",
    )


def parse_today(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today: not a date (YYYY-MM-DD): {value!r}") from exc
