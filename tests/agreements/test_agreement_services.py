"""Every agreements service and every refusal (a refusal changes nothing)."""

from __future__ import annotations

import copy
import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sroi.accounts.models import User
from sroi.agreements import services
from sroi.agreements.constants import AgreementStatus
from sroi.agreements.models import Agreement, AgreementVersion, AgreementVersionPdf
from sroi.agreements.services import AgreementError
from sroi.core.models import AuditEntry, OutboxMessage
from sroi.plans.constants import ContractStatus, EffortKind, TargetGroup
from sroi.plans.models import Contract, Plan, PlanLine
from sroi.plans.valuation import contract_ruleset_version, plan_valuation
from sroi.rules.models import RuleSetVersion
from tests.plans.factories import PlanFactory


def _state(version: AgreementVersion) -> tuple[Any, ...]:
    """Everything a refusal must leave as it was."""
    version = AgreementVersion.objects.get(pk=version.pk)
    contract = Contract.objects.get(pk=version.contract_id)
    lines = tuple(
        Agreement.objects.filter(version__contract=contract)
        .order_by("pk")
        .values_list("pk", "block_code", "count", "agreed_value_eur", "value_eur", "note")
    )
    return (
        version.status,
        version.total_eur,
        version.revision,
        version.difference_reason,
        version.proposed_at,
        version.accepted_name,
        contract.status,
        contract.agreed_eur,
        lines,
        AgreementVersion.objects.filter(contract=contract).count(),
        OutboxMessage.objects.count(),
    )


CO_CREATION = {
    "effort_kind": EffortKind.SOCIAL_VALUE,
    "block_code": "CO_CREATIE",
    "count": 1,
    "agreed_value_eur": Decimal("30000.00"),
    "deadline": date(2027, 6, 30),
    "note": "Samen met de gemeente een buurtproject.",
}


# --- drawing up -----------------------------------------------------------------------------


def test_draw_up_makes_one_valued_agreement_per_plan_line(
    approved_plan: Plan, coordinator: User
) -> None:
    version = services.agreements_draw_up(acting_user=coordinator, contract=approved_plan.contract)

    assert version.number == 1
    assert version.status == AgreementStatus.PROPOSAL
    assert version.based_on == approved_plan.versions.get(number=1)
    (agreement,) = version.agreements.all()
    line = PlanLine.objects.get(plan=approved_plan)
    assert agreement.plan_line == line
    assert agreement.block_code == "PW_LT2"
    assert agreement.target_group == TargetGroup.PW_LT2
    assert agreement.effort_kind == EffortKind.JOBS
    assert agreement.count == 1
    assert agreement.hours_per_week == Decimal("36")
    assert (agreement.start_date, agreement.end_date) == (date(2026, 1, 1), date(2026, 12, 31))
    # 25,000 per full-time year x 36/36 x 12/12 (the engine, NHN indicative rule set).
    assert agreement.value_eur == Decimal("25000.00")
    assert version.total_eur == Decimal("25000.00")
    assert version.obligation_eur == Decimal("50000.00")  # 5 % of EUR 1,000,000
    assert services.version_shortfall(version) == Decimal("25000.00")
    entry = AuditEntry.objects.get(action="agreements.draw_up")
    assert entry.contract_id == approved_plan.contract_id
    assert entry.actor == coordinator


def test_draw_up_uses_the_stored_obligation_when_the_contract_has_one(
    contract: Contract, coordinator: User
) -> None:
    Contract.objects.filter(pk=contract.pk).update(obligation_eur=Decimal("20000.00"))
    contract.refresh_from_db()
    version = services.agreements_draw_up(acting_user=coordinator, contract=contract)
    assert version.obligation_eur == Decimal("20000.00")
    assert services.version_shortfall(version) == 0
    assert services.difference_is_recorded(version)


def test_draw_up_is_refused_without_an_approved_plan(contractor_a: User, coordinator: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    with pytest.raises(AgreementError, match="goedgekeurd plan"):
        services.agreements_draw_up(acting_user=coordinator, contract=plan.contract)
    assert not AgreementVersion.objects.exists()


def test_draw_up_twice_is_refused(proposal: AgreementVersion, coordinator: User) -> None:
    before = _state(proposal)
    with pytest.raises(AgreementError):
        services.agreements_draw_up(acting_user=coordinator, contract=proposal.contract)
    assert _state(proposal) == before


@pytest.mark.parametrize("persona", ["contractor_a", "buyer_user"])
def test_only_a_coordinator_draws_up(
    contract: Contract, persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.agreements_draw_up(acting_user=user, contract=contract)
    assert not AgreementVersion.objects.exists()


# --- editing -------------------------------------------------------------------------------


def test_coordinator_edits_an_agreement_in_place_and_the_total_follows(
    proposal: AgreementVersion, coordinator: User
) -> None:
    agreement = proposal.agreements.get()
    updated = services.agreement_update(
        acting_user=coordinator,
        agreement=agreement,
        data={
            "effort_kind": EffortKind.JOBS,
            "block_code": "PW_LT2",
            "count": 2,
            "hours_per_week": Decimal("18"),
        },
    )
    assert updated.pk == agreement.pk  # identity is stable
    assert updated.plan_line_id == agreement.plan_line_id
    # 2 x 25,000 x 18/36 = 25,000
    assert updated.value_eur == Decimal("25000.00")
    proposal.refresh_from_db()
    assert proposal.total_eur == Decimal("25000.00")
    assert proposal.revision == 1
    assert AuditEntry.objects.filter(
        action="agreements.agreement_update", contract_id=proposal.contract_id
    ).exists()


def test_coordinator_adds_a_co_creation_agreement_with_an_agreed_value(
    proposal: AgreementVersion, coordinator: User
) -> None:
    added = services.agreement_add(acting_user=coordinator, version=proposal, data=CO_CREATION)
    assert added.plan_line is None
    assert added.value_eur == Decimal("30000.00")
    proposal.refresh_from_db()
    assert proposal.total_eur == Decimal("55000.00")
    assert services.version_shortfall(proposal) == 0


def test_an_agreed_value_on_a_block_the_rule_set_values_is_refused(
    proposal: AgreementVersion, coordinator: User
) -> None:
    before = _state(proposal)
    with pytest.raises(AgreementError) as refused:
        services.agreement_update(
            acting_user=coordinator,
            agreement=proposal.agreements.get(),
            data={"agreed_value_eur": Decimal("99999")},
        )
    assert refused.value.field == "agreed_value_eur"
    assert "co-creatie" in refused.value.message
    assert _state(proposal) == before


def test_a_co_creation_block_without_its_agreed_value_is_refused(
    proposal: AgreementVersion, coordinator: User
) -> None:
    before = _state(proposal)
    with pytest.raises(AgreementError) as refused:
        services.agreement_add(
            acting_user=coordinator,
            version=proposal,
            data={**CO_CREATION, "agreed_value_eur": None},
        )
    assert refused.value.field == "agreed_value_eur"
    assert _state(proposal) == before


def test_a_block_outside_the_rule_set_is_refused(
    proposal: AgreementVersion, coordinator: User
) -> None:
    before = _state(proposal)
    with pytest.raises(AgreementError) as refused:
        services.agreement_add(
            acting_user=coordinator,
            version=proposal,
            data={**CO_CREATION, "block_code": "NOT_A_BLOCK"},
        )
    assert refused.value.field == "block_code"
    assert _state(proposal) == before


@pytest.mark.parametrize("persona", ["contractor_a", "buyer_user"])
def test_a_contractor_or_buyer_cannot_edit_or_set_a_value(
    proposal: AgreementVersion, persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    before = _state(proposal)
    agreement = proposal.agreements.get()
    with pytest.raises(PermissionDenied):
        services.agreement_update(acting_user=user, agreement=agreement, data={"count": 5})
    with pytest.raises(PermissionDenied):
        services.agreement_add(acting_user=user, version=proposal, data=CO_CREATION)
    with pytest.raises(PermissionDenied):
        services.agreement_remove(acting_user=user, agreement=agreement)
    with pytest.raises(PermissionDenied):
        services.agreements_record_difference(acting_user=user, version=proposal, reason="x")
    with pytest.raises(PermissionDenied):
        services.agreements_propose(acting_user=user, version=proposal)
    assert _state(proposal) == before


def test_coordinator_removes_an_agreement(proposal: AgreementVersion, coordinator: User) -> None:
    services.agreement_remove(acting_user=coordinator, agreement=proposal.agreements.get())
    proposal.refresh_from_db()
    assert proposal.total_eur == 0
    assert not proposal.agreements.exists()
    with pytest.raises(AgreementError, match="ten minste één"):
        services.agreements_propose(acting_user=coordinator, version=proposal)


# --- the difference and proposing ----------------------------------------------------------


def test_a_proposal_below_the_obligation_needs_a_recorded_difference(
    proposal: AgreementVersion, coordinator: User
) -> None:
    before = _state(proposal)
    with pytest.raises(AgreementError) as refused:
        services.agreements_propose(acting_user=coordinator, version=proposal)
    assert "25.000,00" in refused.value.message or "25000,00" in refused.value.message
    assert refused.value.field == "reason"
    assert _state(proposal) == before


def test_an_empty_reason_is_refused(proposal: AgreementVersion, coordinator: User) -> None:
    before = _state(proposal)
    with pytest.raises(AgreementError) as refused:
        services.agreements_record_difference(
            acting_user=coordinator, version=proposal, reason="  "
        )
    assert refused.value.field == "reason"
    assert _state(proposal) == before


def test_a_difference_must_be_recorded_again_after_the_total_changed(
    proposal: AgreementVersion, coordinator: User
) -> None:
    services.agreements_record_difference(
        acting_user=coordinator, version=proposal, reason="Krappe arbeidsmarkt."
    )
    proposal.refresh_from_db()
    assert proposal.difference_eur == Decimal("25000.00")
    assert services.difference_is_recorded(proposal)
    services.agreement_update(
        acting_user=coordinator,
        agreement=proposal.agreements.get(),
        data={"hours_per_week": Decimal("18")},
    )
    proposal.refresh_from_db()
    assert not services.difference_is_recorded(proposal)
    with pytest.raises(AgreementError):
        services.agreements_propose(acting_user=coordinator, version=proposal)


def test_proposing_mails_the_contractor_through_the_outbox(
    proposal: AgreementVersion, coordinator: User, contractor_a: User
) -> None:
    services.agreements_record_difference(
        acting_user=coordinator, version=proposal, reason="Krappe arbeidsmarkt."
    )
    OutboxMessage.objects.all().delete()
    services.agreements_propose(acting_user=coordinator, version=proposal)
    proposal.refresh_from_db()
    assert proposal.proposed_at is not None
    assert proposal.status == AgreementStatus.PROPOSAL
    (mail,) = OutboxMessage.objects.all()
    assert contractor_a.email in mail.to
    assert "Voorstel prestatieafspraken" in mail.subject
    assert f"/contracten/{proposal.contract_id}/afspraken/" in mail.body
    assert AuditEntry.objects.filter(
        action="agreements.propose", contract_id=proposal.contract_id
    ).exists()


# --- accepting -----------------------------------------------------------------------------


def test_contractor_accepts_the_exact_version_with_its_name(
    sent_proposal: AgreementVersion, contractor_a: User, coordinator: User, settings: Any
) -> None:
    OutboxMessage.objects.all().delete()
    version = services.agreements_accept(
        acting_user=contractor_a,
        version=sent_proposal,
        name="Anna Visser",
        revision=sent_proposal.revision,
    )
    assert version.status == AgreementStatus.ACCEPTED
    assert version.accepted_by == contractor_a
    assert version.accepted_name == "Anna Visser"
    assert version.accepted_at is not None
    contract = Contract.objects.get(pk=version.contract_id)
    assert contract.status == ContractStatus.AGREEMENTS_IN_FORCE
    assert contract.agreed_eur == Decimal("25000.00")
    # The PDF of record is stored ...
    stored = AgreementVersionPdf.objects.get(version=version)
    content = bytes(stored.content)
    assert content.startswith(b"%PDF")
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    # ... and mailed to both sides with that exact PDF.
    mails = list(OutboxMessage.objects.order_by("pk"))
    assert len(mails) == 2
    recipients = {address for mail in mails for address in mail.to}
    assert contractor_a.email in recipients
    assert settings.SROI_COORDINATOR_EMAIL in recipients
    assert coordinator.email in recipients
    for mail in mails:
        (attachment,) = mail.attachments.all()
        assert attachment.mimetype == "application/pdf"
        assert bytes(attachment.content) == content
        assert attachment.filename.startswith("prestatieafspraken-")
    entry = AuditEntry.objects.get(action="agreements.accept")
    assert entry.contract_id == contract.pk
    assert entry.actor == contractor_a
    # the download serves the stored bytes
    assert services.agreements_version_pdf(version=version) == content


def test_acceptance_moves_the_contract_by_the_status_table_with_a_timeline_entry(
    sent_proposal: AgreementVersion, contractor_a: User
) -> None:
    before = Contract.objects.get(pk=sent_proposal.contract_id).status
    assert before != ContractStatus.AGREEMENTS_IN_FORCE
    services.agreements_accept(acting_user=contractor_a, version=sent_proposal, name="Anna")
    entry = (
        AuditEntry.objects.filter(action="contract.status", contract_id=sent_proposal.contract_id)
        .order_by("pk")
        .last()
    )
    assert entry is not None
    assert entry.data == {
        "before": before,
        "after": ContractStatus.AGREEMENTS_IN_FORCE,
        "reason": "agreements.accept",
    }


def test_accepting_on_a_closed_contract_is_refused_and_leaves_it_closed(
    sent_proposal: AgreementVersion, contractor_a: User
) -> None:
    """A closed contract (final assessment, issue 8) is read-only: no agreements change."""
    Contract.objects.filter(pk=sent_proposal.contract_id).update(status=ContractStatus.CLOSED)
    with pytest.raises(AgreementError, match="afgesloten"):
        services.agreements_accept(acting_user=contractor_a, version=sent_proposal, name="Anna")
    assert Contract.objects.get(pk=sent_proposal.contract_id).status == ContractStatus.CLOSED
    sent_proposal.refresh_from_db()
    assert sent_proposal.status == AgreementStatus.PROPOSAL


def test_agreements_are_held_against_the_obligation_after_the_pso_discount(
    contract: Contract, approved_plan: Plan, coordinator: User
) -> None:
    """One rule (docs/contracts.md): the contract stores the obligation before the discount;
    the agreements cover it after the discount of the approved plan's PSO level, as the plan's
    valuation does."""
    ruleset_version = contract_ruleset_version(contract)
    assert ruleset_version is not None
    document = copy.deepcopy(ruleset_version.document)
    document["obligation"]["pso_discount_pct"] = {"trede_2": "10"}
    RuleSetVersion.objects.filter(pk=ruleset_version.pk).update(
        document=document, updated_at=timezone.now()
    )
    Plan.objects.filter(pk=approved_plan.pk).update(pso_level="trede_2")
    approved_plan.refresh_from_db()
    contract = Contract.objects.get(pk=contract.pk)
    assert contract.obligation_eur == Decimal("50000.00")  # gross, stored

    version = services.agreements_draw_up(acting_user=coordinator, contract=contract)

    assert version.obligation_eur == Decimal("45000.00")
    plan_figures = plan_valuation(approved_plan).valuation
    assert plan_figures is not None
    assert version.obligation_eur == plan_figures.obligation_net_eur


def test_accepting_twice_is_refused(sent_proposal: AgreementVersion, contractor_a: User) -> None:
    services.agreements_accept(acting_user=contractor_a, version=sent_proposal, name="Anna")
    before = _state(sent_proposal)
    with pytest.raises(AgreementError, match="al geaccepteerd"):
        services.agreements_accept(acting_user=contractor_a, version=sent_proposal, name="Anna")
    assert _state(sent_proposal) == before


def test_accepting_an_unsent_or_changed_proposal_is_refused(
    proposal: AgreementVersion, contractor_a: User, coordinator: User
) -> None:
    before = _state(proposal)
    with pytest.raises(AgreementError, match="nog niet verstuurd"):
        services.agreements_accept(acting_user=contractor_a, version=proposal, name="Anna")
    assert _state(proposal) == before
    services.agreements_record_difference(acting_user=coordinator, version=proposal, reason="x")
    services.agreements_propose(acting_user=coordinator, version=proposal)
    proposal.refresh_from_db()
    before = _state(proposal)
    with pytest.raises(AgreementError, match="gewijzigd"):
        services.agreements_accept(
            acting_user=contractor_a, version=proposal, name="Anna", revision=proposal.revision - 1
        )
    assert _state(proposal) == before


def test_accepting_needs_a_name(sent_proposal: AgreementVersion, contractor_a: User) -> None:
    before = _state(sent_proposal)
    with pytest.raises(AgreementError) as refused:
        services.agreements_accept(acting_user=contractor_a, version=sent_proposal, name="   ")
    assert refused.value.field == "name"
    assert _state(sent_proposal) == before


@pytest.mark.parametrize("persona", ["contractor_b", "coordinator", "buyer_user"])
def test_only_a_contractor_of_the_organisation_accepts(
    sent_proposal: AgreementVersion, persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    before = _state(sent_proposal)
    with pytest.raises(PermissionDenied):
        services.agreements_accept(acting_user=user, version=sent_proposal, name="X")
    assert _state(sent_proposal) == before


def test_editing_an_accepted_version_is_refused(
    sent_proposal: AgreementVersion, contractor_a: User, coordinator: User
) -> None:
    services.agreements_accept(acting_user=contractor_a, version=sent_proposal, name="Anna")
    before = _state(sent_proposal)
    agreement = sent_proposal.agreements.get()
    with pytest.raises(AgreementError, match="nieuwe versie"):
        services.agreement_update(acting_user=coordinator, agreement=agreement, data={"count": 3})
    with pytest.raises(AgreementError):
        services.agreement_remove(acting_user=coordinator, agreement=agreement)
    with pytest.raises(AgreementError):
        services.agreement_add(acting_user=coordinator, version=sent_proposal, data=CO_CREATION)
    assert _state(sent_proposal) == before


def test_a_new_version_is_accepted_again_and_supersedes_the_old_one(
    sent_proposal: AgreementVersion, contractor_a: User, coordinator: User
) -> None:
    services.agreements_accept(acting_user=contractor_a, version=sent_proposal, name="Anna")
    second = services.agreements_new_version(
        acting_user=coordinator, contract=sent_proposal.contract
    )
    assert second.number == 2
    assert second.status == AgreementStatus.PROPOSAL
    copied = second.agreements.get()
    original = sent_proposal.agreements.get()
    assert copied.pk != original.pk
    assert copied.plan_line_id == original.plan_line_id
    # a second proposal while this one is open is refused
    with pytest.raises(AgreementError):
        services.agreements_new_version(acting_user=coordinator, contract=sent_proposal.contract)
    services.agreement_add(acting_user=coordinator, version=second, data=CO_CREATION)
    services.agreements_propose(acting_user=coordinator, version=second)
    services.agreements_accept(acting_user=contractor_a, version=second, name="Anna Visser")

    sent_proposal.refresh_from_db()
    second.refresh_from_db()
    assert sent_proposal.status == AgreementStatus.SUPERSEDED
    assert second.status == AgreementStatus.ACCEPTED
    assert Contract.objects.get(pk=second.contract_id).agreed_eur == Decimal("55000.00")
    # both PDFs stay
    assert AgreementVersionPdf.objects.count() == 2
    # accepting the superseded version is refused
    before = _state(second)
    with pytest.raises(AgreementError, match="nieuwere versie"):
        services.agreements_accept(acting_user=contractor_a, version=sent_proposal, name="Anna")
    assert _state(second) == before


def test_a_failing_pdf_does_not_lose_the_acceptance(
    sent_proposal: AgreementVersion, contractor_a: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = services.render_agreements_pdf

    def broken(version: AgreementVersion) -> bytes:
        raise RuntimeError("no fonts")

    monkeypatch.setattr(services, "render_agreements_pdf", broken)
    version = services.agreements_accept(acting_user=contractor_a, version=sent_proposal, name="A")
    assert version.status == AgreementStatus.ACCEPTED
    assert not AgreementVersionPdf.objects.exists()
    assert all(
        not mail.attachments.exists()
        for mail in OutboxMessage.objects.filter(subject__startswith="Geaccepteerd")
    )
    monkeypatch.setattr(services, "render_agreements_pdf", real)
    assert services.agreements_version_pdf(version=version).startswith(b"%PDF")
    assert AgreementVersionPdf.objects.filter(version=version).exists()


def test_a_proposal_has_no_pdf(proposal: AgreementVersion) -> None:
    with pytest.raises(AgreementError):
        services.agreements_version_pdf(version=proposal)
