"""Valuing prestatieafspraken: each agreement through the plans app's one valuation
(``sroi.plans.valuation.valuation_for``) with the contract's rule-set version, so an agreement
is never valued differently from the plan line it came from.

Each agreement is valued on its own (one engine call per line, at most ``PLAN_LINES_MAX``):
a line the engine refuses (a co-creation block without its agreed value, say) then leaves its
own value empty with its problem, and the other lines keep theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sroi.agreements.models import Agreement
from sroi.plans import contract_state
from sroi.plans.models import Contract, PlanLine
from sroi.plans.valuation import contract_ruleset_version, valuation_for
from sroi.rules.engine import PsoLevel, RuleSet, obligation_net_eur


@dataclass(frozen=True)
class AgreementValue:
    value_eur: Decimal | None
    problems: tuple[tuple[str, str], ...] = ()  # (field, Dutch message)


def _plan_line(agreement: Agreement) -> PlanLine:
    """An unsaved plan line with the agreement's figures (what ``valuation_for`` reads)."""
    return PlanLine(
        block_code=agreement.block_code,
        count=agreement.count,
        hours_per_week=agreement.hours_per_week,
        start_date=agreement.start_date,
        end_date=agreement.end_date,
        bonuses=list(agreement.bonuses or []),
        hours=agreement.hours,
        amount_eur=agreement.amount_eur,
        agreed_value_eur=agreement.agreed_value_eur,
    )


def agreement_value(
    contract: Contract, agreement: Agreement, *, ruleset_cache: dict[int, RuleSet] | None = None
) -> AgreementValue:
    """The engine's value of one agreement, or None with the problems at its fields."""
    result = valuation_for(
        contract=contract, lines=[_plan_line(agreement)], ruleset_cache=ruleset_cache
    )
    if result.valuation is None or not result.valuation.lines:
        problems = tuple((p.field, p.message_nl) for p in result.problems) or tuple(
            ("__all__", message) for message in result.missing.values()
        )
        return AgreementValue(None, problems)
    return AgreementValue(result.valuation.lines[0].value_eur)


def contract_obligation(contract: Contract, *, pso_level: str = "") -> Decimal | None:
    """The obligation the agreements must cover (docs/contracts.md, "Obligation"): the
    contract's obligation including every exercised extension (``Contract.obligation_eur``,
    stored gross by ``sroi.plans.contract_state``) less the PSO discount of the approved plan's
    PSO level in the contract's rule-set version, as the plan's valuation computes it
    (``sroi.rules.engine.obligation_net_eur``). None while the obligation cannot be computed."""
    gross = (
        Decimal(contract.obligation_eur)
        if contract.obligation_eur is not None
        else contract_state.contract_obligation(contract)
    )
    if gross is None:
        return None
    version = contract_ruleset_version(contract)
    if not pso_level or version is None:
        return gross
    discount_pct = version.to_engine().pso_discount(PsoLevel(pso_level))
    return obligation_net_eur(gross, discount_pct)


def agreements_total(agreements: Sequence[Agreement]) -> Decimal:
    return sum((a.value_eur for a in agreements if a.value_eur is not None), Decimal("0"))


def block_takes_agreed_value(ruleset: RuleSet | None, block_code: str) -> bool:
    """A block whose value is agreed case by case (co-creation): no value in the rule set."""
    if ruleset is None:
        return False
    block = ruleset.block(block_code)
    return block is not None and block.value is None
