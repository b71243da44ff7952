"""Extenders of ``manage.py load_demo``: apps above plans add their demo data here.

The plans command loads its demo world (users, buyers, plans, contracts of record), then calls
every registered extender, in the order of registration, in the same transaction. An app
registers its extender in its ``AppConfig.ready`` (``sroi.agreements.apps``), so the demo does
not depend on which app's ``load_demo`` command Django finds first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from sroi.accounts.models import User


class DemoCounts(Protocol):
    def add(self, kind: str, created: bool) -> None: ...


# (coordinator of the demo, counts to report) -> None; idempotent.
DemoExtender = Callable[[User, DemoCounts], None]

DEMO_EXTENDERS: list[DemoExtender] = []


def register_demo_extender(extender: DemoExtender) -> DemoExtender:
    """Register ``extender`` once (``ready`` may run more than once in tests)."""
    if extender not in DEMO_EXTENDERS:
        DEMO_EXTENDERS.append(extender)
    return extender
