"""Runtime checks in the plans services are explicit exceptions, never ``assert``.

``python -O`` strips assert statements: a check written as an assert would silently stop
guarding production code run with optimisation on.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.utils import timezone

from sroi.accounts.models import User
from sroi.plans import services, valuation
from sroi.plans.models import Plan
from sroi.plans.valuation import plan_valuation


@pytest.mark.parametrize("module", [services, valuation], ids=["services", "valuation"])
def test_module_has_no_assert_statements(module: object) -> None:
    path = Path(str(getattr(module, "__file__", "")))
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Assert)]
    assert lines == [], f"assert statements in {path.name} at lines {lines}"


def test_snapshot_of_a_plan_that_cannot_be_valued_raises(contractor_a: User, plan_a: Plan) -> None:
    contract = plan_a.contract
    contract.value_eur = None  # the engine needs the contract value: no valuation
    contract.save()
    plan_a.refresh_from_db()
    result = plan_valuation(plan_a)
    assert result.valuation is None
    with pytest.raises(ValueError, match="valued plan"):
        services.plan_snapshot(
            plan=plan_a,
            valuation=result,
            number=1,
            submitted_at=timezone.now(),
            submitted_by=contractor_a,
        )
