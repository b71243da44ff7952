"""Fill the stored figures, status and of-record flag of existing contracts.

- ``obligation_eur``: the engine's obligation (``sroi.rules.engine.obligation_eur``, pure) of
  the value including extensions at the contract's percentage.
- ``planned_eur``: the total of the latest submitted version's valuation (its snapshot); a
  draft that was never submitted is valued by ``manage.py refresh_contract_figures`` (the
  valuation needs the real models, which a migration must not use).
- ``status``: from the contract's active plan: submitted -> plan in review, anything else ->
  plan requested (agreements do not exist yet).
- ``of_record``: a contract whose plan was approved.
"""

from decimal import Decimal, InvalidOperation

from django.db import migrations
from django.db.models import Sum

from sroi.rules.engine import obligation_eur

ACTIVE = ("draft", "submitted", "changes_requested", "approved", "approval_pending")


def fill(apps, schema_editor):
    Contract = apps.get_model("plans", "Contract")
    ContractExtension = apps.get_model("plans", "ContractExtension")
    Plan = apps.get_model("plans", "Plan")
    PlanVersion = apps.get_model("plans", "PlanVersion")
    for contract in Contract.objects.all().iterator():
        changed = []
        if contract.value_eur is not None and contract.sroi_percentage is not None:
            added = ContractExtension.objects.filter(contract_id=contract.pk).aggregate(
                total=Sum("value_added_eur")
            )["total"]
            contract.obligation_eur = obligation_eur(
                Decimal(contract.value_eur) + Decimal(added or 0), Decimal(contract.sroi_percentage)
            )
            changed.append("obligation_eur")
        plans = Plan.objects.filter(contract_id=contract.pk).order_by("-id")
        plan = plans.filter(status__in=ACTIVE).first() or plans.first()
        if plan is not None:
            version = PlanVersion.objects.filter(plan_id=plan.pk).order_by("-number").first()
            total = (
                ((version.snapshot or {}).get("valuation") or {}).get("total_eur")
                if version
                else None
            )
            try:
                contract.planned_eur = Decimal(total) if total is not None else None
            except InvalidOperation:
                contract.planned_eur = None
            changed.append("planned_eur")
            contract.status = "plan_in_review" if plan.status == "submitted" else "plan_requested"
            changed.append("status")
            if plans.filter(status="approved").exists():
                contract.of_record = True
                changed.append("of_record")
        if changed:
            contract.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0009_workspace_schema"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
