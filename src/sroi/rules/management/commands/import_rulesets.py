"""``manage.py import_rulesets``: bring the shipped rule sets into the database (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sroi.rules.services import ruleset_import_shipped


class Command(BaseCommand):
    help = (
        "Create the shipped rule sets (src/sroi/rules/data) as published versions. Identical "
        "versions are left alone; a published version whose file changed is reported, never "
        "changed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = ruleset_import_shipped(acting_user=None)
        for label in summary.imported:
            self.stdout.write(f"imported {label}")
        for conflict in summary.conflicts:
            self.stderr.write(f"conflict {conflict}")
        self.stdout.write(str(summary))
