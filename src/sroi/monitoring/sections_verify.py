"""What verification and progress add to the contract page (``sroi.plans.page_sections``;
registered in ``MonitoringConfig.ready()``): for everyone who sees the contract, the progress
bar (realised and awaiting verification against the obligation) with the forecast's early
warning; for coordinators, how many realisations await verification, with a link."""

from __future__ import annotations

from typing import Any

from sroi.monitoring import progress, selectors_verify
from sroi.plans.constants import ContractStatus
from sroi.plans.models import Contract
from sroi.plans.page_sections import CONTRACT_PAGE, PageSection, register

# Monitoring starts once the agreements are in force; a closed contract keeps its figures.
MONITORED_STATUSES = frozenset({ContractStatus.AGREEMENTS_IN_FORCE, ContractStatus.CLOSED})


def contract_progress_section(user: Any, contract: Contract) -> PageSection | None:
    if contract.status not in MONITORED_STATUSES:
        return None
    is_coordinator = bool(getattr(user, "is_coordinator", False))
    return PageSection(
        "monitoring/_contract_section_progress.html",
        {
            "contract": contract,
            "progress": progress.contract_summary(contract),
            "awaiting": selectors_verify.awaiting_count(contract) if is_coordinator else None,
        },
    )


def register_verify_sections() -> None:
    register(CONTRACT_PAGE, contract_progress_section)
