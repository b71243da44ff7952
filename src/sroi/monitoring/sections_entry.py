"""The realisations section of the contract page (``sroi.plans.page_sections``; registered
in ``MonitoringConfig.ready()``): the number of realisations per status, with links to the
realisations and the reports for the contractor of the contract and coordinators. A buyer
user sees the counts only (aggregates, never a candidate reference). Shown once the
agreements are in force or the contract has realisations. One query."""

from __future__ import annotations

from typing import Any

from sroi.monitoring import access
from sroi.monitoring import selectors_entry as selectors
from sroi.monitoring.constants import RealisationStatus
from sroi.plans.constants import ContractStatus
from sroi.plans.models import Contract
from sroi.plans.page_sections import CONTRACT_PAGE, PageSection, register


def contract_realisations_section(user: Any, contract: Contract) -> PageSection | None:
    counts = selectors.status_counts(contract)
    by_status = {
        status: sum(kinds[status] for kinds in counts.values()) for status in selectors.STATUSES
    }
    total = sum(by_status.values())
    if not total and contract.status != ContractStatus.AGREEMENTS_IN_FORCE:
        return None
    labels = dict(RealisationStatus.choices)
    return PageSection(
        "monitoring/_contract_section_realisations.html",
        {
            "contract": contract,
            "total": total,
            "statuses": [
                (status, labels[status], count) for status, count in by_status.items() if count
            ],
            "links": access.sees_realisations(user, contract),
            "reporter": access.is_contractor_of(user, contract),
        },
    )


def register_entry_sections() -> None:
    register(CONTRACT_PAGE, contract_realisations_section)
