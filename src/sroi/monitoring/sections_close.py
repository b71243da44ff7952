"""The final assessment's section on the contract page (``sroi.plans.page_sections``;
registered in ``MonitoringConfig.ready()``): shown once the contract's end date has come or
an assessment exists, to everyone who sees the contract (figures only)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from sroi.monitoring.assessment import assessment_due_on, assessments_of
from sroi.plans.constants import ContractStatus
from sroi.plans.models import Contract
from sroi.plans.page_sections import CONTRACT_PAGE, PageSection, register


def contract_close_section(user: Any, contract: Contract) -> PageSection | None:
    if contract.status not in {ContractStatus.AGREEMENTS_IN_FORCE, ContractStatus.CLOSED}:
        return None
    assessments = assessments_of(contract)
    due_on = assessment_due_on(contract, assessments)
    if not assessments and due_on is None:
        return None
    today = timezone.localdate()
    return PageSection(
        "monitoring/_contract_section_close.html",
        {
            "contract": contract,
            "latest": assessments[-1] if assessments else None,
            "due_on": due_on,
            "open": due_on is not None and due_on <= today,
            "coordinator": bool(getattr(user, "is_coordinator", False)),
        },
    )


def register_close_sections() -> None:
    register(CONTRACT_PAGE, contract_close_section)
