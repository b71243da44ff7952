"""``manage.py refresh_contract_figures``: recompute every contract's stored obligation and
planned value (``sroi.plans.contract_state.contract_refresh_figures``). Idempotent; the
services keep the figures up to date, this is for existing data and repairs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from sroi.plans.contract_state import contract_refresh_figures
from sroi.plans.models import Contract


class Command(BaseCommand):
    help = "Recompute the stored obligation and planned value of every contract."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = 0
        total = 0
        for pk in Contract.objects.order_by("pk").values_list("pk", flat=True).iterator():
            with transaction.atomic():
                contract = Contract.objects.select_for_update().get(pk=pk)
                before = (contract.obligation_eur, contract.planned_eur)
                contract_refresh_figures(contract)
                changed += before != (contract.obligation_eur, contract.planned_eur)
                total += 1
        self.stdout.write(f"Contracts: {total}, figures changed: {changed}.")
