"""Every change to prestatieafspraken: draw up, edit, propose, accept, new version.

Each service locks the contract's row, re-reads what it changes, checks the transition there
(``AGREEMENT_TRANSITIONS``), saves only the fields it changed and writes the audit entry with
the contract's id in the same transaction (the contract's timeline is built from it).
A refusal raises ``AgreementError`` with a Dutch message (and the field it concerns) and
changes nothing; the wrong role raises ``PermissionDenied``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sroi.accounts.constants import Role
from sroi.accounts.models import User
from sroi.agreements.constants import (
    AGREEMENT_TRANSITIONS,
    AgreementAction,
    AgreementStatus,
)
from sroi.agreements.models import Agreement, AgreementVersion, AgreementVersionPdf
from sroi.agreements.pdf import agreements_pdf_filename, render_agreements_pdf
from sroi.agreements.valuation import (
    agreement_value,
    agreements_total,
    block_takes_agreed_value,
    contract_obligation,
)
from sroi.core.audit import audit_log
from sroi.core.mail import mail_enqueue
from sroi.plans import contract_state
from sroi.plans.constants import ContractStatus, EffortKind, PlanStatus, TargetGroup
from sroi.plans.models import Contract, Plan, PlanLine, PlanVersion
from sroi.plans.valuation import contract_ruleset_version
from sroi.rules.engine import Category, RuleSet
from sroi.rules.engine.limits import PLAN_LINES_MAX

logger = logging.getLogger(__name__)


class AgreementError(Exception):
    """A refused change; ``message`` is for the user, ``field`` the form field it concerns."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# The kind of effort a block's category stands for (pre-fills an agreement from a plan line).
CATEGORY_EFFORT: dict[Category, str] = {
    Category.JOB: EffortKind.JOBS,
    Category.LEARN_WORK: EffortKind.LEARN_WORK,
    Category.INTERNSHIP: EffortKind.TRAINING_INTERNSHIP,
    Category.TRAINING: EffortKind.TRAINING_INTERNSHIP,
    Category.WORK_EXPERIENCE: EffortKind.TRAINING_INTERNSHIP,
    Category.PROCUREMENT: EffortKind.SOCIAL_PROCUREMENT,
    Category.SOCIAL_ACTIVITY: EffortKind.SOCIAL_VALUE,
    Category.CUSTOM: EffortKind.SOCIAL_VALUE,
}

# The fields of an agreement the coordinator edits (``agreement_update``/``agreement_add``).
AGREEMENT_FIELDS: tuple[str, ...] = (
    "effort_kind",
    "target_group",
    "block_code",
    "count",
    "hours_per_week",
    "start_date",
    "end_date",
    "deadline",
    "hours",
    "amount_eur",
    "agreed_value_eur",
    "note",
)


# --- access and locks ----------------------------------------------------------------------


def _require_coordinator(user: Any) -> None:
    if not (getattr(user, "is_authenticated", False) and user.is_coordinator):
        raise PermissionDenied


def _require_contractor_of(user: Any, contract: Contract) -> None:
    if not (
        getattr(user, "is_authenticated", False)
        and user.is_contractor
        and user.organisation_id is not None
        and user.organisation_id == contract.organisation_id
    ):
        raise PermissionDenied


def _lock_contract(contract: Contract) -> Contract:
    """The contract's row, locked: every agreements change of one contract goes one by one."""
    locked = Contract.objects.select_for_update().get(pk=contract.pk)
    if locked.status == ContractStatus.CLOSED or locked.closed_at is not None:
        raise AgreementError(
            _(
                "This contract is closed: its agreements and assessment moments can no longer"
                " change."
            )
        )
    return locked


def _lock_version(version: AgreementVersion) -> tuple[Contract, AgreementVersion]:
    contract = _lock_contract(version.contract)
    try:
        fresh = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    except AgreementVersion.DoesNotExist as exc:  # pragma: no cover (versions are never deleted)
        raise AgreementError(_("This version of the agreements no longer exists.")) from exc
    fresh.contract = contract
    return contract, fresh


def _check(version: AgreementVersion, action: str) -> str:
    allowed_from, target = AGREEMENT_TRANSITIONS[action]
    if version.status in allowed_from:
        return target
    if version.status == AgreementStatus.ACCEPTED:
        if action == AgreementAction.ACCEPT:
            raise AgreementError(_("This version of the agreements has already been accepted."))
        raise AgreementError(
            _(
                "Accepted agreements cannot be changed. Make a new version; the contractor"
                " accepts it again."
            )
        )
    if version.status == AgreementStatus.SUPERSEDED:
        raise AgreementError(
            _("This version of the agreements has been replaced by a newer version.")
        )
    raise AgreementError(  # pragma: no cover (every status is handled above)
        _("This cannot be done: the agreements have the status '%(status)s'.")
        % {"status": version.get_status_display()}
    )


def _audit(
    *, acting_user: Any, action: str, version: AgreementVersion, data: Mapping[str, Any] = {}
) -> None:
    audit_log(
        actor=acting_user,
        action=f"agreements.{action}",
        obj=version,
        data={"version": version.number, "status": version.status, **data},
        contract_id=version.contract_id,
    )


# --- valuation -----------------------------------------------------------------------------


def _ruleset(contract: Contract) -> RuleSet | None:
    version = contract_ruleset_version(contract)
    return version.to_engine() if version is not None else None


def _revalue(
    contract: Contract, version: AgreementVersion, ruleset_cache: dict[int, RuleSet]
) -> None:
    """Value every line again and store the values and the version's total."""
    agreements = list(version.agreements.all())
    for agreement in agreements:
        value = agreement_value(contract, agreement, ruleset_cache=ruleset_cache).value_eur
        if value != agreement.value_eur:
            agreement.value_eur = value
            agreement.save(update_fields=["value_eur"])
    version.total_eur = agreements_total(agreements)


def version_shortfall(version: AgreementVersion) -> Decimal:
    """How much the version's total falls short of its obligation (0 when it covers it)."""
    if version.obligation_eur is None:
        return Decimal("0")
    return max(Decimal(version.obligation_eur) - Decimal(version.total_eur), Decimal("0"))


def difference_is_recorded(version: AgreementVersion) -> bool:
    """The coordinator accepted the current shortfall with a reason (or there is none)."""
    shortfall = version_shortfall(version)
    if shortfall == 0:
        return True
    return bool(version.difference_reason.strip()) and version.difference_eur == shortfall


# --- drawing up ----------------------------------------------------------------------------


def approved_plan_version(contract: Contract) -> PlanVersion | None:
    """The latest version of the contract's approved plan (None: no approved plan)."""
    plan = Plan.objects.filter(contract=contract, status=PlanStatus.APPROVED).first()
    if plan is None:
        return None
    return plan.versions.order_by("-number").first()


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _effort_kind(ruleset: RuleSet | None, block_code: str) -> str:
    block = ruleset.block(block_code) if ruleset is not None else None
    if block is None:
        return EffortKind.JOBS
    return CATEGORY_EFFORT.get(block.category, EffortKind.SOCIAL_VALUE)


def _agreements_from_plan(
    plan_version: PlanVersion, version: AgreementVersion, ruleset: RuleSet | None
) -> list[Agreement]:
    """One agreement per line of the approved plan version (its frozen snapshot), pointing at
    the plan line it came from."""
    snapshot_lines = plan_version.snapshot.get("plan", {}).get("lines", []) or []
    line_ids = set(
        PlanLine.objects.filter(plan_id=plan_version.plan_id).values_list("pk", flat=True)
    )
    agreements = []
    for position, line in enumerate(snapshot_lines[:PLAN_LINES_MAX]):
        block_code = str(line.get("block_code") or "")
        target_group = str(line.get("target_group") or "")
        if not block_code and target_group and ruleset is not None:
            block_code = ruleset.target_group_block(target_group) or ""
        if not block_code:
            continue
        count = line.get("count")
        agreements.append(
            Agreement(
                version=version,
                position=position,
                plan_line_id=line.get("id") if line.get("id") in line_ids else None,
                effort_kind=_effort_kind(ruleset, block_code),
                target_group=target_group if target_group in TargetGroup.values else "",
                block_code=block_code,
                count=count if isinstance(count, int) and count >= 0 else 1,
                hours_per_week=_decimal(line.get("hours_per_week")),
                start_date=_date(line.get("start_date")),
                end_date=_date(line.get("end_date")),
                bonuses=[str(code) for code in line.get("bonuses") or []],
                hours=_decimal(line.get("hours")),
                amount_eur=_decimal(line.get("amount_eur")),
                agreed_value_eur=_decimal(line.get("agreed_value_eur")),
                note=str(line.get("description") or ""),
            )
        )
    return agreements


def _next_number(contract: Contract) -> int:
    latest = contract.agreement_versions.aggregate(latest=Max("number"))["latest"]
    return (latest or 0) + 1


@transaction.atomic
def agreements_draw_up(*, acting_user: User, contract: Contract) -> AgreementVersion:
    """The coordinator turns the approved plan into a proposal: one agreement per plan line,
    valued by the engine with the contract's rule-set version."""
    _require_coordinator(acting_user)
    contract = _lock_contract(contract)
    if contract.agreement_versions.exists():
        raise AgreementError(
            _(
                "This contract already has agreements. Change the proposal, or make a new"
                " version of the agreements in force."
            )
        )
    plan_version = approved_plan_version(contract)
    if plan_version is None:
        raise AgreementError(
            _("Agreements are drawn up from an approved plan; this contract has none yet.")
        )
    cache: dict[int, RuleSet] = {}
    ruleset = _ruleset(contract)
    plan = plan_version.plan
    version = AgreementVersion.objects.create(
        contract=contract,
        number=_next_number(contract),
        based_on=plan_version,
        obligation_eur=contract_obligation(contract, pso_level=plan.pso_level),
        created_by=acting_user,
    )
    Agreement.objects.bulk_create(_agreements_from_plan(plan_version, version, ruleset))
    _revalue(contract, version, cache)
    version.save(update_fields=["total_eur"])
    _audit(
        acting_user=acting_user,
        action="draw_up",
        version=version,
        data={"plan_version": plan_version.number, "total_eur": str(version.total_eur)},
    )
    return version


@transaction.atomic
def agreements_new_version(*, acting_user: User, contract: Contract) -> AgreementVersion:
    """A new proposal, a copy of the agreements in force; the contractor accepts it again."""
    _require_coordinator(acting_user)
    contract = _lock_contract(contract)
    if contract.agreement_versions.filter(status=AgreementStatus.PROPOSAL).exists():
        raise AgreementError(_("There is already a proposal: change that one."))
    in_force = contract.agreement_versions.filter(status=AgreementStatus.ACCEPTED).first()
    if in_force is None:
        raise AgreementError(_("There are no accepted agreements to make a new version of."))
    plan_version = approved_plan_version(contract) or in_force.based_on
    plan = plan_version.plan
    version = AgreementVersion.objects.create(
        contract=contract,
        number=_next_number(contract),
        based_on=plan_version,
        obligation_eur=contract_obligation(contract, pso_level=plan.pso_level),
        created_by=acting_user,
    )
    copies = []
    for agreement in in_force.agreements.all():
        agreement.pk = None
        agreement.version = version
        copies.append(agreement)
    Agreement.objects.bulk_create(copies)
    _revalue(contract, version, {})
    version.save(update_fields=["total_eur"])
    _audit(
        acting_user=acting_user,
        action="new_version",
        version=version,
        data={"copied_from": in_force.number},
    )
    return version


# --- editing a proposal ------------------------------------------------------------------


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name in AGREEMENT_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in {"effort_kind", "target_group", "block_code", "note"}:
            value = "" if value is None else str(value).strip()
        elif value == "":
            value = None
        cleaned[name] = value
    return cleaned


def _apply_and_check(
    contract: Contract, agreement: Agreement, data: Mapping[str, Any], cache: dict[int, RuleSet]
) -> None:
    """Put ``data`` on ``agreement`` and refuse what may not be agreed (nothing saved yet)."""
    for name, value in _clean(data).items():
        setattr(agreement, name, value)
    if agreement.count is None:
        agreement.count = 1
    ruleset = _ruleset(contract)
    if ruleset is None:
        raise AgreementError(_("This contract has no rule set to value agreements with."))
    if ruleset.block(agreement.block_code) is None:
        raise AgreementError(
            _("Choose a building block of the contract's rule set."), field="block_code"
        )
    if agreement.effort_kind not in EffortKind.values:
        raise AgreementError(_("Choose a kind of effort from the list."), field="effort_kind")
    if agreement.target_group and agreement.target_group not in TargetGroup.values:
        raise AgreementError(_("Choose a target group from the list."), field="target_group")
    takes_agreed = block_takes_agreed_value(ruleset, agreement.block_code)
    if agreement.agreed_value_eur is not None and not takes_agreed:
        raise AgreementError(
            _(
                "An agreed value is only for a building block whose value is agreed case by"
                " case (co-creation); the rule set values this block."
            ),
            field="agreed_value_eur",
        )
    if takes_agreed and agreement.agreed_value_eur is None:
        raise AgreementError(
            _("Enter the value agreed for this building block."), field="agreed_value_eur"
        )
    result = agreement_value(contract, agreement, ruleset_cache=cache)
    if result.value_eur is None:
        field, message = result.problems[0] if result.problems else ("__all__", "")
        raise AgreementError(
            message or _("This agreement cannot be valued."),
            field=field if field in AGREEMENT_FIELDS else None,
        )
    agreement.value_eur = result.value_eur


def _editable_version(acting_user: User, version: AgreementVersion) -> tuple[Contract, Any]:
    _require_coordinator(acting_user)
    contract, version = _lock_version(version)
    _check(version, AgreementAction.EDIT)
    return contract, version


def _after_edit(contract: Contract, version: AgreementVersion, cache: dict[int, RuleSet]) -> None:
    """Value again; a proposal that was sent must be sent again (the contractor is told)."""
    _revalue(contract, version, cache)
    version.revision += 1
    version.proposed_at = None
    version.save(update_fields=["total_eur", "revision", "proposed_at"])


@transaction.atomic
def agreement_update(
    *, acting_user: User, agreement: Agreement, data: Mapping[str, Any], revision: int | None = None
) -> Agreement:
    """The coordinator changes one agreement of a proposal (in place: its id stays)."""
    contract, version = _editable_version(acting_user, agreement.version)
    if revision is not None and revision != version.revision:
        raise AgreementError(
            _(
                "The proposal has been changed elsewhere since you opened it. Check the"
                " agreement and save again."
            )
        )
    fresh = Agreement.objects.filter(pk=agreement.pk, version=version).first()
    if fresh is None:  # removed by a colleague while this request waited for the lock
        raise AgreementError(_("This agreement has already been removed."))
    agreement = fresh
    cache: dict[int, RuleSet] = {}
    _apply_and_check(contract, agreement, data, cache)
    agreement.save()
    _after_edit(contract, version, cache)
    _audit(
        acting_user=acting_user,
        action="agreement_update",
        version=version,
        data={"agreement": agreement.pk, "value_eur": str(agreement.value_eur)},
    )
    return agreement


@transaction.atomic
def agreement_add(
    *, acting_user: User, version: AgreementVersion, data: Mapping[str, Any]
) -> Agreement:
    """The coordinator adds an agreement by hand (no plan line)."""
    contract, version = _editable_version(acting_user, version)
    count = version.agreements.count()
    if count >= PLAN_LINES_MAX:
        raise AgreementError(
            _("A version holds at most %(max)s agreements.") % {"max": PLAN_LINES_MAX}
        )
    position = (version.agreements.aggregate(last=Max("position"))["last"] or 0) + 1
    agreement = Agreement(version=version, position=position if count else 0)
    cache: dict[int, RuleSet] = {}
    _apply_and_check(contract, agreement, data, cache)
    agreement.save()
    _after_edit(contract, version, cache)
    _audit(
        acting_user=acting_user,
        action="agreement_add",
        version=version,
        data={"agreement": agreement.pk, "value_eur": str(agreement.value_eur)},
    )
    return agreement


@transaction.atomic
def agreement_remove(*, acting_user: User, agreement: Agreement) -> None:
    contract, version = _editable_version(acting_user, agreement.version)
    deleted, _rows = Agreement.objects.filter(pk=agreement.pk, version=version).delete()
    if not deleted:
        raise AgreementError(_("This agreement has already been removed."))
    _after_edit(contract, version, {})
    _audit(
        acting_user=acting_user,
        action="agreement_remove",
        version=version,
        data={"agreement": agreement.pk},
    )


@transaction.atomic
def agreements_record_difference(
    *, acting_user: User, version: AgreementVersion, reason: str
) -> AgreementVersion:
    """The coordinator accepts that the total falls short of the obligation, with a reason.
    The amount recorded is the shortfall now; when the total changes it must be recorded
    again (``difference_is_recorded``)."""
    _contract, version = _editable_version(acting_user, version)
    reason = (reason or "").strip()
    shortfall = version_shortfall(version)
    if shortfall == 0:
        raise AgreementError(
            _("The agreements cover the obligation: there is no difference to record.")
        )
    if not reason:
        raise AgreementError(_("Give the reason why this difference is accepted."), field="reason")
    version.difference_eur = shortfall
    version.difference_reason = reason
    version.save(update_fields=["difference_eur", "difference_reason"])
    _audit(
        acting_user=acting_user,
        action="record_difference",
        version=version,
        data={"difference_eur": str(shortfall)},
    )
    return version


# --- proposing and accepting ---------------------------------------------------------------


def _absolute(path: str) -> str:
    return str(settings.SROI_BASE_URL).rstrip("/") + path


def _contractor_addresses(contract: Contract) -> list[str]:
    addresses = list(
        User.objects.filter(
            organisation_id=contract.organisation_id, role=Role.CONTRACTOR, is_active=True
        )
        .order_by("pk")
        .values_list("email", flat=True)
    )
    if contract.contact_email and contract.contact_email not in addresses:
        addresses.append(contract.contact_email)
    return addresses


def _coordinator_addresses(version: AgreementVersion) -> list[str]:
    addresses = [str(settings.SROI_COORDINATOR_EMAIL)]
    if version.created_by is not None and version.created_by.email not in addresses:
        addresses.append(version.created_by.email)
    return addresses


def _mail(
    template: str,
    version: AgreementVersion,
    *,
    to: Sequence[str],
    acting_user: User,
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> None:
    if not to:
        return
    context = {
        "version": version,
        "contract": version.contract,
        "url": _absolute(reverse("agreements:list", kwargs={"contract_pk": version.contract_id})),
        "has_pdf": bool(attachments),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"agreements/email/{template}_subject.txt", context)
        body = render_to_string(f"agreements/email/{template}.txt", context)
    mail_enqueue(
        to=list(to),
        subject=" ".join(subject.split()),
        body=body,
        attachments=attachments,
        acting_user=acting_user,
    )


@transaction.atomic
def agreements_propose(*, acting_user: User, version: AgreementVersion) -> AgreementVersion:
    """Send the proposal to the contractor (mail through the outbox)."""
    _require_coordinator(acting_user)
    contract, version = _lock_version(version)
    _check(version, AgreementAction.PROPOSE)
    agreements = list(version.agreements.all())
    if not agreements:
        raise AgreementError(_("Add at least one agreement before sending the proposal."))
    if any(agreement.value_eur is None for agreement in agreements):
        raise AgreementError(_("Every agreement needs a value before the proposal can be sent."))
    if not difference_is_recorded(version):
        raise AgreementError(
            _(
                "The total falls short of the obligation by %(amount)s. Record the accepted"
                " difference with a reason before sending the proposal."
            )
            % {"amount": f"EUR {version_shortfall(version):.2f}".replace(".", ",")},
            field="reason",
        )
    version.proposed_at = timezone.now()
    version.save(update_fields=["proposed_at"])
    _audit(
        acting_user=acting_user,
        action="propose",
        version=version,
        data={"total_eur": str(version.total_eur)},
    )
    _mail(
        "proposed_contractor",
        version,
        to=_contractor_addresses(contract),
        acting_user=acting_user,
    )
    return version


def _render_pdf(version: AgreementVersion) -> bytes | None:
    """The PDF of an accepted version, or None when rendering fails (logged; the first
    download renders it again)."""
    try:
        return render_agreements_pdf(version)
    except Exception:  # a PDF problem must not lose the acceptance
        logger.exception("Rendering the PDF of agreements version %s failed", version.pk)
        return None


def _store_pdf(version: AgreementVersion, pdf: bytes) -> AgreementVersionPdf:
    return AgreementVersionPdf.objects.create(
        version=version, content=pdf, sha256=hashlib.sha256(pdf).hexdigest()
    )


@transaction.atomic
def agreements_accept(
    *, acting_user: User, version: AgreementVersion, name: str, revision: int | None = None
) -> AgreementVersion:
    """A contractor of the contract's organisation accepts the proposal: records the name it
    typed, the time and the exact version (its revision), stores the PDF of record, mails it
    to both sides and puts the agreements in force (the previous version is superseded)."""
    _require_contractor_of(acting_user, version.contract)
    contract, version = _lock_version(version)
    _check(version, AgreementAction.ACCEPT)
    name = (name or "").strip()
    if version.proposed_at is None:
        raise AgreementError(_("The coordinator has not sent this proposal yet."))
    if revision is not None and revision != version.revision:
        raise AgreementError(
            _(
                "The proposal has been changed since you opened it. Read it again before you"
                " accept it."
            )
        )
    if not name:
        raise AgreementError(_("Type your name to accept the agreements."), field="name")
    previous = contract.agreement_versions.filter(status=AgreementStatus.ACCEPTED).first()
    if previous is not None:
        previous.status = _check(previous, AgreementAction.SUPERSEDE)
        previous.save(update_fields=["status"])
        _audit(acting_user=acting_user, action="supersede", version=previous)
    version.status = AgreementStatus.ACCEPTED
    version.accepted_by = acting_user
    version.accepted_at = timezone.now()
    version.accepted_name = name
    version.save(update_fields=["status", "accepted_by", "accepted_at", "accepted_name"])
    contract.agreed_eur = version.total_eur
    contract.save(update_fields=["agreed_eur", "updated_at"])
    contract_state.contract_follow(
        contract=contract, event=contract_state.AGREEMENTS_ACCEPTED, acting_user=acting_user
    )
    # New agreements change what the contract still expects (its outlook and light).
    contract_state.contract_figures_changed.send(sender=Contract, contract=contract)
    _audit(
        acting_user=acting_user,
        action="accept",
        version=version,
        data={"total_eur": str(version.total_eur), "revision": version.revision},
    )
    pdf = _render_pdf(version)
    attachments: list[tuple[str, bytes, str]] = []
    if pdf is not None:
        _store_pdf(version, pdf)
        attachments.append((agreements_pdf_filename(version), pdf, "application/pdf"))
    for template, to in (
        ("accepted_contractor", _contractor_addresses(contract)),
        ("accepted_coordinator", _coordinator_addresses(version)),
    ):
        _mail(template, version, to=to, acting_user=acting_user, attachments=attachments)
    return version


def agreements_version_pdf(*, version: AgreementVersion) -> bytes:
    """The stored PDF of an accepted (or superseded) version; rendered and stored on the
    first download when rendering failed at acceptance."""
    if version.status == AgreementStatus.PROPOSAL:
        raise AgreementError(_("A proposal has no PDF of record yet."))
    stored = AgreementVersionPdf.objects.filter(version=version).first()
    if stored is not None:
        return bytes(stored.content)
    pdf = render_agreements_pdf(version)
    with transaction.atomic():
        stored = AgreementVersionPdf.objects.filter(version=version).first()
        if stored is not None:
            return bytes(stored.content)
        _store_pdf(version, pdf)
        audit_log(
            actor=None,
            action="agreements.pdf_stored",
            obj=version,
            contract_id=version.contract_id,
        )
    return pdf
