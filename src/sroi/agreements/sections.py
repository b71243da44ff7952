"""What this app adds to the plans app's contract page and plan page
(``sroi.plans.page_sections``; registered in ``AgreementsConfig.ready()``).

- Contract page, for everyone who sees the contract: the agreements (the open proposal or the
  version in force, its total against the obligation) and the assessment schedule (the next
  open moments with their status), each with a link to its page.
- Plan page: once the contract's plan is approved, the coordinator's way on: "Draw up
  performance agreements" while none exist, else a link to them (for everyone).
"""

from __future__ import annotations

from typing import Any

from sroi.agreements import selectors, services
from sroi.agreements.constants import AgreementStatus, MomentStatus
from sroi.plans.models import Contract
from sroi.plans.page_sections import CONTRACT_PAGE, PLAN_PAGE, PageSection, register

NEXT_MOMENTS = 3


def contract_agreements_section(user: Any, contract: Contract) -> PageSection:
    versions = selectors.agreement_versions(contract)
    current = selectors.current_version(versions)
    in_force = next((v for v in versions if v.status == AgreementStatus.ACCEPTED), None)
    return PageSection(
        "agreements/_contract_section_agreements.html",
        {
            "contract": contract,
            "version": current,
            "in_force": in_force if in_force is not current else None,
            "obligation": (
                current.obligation_eur
                if current is not None and current.obligation_eur is not None
                else contract.obligation_eur
            ),
            "shortfall": services.version_shortfall(current) if current is not None else None,
            "can_draw_up": selectors.user_edits_agreements(user)
            and not versions
            and services.approved_plan_version(contract) is not None,
        },
    )


def contract_moments_section(user: Any, contract: Contract) -> PageSection:
    moments = list(selectors.moment_list(contract))
    open_moments = [m for m in moments if m.status != MomentStatus.HELD]
    held = [m for m in moments if m.status == MomentStatus.HELD]
    return PageSection(
        "agreements/_contract_section_moments.html",
        {
            "contract": contract,
            "next_moments": open_moments[:NEXT_MOMENTS],
            "last_held": held[-1] if held else None,
            "count": len(moments),
            "held_count": len(held),
            "editor": selectors.user_edits_agreements(user),
        },
    )


def plan_agreements_section(user: Any, contract: Contract) -> PageSection | None:
    if services.approved_plan_version(contract) is None:
        return None
    versions = selectors.agreement_versions(contract)
    if not versions and not selectors.user_edits_agreements(user):
        return None
    return PageSection(
        "agreements/_plan_section_agreements.html",
        {"contract": contract, "version": selectors.current_version(versions)},
    )


def register_sections() -> None:
    register(CONTRACT_PAGE, contract_agreements_section)
    register(CONTRACT_PAGE, contract_moments_section)
    register(PLAN_PAGE, plan_agreements_section)
