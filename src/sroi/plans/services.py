"""Every change to buyers, contracts and plans (keyword-only, atomic, audited).

The plan's workflow is ``sroi.plans.constants.PLAN_TRANSITIONS``, checked here only:

    draft             --submit-->          submitted (version 1)
    submitted         --withdraw-->        withdrawn
    changes_requested --submit-->          submitted (version n+1)
    withdrawn         --submit-->          submitted (version n+1)
    draft (never submitted) --delete-->    gone (``plan_delete``; not once a version exists)

The coordinator's decisions (approve with four eyes, request changes with comments, reject)
and assignment live in ``sroi.plans.services_review``.

- Drafts take whatever is given (``plan_save_draft``); only ``plan_submit`` checks
  completeness (``plan_check_complete``: field -> Dutch message).
- Every service that changes a plan locks its row and re-reads it (``_lock``), checks the
  status on that fresh copy and saves only the fields it changed (``update_fields``): a save
  that waited for another's lock sees what that one did. ``plan_save_draft`` raises the
  plan's ``revision`` and refuses a save based on an older one (``PlanConflictError``; the
  form shows the conflict, see ``sroi.plans.conflicts``).
- A contract has one active plan (``PLAN_ACTIVE_STATUSES``, also a database constraint). The
  contract is read-only while its plan is submitted and once it is approved.
- Only the coordinator sets a line's agreed value: a contractor's lines may not carry one.
- ``plan_submit`` freezes the plan as a new ``PlanVersion`` (number n+1) whose snapshot holds
  everything needed to show or print it later: organisation, contract, form data, lines,
  valuation (calc-io output) and the rule set's id/version/status. No service ever updates a
  version. The snapshot's typed, versioned schema is ``sroi.plans.snapshot``.
- Withdrawing puts the plan back with the contractor as ``withdrawn`` (not ``draft``), so the
  list shows that it was once submitted; it is editable and a new submission is version n+1.
- The contract's rule-set version is fixed when its plan is first submitted: the published
  ``nhn-werksaam`` version valid on the start date. Until then a draft is valued with (and
  shows) the version it WILL use, the one valid on its current start date. Once fixed,
  correcting the start date does not change it (a plan is never silently revalued under
  another table); the valuation then still uses the fixed version (``sroi.plans.valuation``).
  A plan made from a calculation fixes the version the calculation used at once.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sroi.accounts import services as account_services
from sroi.accounts.constants import OrganisationKind, Role
from sroi.accounts.models import Invitation, Organisation, User
from sroi.core.audit import audit_log
from sroi.core.mail import mail_enqueue
from sroi.core.workdays import add_working_days
from sroi.plans import contract_state
from sroi.plans.constants import (
    DEFAULT_RULESET_CODE,
    EFFORT_KINDS_NEEDING_TARGET_GROUP,
    PLAN_ACTIVE_STATUSES,
    PLAN_EDITABLE_STATUSES,
    PLAN_TRANSITIONS,
    EffortKind,
    PlanAction,
    PlanStatus,
    PsoLevel,
    TargetGroup,
)
from sroi.plans.lines import LINE_FIELDS, LINE_ID, line_is_empty
from sroi.plans.models import (
    Buyer,
    Contract,
    Plan,
    PlanEvent,
    PlanLine,
    PlanVersion,
    PlanVersionPdf,
)
from sroi.plans.pdf import plan_pdf_filename, render_plan_pdf
from sroi.plans.snapshot import PlanSnapshot, plan_snapshot
from sroi.plans.valuation import PlanValuation, plan_valuation
from sroi.rules import selectors as rule_selectors
from sroi.rules.calcio import parse_request
from sroi.rules.constants import RuleSetState
from sroi.rules.engine import Category, RuleSet, calculate
from sroi.rules.engine.limits import AMOUNT_EUR, PERCENTAGE, PLAN_LINES_MAX
from sroi.rules.models import RuleSetVersion

logger = logging.getLogger(__name__)

# --- errors --------------------------------------------------------------------------------


class PlanError(Exception):
    """A plan action that cannot be done now; ``message`` is for the user (active language)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PlanTransitionError(PlanError):
    pass


class PlanConflictError(PlanError):
    """A save based on an older revision: the plan was saved meanwhile (another tab or a
    colleague). Nothing was saved; ``plan`` is the plan as stored now (``revision`` and all)."""

    def __init__(self, plan: Plan) -> None:
        super().__init__(
            _(
                "This plan has been changed elsewhere (in another tab or by a colleague) since"
                " you opened it. Your changes have not been saved yet."
            )
        )
        self.plan = plan


class PlanIncompleteError(PlanError):
    """Submission refused; ``errors`` maps a field name to its message (active language)."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__(_("The plan is not complete yet."))
        self.errors = dict(errors)


# --- field lists ---------------------------------------------------------------------------

CONTRACT_FIELDS: tuple[str, ...] = (
    "name",
    "buyer",
    "value_eur",
    "start_date",
    "end_date",
    "extension_notes",
    "extension_count",
    "extension_months",
    "sroi_percentage",
)
# The contractor's contact person for Social Return on this contract: editable by the
# contractor also on a contract of record (whose ``CONTRACT_FIELDS`` are locked).
CONTACT_FIELDS: tuple[str, ...] = (
    "contact_name",
    "contact_function",
    "contact_email",
    "contact_phone",
)
PLAN_FIELDS: tuple[str, ...] = (
    "effort_kinds",
    "target_groups",
    "work_description",
    "social_explanation",
    "pso_level",
    "pso_certificate_end",
    "additional_info",
)
_TEXT_FIELDS = frozenset(
    {
        "name",
        "extension_notes",
        "work_description",
        "social_explanation",
        "pso_level",
        "additional_info",
        "target_group",
        "block_code",
        "description",
        "reference",
        "lot",
        *CONTACT_FIELDS,
    }
)
_LIST_FIELDS = frozenset({"effort_kinds", "target_groups", "bonuses"})


def _clean_value(name: str, value: Any) -> Any:
    if name in _TEXT_FIELDS:
        return "" if value is None else str(value).strip()
    if name in _LIST_FIELDS:
        return [str(item) for item in (value or []) if str(item).strip()]
    if value == "":
        return None
    return value


# --- access --------------------------------------------------------------------------------


def _require_contractor_of(user: Any, organisation_id: int | None) -> None:
    if not (
        getattr(user, "is_authenticated", False)
        and user.is_contractor
        and user.organisation_id is not None
        and user.organisation_id == organisation_id
    ):
        raise PermissionDenied


def _require_coordinator(user: Any) -> None:
    if not (getattr(user, "is_authenticated", False) and user.is_coordinator):
        raise PermissionDenied


def _check_transition(plan: Plan, action: str) -> str:
    allowed_from, target = PLAN_TRANSITIONS[action]
    if plan.status not in allowed_from:
        raise PlanTransitionError(
            _("This cannot be done: the plan has the status '%(status)s'.")
            % {"status": plan.get_status_display()}
        )
    return target


def _lock(plan: Plan) -> Plan:
    """Re-read the plan (and its contract) with a row lock: every state change checks the
    status on this fresh copy, so two clicks cannot both submit version n+1 and an autosave
    that waited for a submission cannot turn it back into a draft. A plan deleted meanwhile
    (another tab deleted the draft while this request waited) is a ``PlanTransitionError``."""
    return _reread(plan, lock=True)


def _reread(plan: Plan, *, lock: bool = False) -> Plan:
    plans = Plan.objects.select_related("contract")
    try:
        return (plans.select_for_update() if lock else plans).get(pk=plan.pk)
    except Plan.DoesNotExist as exc:
        raise PlanTransitionError(_("This plan has been deleted.")) from exc


# --- buyers --------------------------------------------------------------------------------


@transaction.atomic
def buyer_create(*, acting_user: User, name: str) -> Buyer:
    """A buyer on the coordinator's list, with its organisation (kind buyer, the same name):
    the organisation its users (role buyer) belong to."""
    _require_coordinator(acting_user)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the name of the buyer.")})
    if Buyer.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("This buyer is already on the list.")})
    organisation = Organisation.objects.create(name=name, kind=OrganisationKind.BUYER)
    buyer = Buyer.objects.create(name=name, organisation=organisation)
    audit_log(
        actor=acting_user,
        action="buyer.create",
        obj=buyer,
        data={"name": name, "organisation": organisation.pk},
    )
    return buyer


def _buyer_organisation(buyer: Buyer) -> Organisation:
    """The buyer's organisation, made now for a buyer that has none (locked row)."""
    if buyer.organisation_id is not None:
        return Organisation.objects.get(pk=buyer.organisation_id)
    organisation = Organisation.objects.create(name=buyer.name, kind=OrganisationKind.BUYER)
    buyer.organisation = organisation
    buyer.save(update_fields=["organisation"])
    return organisation


@transaction.atomic
def buyer_invite_user(*, acting_user: User, buyer: Buyer, email: str) -> Invitation:
    """A coordinator invites a buyer's contract manager: an invitation (role buyer) into the
    buyer's organisation, through the accounts invitation flow and its mail. The buyer users
    read the buyer's contracts and plans (``selectors.contracts_visible_q``)."""
    _require_coordinator(acting_user)
    locked = Buyer.objects.select_for_update().get(pk=buyer.pk)
    organisation = _buyer_organisation(locked)
    invitation, _token = account_services.invitation_create(
        acting_user=acting_user, email=email, role=Role.BUYER, organisation=organisation
    )
    buyer.organisation = organisation
    return invitation


@transaction.atomic
def buyer_set_active(*, acting_user: User, buyer: Buyer, active: bool) -> Buyer:
    """Deactivate (or reactivate) a buyer: existing contracts keep it, new ones cannot pick it."""
    _require_coordinator(acting_user)
    if buyer.active != active:
        buyer.active = active
        buyer.save(update_fields=["active"])
        audit_log(
            actor=acting_user,
            action="buyer.activate" if active else "buyer.deactivate",
            obj=buyer,
        )
    return buyer


# --- contracts -----------------------------------------------------------------------------


def _validate_contract(contract: Contract, changed: Sequence[str] = ()) -> None:
    """What the database forbids, as Dutch field messages (a draft may be incomplete).

    An end date before the start date is put at the date that was changed (``changed``), so
    that the caller can leave out that field and save the rest.
    """
    errors: dict[str, str] = {}
    if contract.value_eur is not None and contract.value_eur < AMOUNT_EUR.minimum:
        errors["value_eur"] = _("The contract value cannot be negative.")
    if contract.sroi_percentage is not None and not PERCENTAGE.admits(contract.sroi_percentage):
        errors["sroi_percentage"] = _("The percentage lies between 0 and 100.")
    if (
        contract.start_date is not None
        and contract.end_date is not None
        and contract.end_date < contract.start_date
    ):
        key = "start_date" if "start_date" in changed and "end_date" not in changed else "end_date"
        errors[key] = _("The end date is before the start date.")
    if contract.contact_email:
        try:
            validate_email(contract.contact_email)
        except ValidationError:
            errors["contact_email"] = _("Enter a valid e-mail address.")
    if errors:
        raise ValidationError(errors)


def _fix_ruleset(contract: Contract) -> None:
    """Fix the rule-set version at the first submission: the published version valid on the
    contract's start date (what the draft was valued with). Never changed after."""
    if contract.ruleset_version_id is not None or contract.start_date is None:
        return
    try:
        contract.ruleset_version = rule_selectors.ruleset_version_valid_on(
            code=DEFAULT_RULESET_CODE, day=contract.start_date
        )
    except RuleSetVersion.DoesNotExist:
        return  # no published version: ``plan_check_complete`` refuses the submission
    contract.save(update_fields=["ruleset_version", "updated_at"])


def _apply(instance: Any, fields: Sequence[str], data: Mapping[str, Any]) -> list[str]:
    """Set the given fields (text trimmed, "" -> None, numbers and dates parsed)."""
    changed = []
    for name in fields:
        if name in data:
            value = _clean_value(name, data[name])
            field = instance._meta.get_field(name)
            if value is not None and not field.is_relation and name not in _LIST_FIELDS:
                value = field.to_python(value)
            if getattr(instance, name) != value:
                setattr(instance, name, value)
                changed.append(name)
    return changed


@transaction.atomic
def contract_create(
    *, acting_user: User, organisation: Organisation, data: Mapping[str, Any] | None = None
) -> Contract:
    """A contract of ``organisation`` from whatever is given (``CONTRACT_FIELDS``)."""
    _require_contractor_of(acting_user, organisation.pk)
    contract = Contract(organisation=organisation)
    _apply(contract, (*CONTRACT_FIELDS, *CONTACT_FIELDS), data or {})
    _validate_contract(contract)
    contract.save()
    audit_log(actor=acting_user, action="contract.create", obj=contract, contract_id=contract.pk)
    contract_state.contract_refresh_figures(contract)
    return contract


def _contract_read_only(contract: Contract) -> bool:
    """A contract is read-only once its plan left the contractor (submitted or approved)."""
    return contract.plans.exclude(status__in=PLAN_EDITABLE_STATUSES).exists()


@transaction.atomic
def contract_update(*, acting_user: User, contract: Contract, data: Mapping[str, Any]) -> Contract:
    """Change the given fields; refused while its plan is submitted and once it is approved.

    Locks and re-reads the contract, so the check and the save see the same state. On a
    contract of record only the contact person may change: a change to one of its
    ``CONTRACT_FIELDS`` is refused per field (``ValidationError``, nothing saved), so the caller
    can leave those out and save the rest.
    """
    _require_contractor_of(acting_user, contract.organisation_id)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if _contract_read_only(contract):
        raise PlanTransitionError(_("This contract can no longer be changed."))
    if contract.of_record:
        _refuse_locked_changes(contract, data)
    changed = _apply(contract, (*CONTRACT_FIELDS, *CONTACT_FIELDS), data)
    if changed:
        _validate_contract(contract, changed)
        contract.save(update_fields=[*changed, "updated_at"])
        audit_log(
            actor=acting_user,
            action="contract.update",
            obj=contract,
            data={"fields": changed},
            contract_id=contract.pk,
        )
        contract_state.contract_refresh_figures(contract)
    return contract


def contract_locked_message() -> str:
    return _(
        "This contract was registered by the Social Return coordinator: this field cannot be"
        " changed here. Ask the coordinator if it is not correct."
    )


def _refuse_locked_changes(contract: Contract, data: Mapping[str, Any]) -> None:
    """A contract of record keeps its contract fields: any change to one is refused."""
    probe = Contract(pk=contract.pk, organisation_id=contract.organisation_id)
    for field in Contract._meta.concrete_fields:
        setattr(probe, field.attname, getattr(contract, field.attname))
    changed = _apply(probe, CONTRACT_FIELDS, data)
    if changed:
        raise ValidationError(dict.fromkeys(changed, contract_locked_message()))


# --- plans ---------------------------------------------------------------------------------


def _save_lines(plan: Plan, lines: Sequence[Mapping[str, Any]]) -> int:
    """Store ``lines`` as the plan's lines, in order, keeping each line's identity.

    A line that carries its ``id`` (``LINE_ID``) is updated in place; a line without one is
    created; a saved line that is not given (removed by the user, or emptied) is deleted.
    Empty lines (``sroi.plans.lines.line_is_empty``) are dropped. An id that is not one of
    this plan's lines (another plan's, or a line deleted meanwhile) is refused with a
    ``ValidationError`` on ``lines``, before anything changes.
    """
    kept = [line for line in lines if not line_is_empty(line)]
    existing = {line.pk: line for line in plan.lines.all()}
    given: list[int | None] = []
    for line in kept:
        raw = line.get(LINE_ID)
        try:
            line_id = int(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            line_id = -1
        if line_id is not None and (line_id not in existing or line_id in given):
            message = _("This line does not belong to this plan. Reload the page and try again.")
            raise ValidationError({"lines": message})
        given.append(line_id)
    removed = [pk for pk in existing if pk not in given]
    if removed:
        PlanLine.objects.filter(plan=plan, pk__in=removed).delete()
    new_rows = []
    for position, (line_id, line) in enumerate(zip(given, kept, strict=True)):
        if line_id is None:
            row = PlanLine(plan=plan, position=position)
            _apply(row, LINE_FIELDS, line)
            new_rows.append(row)
            continue
        row = existing[line_id]
        changed = _apply(row, LINE_FIELDS, line)
        if row.position != position:
            row.position = position
            changed.append("position")
        if changed:
            row.save(update_fields=changed)
    for row in new_rows:
        row.save()  # one by one: the ids must come back on every database
    return len(kept)


@transaction.atomic
def plan_create(
    *,
    acting_user: User,
    contract: Contract,
    data: Mapping[str, Any] | None = None,
    lines: Sequence[Mapping[str, Any]] = (),
    draft_key: str = "",
) -> Plan:
    """A draft plan for ``contract`` with whatever is given (``PLAN_FIELDS``, lines).

    A contract has one active plan (``PLAN_ACTIVE_STATUSES``; also a database constraint):
    a second one is refused with ``PlanError``. Lines may not carry an agreed value.

    ``draft_key`` (the new-plan form's key) is unique per creator: a second create with the
    same key raises ``IntegrityError``, and the caller saves into the existing plan instead.
    """
    _require_contractor_of(acting_user, contract.organisation_id)
    _refuse_agreed_values(lines)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.plans.filter(status__in=PLAN_ACTIVE_STATUSES).exists():
        raise PlanError(
            _(
                "This contract already has a plan van aanpak; a contract has one plan."
                " Change that plan instead."
            )
        )
    plan = Plan(contract=contract, created_by=acting_user, draft_key=draft_key)
    _apply(plan, PLAN_FIELDS, data or {})
    plan.save()
    count = _save_lines(plan, lines)
    audit_log(
        actor=acting_user,
        action="plan.create",
        obj=plan,
        data={"lines": count},
        contract_id=contract.pk,
    )
    contract_state.contract_refresh_figures(contract)
    return plan


def _refuse_agreed_values(lines: Sequence[Mapping[str, Any]] | None) -> None:
    """Only the coordinator sets a line's agreed value; a contractor's save may not carry one."""
    for line in lines or ():
        if _clean_value("agreed_value_eur", line.get("agreed_value_eur")) is not None:
            raise ValidationError(
                {"lines": _("Only the Social Return coordinator sets an agreed value.")}
            )


@transaction.atomic
def plan_save_draft(
    *,
    acting_user: User,
    plan: Plan,
    contract_data: Mapping[str, Any] | None = None,
    plan_data: Mapping[str, Any] | None = None,
    lines: Sequence[Mapping[str, Any]] | None = None,
    revision: int | None = None,
) -> Plan:
    """Save what was typed, complete or not (the form's autosave and "save" button).

    ``contract_data`` / ``plan_data`` hold only the fields to change; ``lines`` (when given)
    are all the plan's lines, each updated in place by its ``id`` (``_save_lines``).
    The status stays as it is (draft, changes requested or withdrawn).

    The plan is locked and re-read first: an autosave that waited for a submission's lock
    sees the submitted status and is refused (``PlanTransitionError``), it never turns the
    plan back into a draft. ``revision`` is the revision the form was based on: when the
    plan was saved meanwhile, ``PlanConflictError`` (nothing saved). Every save raises the
    revision by one. Returns the saved plan (a new instance: use it, not the one passed in).

    Raises ``ValidationError`` (field -> Dutch message) only for what the database cannot
    store: a negative value, a percentage outside 0-100, an end date before the start date.
    """
    _require_contractor_of(acting_user, plan.contract.organisation_id)
    _refuse_agreed_values(lines)
    plan = _lock(plan)
    if plan.status not in PLAN_EDITABLE_STATUSES:
        raise PlanTransitionError(
            _("This plan cannot be changed: its status is '%(status)s'.")
            % {"status": plan.get_status_display()}
        )
    if revision is not None and revision != plan.revision:
        raise PlanConflictError(plan)
    if contract_data:
        plan.contract = contract_update(
            acting_user=acting_user, contract=plan.contract, data=contract_data
        )
    changed = _apply(plan, PLAN_FIELDS, plan_data or {})
    if lines is not None:
        _save_lines(plan, lines)
    plan.revision += 1
    # ``updated_at`` always: it is the moment of the last save.
    plan.save(update_fields=[*changed, "revision", "updated_at"])
    audit_log(
        actor=acting_user,
        action="plan.save_draft",
        obj=plan,
        data={
            "fields": [*changed, *(["lines"] if lines is not None else [])],
            "revision": plan.revision,
        },
        contract_id=plan.contract_id,
    )
    contract_state.contract_refresh_figures(plan.contract)
    return plan


_ENGINE_FIELDS = {
    "block": "block_code",
    "start": "start_date",
    "end": "end_date",
    "date": "start_date",
    "line": "block_code",
}
_CONTRACT_ENGINE_FIELDS = {
    "contract.value_eur": "value_eur",
    "contract.start": "start_date",
    "contract.end": "end_date",
    "contract.sroi_percentage": "sroi_percentage",
    "pso_level": "pso_level",
    "ruleset": "start_date",
    "reference_date": "start_date",
}


def line_field_key(index: int, field: str) -> str:
    """The key of a line field in ``plan_check_complete``'s result: ``lines-0-hours_per_week``
    (Django's formset naming with prefix ``lines``)."""
    return f"lines-{index}-{field}"


def _line_problems(plan: Plan, valuation: PlanValuation) -> dict[str, str]:
    errors: dict[str, str] = {}
    for problem in valuation.problems:
        if problem.line is None:
            key = _CONTRACT_ENGINE_FIELDS.get(problem.field, problem.field)
        else:
            field = problem.field.split("[", 1)[0]
            key = line_field_key(problem.line, _ENGINE_FIELDS.get(field, field))
        errors.setdefault(key, problem.message_nl)
    return errors


def plan_check_complete(plan: Plan, *, today: date | None = None) -> dict[str, str]:
    """What a submission still needs: field -> message, Dutch by default (empty: complete).

    Keys are the model field names (``name``, ``buyer``, ``value_eur``, ..., ``effort_kinds``,
    ``target_groups``, ``pso_certificate_end``), ``lines`` for the lines as a whole, and
    ``lines-<index>-<field>`` for one line (index in the plan's line order).
    """
    today = today or timezone.localdate()
    contract = plan.contract
    errors: dict[str, str] = {}
    if not contract.name:
        errors["name"] = _("Enter the name of the contract.")
    if contract.buyer_id is None:
        errors["buyer"] = _("Choose the buyer.")
    if contract.value_eur is None:
        errors["value_eur"] = _("Enter the (estimated) contract value.")
    if contract.start_date is None:
        errors["start_date"] = _("Enter the start date of the contract.")
    if contract.end_date is None:
        errors["end_date"] = _("Enter the end date of the contract.")
    if contract.sroi_percentage is None:
        errors["sroi_percentage"] = _("Enter the Social Return percentage.")
    if (contract.extension_count is None) != (contract.extension_months is None):
        errors["extension_months" if contract.extension_months is None else "extension_count"] = _(
            "Fill in both the number of extensions and the length of an extension, or neither."
        )

    kinds = set(plan.effort_kinds or [])
    if not kinds:
        errors["effort_kinds"] = _("Choose at least one kind of effort.")
    unknown_kinds = kinds - set(EffortKind.values)
    if unknown_kinds:
        errors["effort_kinds"] = _("Choose a kind of effort from the list.")
    groups = list(plan.target_groups or [])
    if kinds & EFFORT_KINDS_NEEDING_TARGET_GROUP and not groups:
        errors["target_groups"] = _(
            "Choose at least one target group: you chose vacancies/jobs or learn-work places."
        )
    if set(groups) - set(TargetGroup.values):
        errors["target_groups"] = _("Choose a target group from the list.")
    if kinds & {EffortKind.JOBS, EffortKind.LEARN_WORK, EffortKind.TRAINING_INTERNSHIP} and not (
        plan.work_description.strip()
    ):
        errors["work_description"] = _("Describe the work the candidates will do.")
    if kinds & {EffortKind.SOCIAL_PROCUREMENT, EffortKind.SOCIAL_VALUE} and not (
        plan.social_explanation.strip()
    ):
        errors["social_explanation"] = _(
            "Explain the social procurement and/or the social added value."
        )
    if plan.pso_level and plan.pso_level not in PsoLevel.values:
        errors["pso_level"] = _("Choose a step of the PSO ladder from the list.")
    if plan.pso_level and plan.pso_certificate_end is None:
        errors["pso_certificate_end"] = _("Enter the end date of the PSO certificate.")
    elif plan.pso_level and plan.pso_certificate_end and plan.pso_certificate_end < today:
        errors["pso_certificate_end"] = _("The PSO certificate has expired.")

    lines = list(plan.lines.all())
    if not lines:
        errors["lines"] = _("Fill in at least one line: candidates, procurement or hours.")
    lined_groups = {line.target_group for line in lines if line.target_group}
    for group in groups:
        if group not in lined_groups:
            errors.setdefault(
                "lines",
                _("Fill in the expected number of candidates for each target group you chose."),
            )
    for index, line in enumerate(lines):
        if line.target_group and line.target_group not in groups:
            errors[line_field_key(index, "target_group")] = _(
                "This target group is not checked under 'Choice of target group'."
            )
        if line.target_group and not line.count:
            errors[line_field_key(index, "count")] = _("Enter the expected number of candidates.")

    if not (errors.keys() & {"value_eur", "start_date", "end_date"}):
        valuation = plan_valuation(plan)
        for key, message in _line_problems(plan, valuation).items():
            errors.setdefault(key, message)
        for key, message in valuation.missing.items():
            errors.setdefault(key, message)
    return errors


# --- workflow ------------------------------------------------------------------------------


def _record(
    *,
    plan: Plan,
    action: str,
    acting_user: User,
    note: str = "",
    version: PlanVersion | None = None,
    data: Mapping[str, Any] | None = None,
) -> PlanEvent:
    """The plan's event and its audit entry, on the contract's timeline (``contract_id``)."""
    event = PlanEvent.objects.create(
        plan=plan, version=version, action=action, note=note, actor=acting_user
    )
    audit_log(
        actor=acting_user,
        action=f"plan.{action}",
        obj=plan,
        data={"status": plan.status, "version": plan.current_version, **(data or {})},
        contract_id=plan.contract_id,
    )
    contract_state.contract_follow(contract=plan.contract, event=action, acting_user=acting_user)
    return event


def _absolute(path: str) -> str:
    return settings.SROI_BASE_URL.rstrip("/") + path


def _mail(
    template: str,
    context: Mapping[str, Any],
    *,
    to: str,
    acting_user: User,
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> None:
    """Put ``plans/email/<template>.txt`` (subject: ``<template>_subject.txt``), rendered in
    the site's language, in the outbox for ``to``."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"plans/email/{template}_subject.txt", context)
        body = render_to_string(f"plans/email/{template}.txt", context)
    mail_enqueue(
        to=[to],
        subject=" ".join(subject.split()),
        body=body,
        attachments=attachments,
        acting_user=acting_user,
    )


def _mail_submission(
    *, plan: Plan, version: PlanVersion, acting_user: User, pdf: bytes | None
) -> None:
    snapshot = version.snapshot
    day = timezone.localdate(version.submitted_at)
    attachments = (
        [(plan_pdf_filename(plan.contract.name, day), pdf, "application/pdf")]
        if pdf is not None
        else []
    )
    context = {
        "plan": plan,
        "version": version,
        "organisation": plan.contract.organisation,
        "contract": plan.contract,
        "valuation": snapshot["valuation"],
        "detail_url": _absolute(
            reverse("plans:plan_version_detail", kwargs={"pk": plan.pk, "number": version.number})
        ),
        "submitted_by": acting_user,
        "has_pdf": pdf is not None,
    }
    _mail(
        "submitted_coordinator",
        context,
        to=settings.SROI_COORDINATOR_EMAIL,
        acting_user=acting_user,
        attachments=attachments,
    )
    _mail(
        "submitted_contractor",
        context,
        to=acting_user.email,
        acting_user=acting_user,
        attachments=attachments,
    )


def _render_pdf(snapshot: Mapping[str, Any]) -> bytes | None:
    """The PDF of a snapshot, or None when rendering fails (logged; rendered again later)."""
    try:
        return render_plan_pdf(snapshot)
    except Exception:  # a PDF problem must not lose the submission
        logger.exception("Rendering the PDF of a plan version failed")
        return None


@dataclass(frozen=True)
class _PreparedSubmission:
    number: int
    submitted_at: datetime
    snapshot: PlanSnapshot
    pdf: bytes | None


class _PlanChangedMeanwhile(Exception):
    """The plan changed between rendering its PDF and taking the lock: prepare again."""


def _submission_snapshot(plan: Plan, *, number: int, now: datetime, by: User) -> PlanSnapshot:
    """Check completeness and freeze ``plan`` (raises ``PlanIncompleteError``)."""
    errors = plan_check_complete(plan)
    if errors:
        raise PlanIncompleteError(errors)
    valuation = plan_valuation(plan)
    if valuation.valuation is None or valuation.problems:  # pragma: no cover (checked above)
        raise PlanIncompleteError(_line_problems(plan, valuation) or valuation.missing)
    return plan_snapshot(
        plan=plan, valuation=valuation, number=number, submitted_at=now, submitted_by=by
    )


def _prepare_submission(plan: Plan, acting_user: User, *, render: bool) -> _PreparedSubmission:
    """Outside the lock: the snapshot the submission will freeze, and its PDF (2 to 5 s)."""
    plan = _reread(plan)
    _check_transition(plan, PlanAction.SUBMIT)
    number = plan.current_version + 1
    now = timezone.now()
    snapshot = _submission_snapshot(plan, number=number, now=now, by=acting_user)
    return _PreparedSubmission(number, now, snapshot, _render_pdf(snapshot) if render else None)


@transaction.atomic
def _submit_locked(*, acting_user: User, plan: Plan, prepared: _PreparedSubmission) -> PlanVersion:
    plan = _lock(plan)
    target = _check_transition(plan, PlanAction.SUBMIT)
    if plan.current_version + 1 != prepared.number:
        raise _PlanChangedMeanwhile
    _fix_ruleset(plan.contract)
    snapshot = _submission_snapshot(
        plan, number=prepared.number, now=prepared.submitted_at, by=acting_user
    )
    if snapshot != prepared.snapshot:
        raise _PlanChangedMeanwhile
    version = PlanVersion.objects.create(
        plan=plan,
        number=prepared.number,
        snapshot=snapshot,
        submitted_at=prepared.submitted_at,
        submitted_by=acting_user,
    )
    if prepared.pdf is not None:
        _store_pdf(version, prepared.pdf)
    plan.status = target
    plan.current_version = prepared.number
    # The review deadline: N working days after the local day of submission (Dutch public
    # holidays honoured); a new submission starts a new review (no first approval yet).
    plan.submitted_at = prepared.submitted_at
    plan.review_deadline = add_working_days(
        timezone.localdate(prepared.submitted_at), settings.SROI_REVIEW_WORKING_DAYS
    )
    plan.first_approved_by = None
    plan.save(
        update_fields=[
            "status",
            "current_version",
            "submitted_at",
            "review_deadline",
            "first_approved_by",
            "updated_at",
        ]
    )
    _record(plan=plan, action=PlanAction.SUBMIT, acting_user=acting_user, version=version)
    contract_state.contract_refresh_figures(plan.contract)
    _mail_submission(plan=plan, version=version, acting_user=acting_user, pdf=prepared.pdf)
    return version


def plan_submit(*, acting_user: User, plan: Plan) -> PlanVersion:
    """Check completeness, freeze the plan as version n+1 with its PDF, mark it submitted,
    mail both sides.

    The PDF (the document of record, 2 to 5 s to render) is rendered from the snapshot
    BEFORE the transaction that locks the plan; under the lock the snapshot is built again
    and must be the same, then version, PDF, status and mails are written in one
    transaction. A plan changed in between is prepared again (rendered at most 3 times; a
    4th attempt stores the version without a PDF, which the first download renders). A PDF
    that fails to render is logged and rendered on the first download (or by
    ``manage.py store_plan_pdfs``); the mails then go without the attachment.

    Raises ``PlanTransitionError`` when the status does not allow it and
    ``PlanIncompleteError`` (with ``errors``) when something is missing; nothing changes then.
    The rule-set version of the contract is fixed here (``_fix_ruleset``).
    """
    _require_contractor_of(acting_user, plan.contract.organisation_id)
    for attempt in range(4):
        prepared = _prepare_submission(plan, acting_user, render=attempt < 3)
        try:
            return _submit_locked(acting_user=acting_user, plan=plan, prepared=prepared)
        except _PlanChangedMeanwhile:
            continue
    raise PlanTransitionError(  # pragma: no cover (four crossing edits in a row)
        _("The plan was changed while it was being submitted. Try again.")
    )


# --- the document of record ----------------------------------------------------------------


def _store_pdf(version: PlanVersion, pdf: bytes) -> PlanVersionPdf:
    return PlanVersionPdf.objects.create(
        version=version, content=pdf, sha256=hashlib.sha256(pdf).hexdigest()
    )


def plan_version_pdf(*, version: PlanVersion, acting_user: User | None = None) -> bytes:
    """The stored PDF of ``version``. A version without one (its rendering failed, or it was
    submitted before PDFs were stored) gets it rendered from its snapshot and stored now,
    once, outside any lock; of two concurrent first downloads, the first stored one wins."""
    for content in PlanVersionPdf.objects.filter(version=version).values_list("content", flat=True):
        return bytes(content)
    pdf = render_plan_pdf(version.snapshot)
    try:
        with transaction.atomic():
            _store_pdf(version, pdf)
            audit_log(
                actor=acting_user,
                action="plan.store_pdf",
                obj=version.plan,
                data={"version": version.number},
                contract_id=version.plan.contract_id,
            )
    except IntegrityError:  # stored meanwhile by another request: serve that one
        return bytes(PlanVersionPdf.objects.get(version=version).content)
    return pdf


def _latest_version(plan: Plan) -> PlanVersion | None:
    return plan.versions.order_by("-number").first()


@transaction.atomic
def plan_withdraw(*, acting_user: User, plan: Plan, note: str = "") -> Plan:
    """The contractor takes a submitted plan back (status ``withdrawn``, editable again)."""
    _require_contractor_of(acting_user, plan.contract.organisation_id)
    plan = _lock(plan)
    plan.status = _check_transition(plan, PlanAction.WITHDRAW)
    plan.save(update_fields=["status", "updated_at"])
    version = _latest_version(plan)
    _record(
        plan=plan,
        action=PlanAction.WITHDRAW,
        acting_user=acting_user,
        note=note.strip(),
        version=version,
    )
    _mail_withdrawal(plan=plan, version=version, note=note.strip(), acting_user=acting_user)
    return plan


def _mail_withdrawal(
    *, plan: Plan, version: PlanVersion | None, note: str, acting_user: User
) -> None:
    """Tell the coordinator that a submitted plan was taken back (it need not be assessed)."""
    context = {
        "plan": plan,
        "contract": plan.contract,
        "organisation": plan.contract.organisation,
        "version": version,
        "note": note,
        "withdrawn_by": acting_user,
        "detail_url": _absolute(reverse("plans:plan_detail", kwargs={"pk": plan.pk})),
    }
    _mail(
        "withdrawn_coordinator",
        context,
        to=settings.SROI_COORDINATOR_EMAIL,
        acting_user=acting_user,
    )


def plan_can_be_deleted(plan: Plan) -> bool:
    """A draft that was never submitted (no version exists) may be deleted by its contractor,
    unless its contract is one of record (the coordinator registered it and asked for it)."""
    return (
        plan.status == PlanStatus.DRAFT
        and plan.current_version == 0
        and not plan.contract.of_record
    )


@transaction.atomic
def plan_delete(*, acting_user: User, plan: Plan) -> None:
    """Delete a draft that was never submitted, with its lines; its contract goes too when no
    other plan uses it. Refused (``PlanTransitionError``) once a version exists."""
    _require_contractor_of(acting_user, plan.contract.organisation_id)
    plan = _lock(plan)
    if plan.contract.of_record:
        raise PlanTransitionError(
            _(
                "This plan belongs to a contract registered by the Social Return coordinator"
                " and cannot be deleted."
            )
        )
    if not plan_can_be_deleted(plan) or plan.versions.exists():
        raise PlanTransitionError(
            _("This plan has been submitted before and can no longer be deleted.")
        )
    contract = plan.contract
    audit_log(
        actor=acting_user,
        action="plan.delete",
        obj=plan,
        data={"contract": contract.pk, "lines": plan.lines.count()},
        contract_id=contract.pk,
    )
    plan.events.all().delete()
    plan.delete()
    if contract.plans.exists():
        contract_state.contract_refresh_figures(contract)
    else:
        audit_log(
            actor=acting_user, action="contract.delete", obj=contract, contract_id=contract.pk
        )
        contract.delete()


# --- from the calculator -------------------------------------------------------------------

_CATEGORY_EFFORT: dict[Category, str] = {
    Category.JOB: EffortKind.JOBS,
    Category.LEARN_WORK: EffortKind.LEARN_WORK,
    Category.INTERNSHIP: EffortKind.TRAINING_INTERNSHIP,
    Category.TRAINING: EffortKind.TRAINING_INTERNSHIP,
    Category.WORK_EXPERIENCE: EffortKind.TRAINING_INTERNSHIP,
    Category.PROCUREMENT: EffortKind.SOCIAL_PROCUREMENT,
    Category.SOCIAL_ACTIVITY: EffortKind.SOCIAL_VALUE,
    Category.CUSTOM: EffortKind.SOCIAL_VALUE,
}


def _target_group_of(ruleset: RuleSet, block: str) -> str:
    """The one target group that maps to ``block`` in this rule set, else "" (ambiguous)."""
    groups = [
        group
        for group, code in ruleset.target_group_blocks
        if code == block and group in TargetGroup.values
    ]
    return str(groups[0]) if len(groups) == 1 else ""


@transaction.atomic
def plan_from_calculation(*, acting_user: User, document: Mapping[str, Any]) -> Plan:
    """A contract and a draft plan of the user's organisation from a calculator document.

    The contract's rule set is the published version the calculation used (so the plan shows
    the values the contractor saw); an inline rule set that is not published is refused.
    An agreed value of a line is not taken over (only the coordinator sets one).
    Raises ``CalculationError`` for a document that does not parse or compute (each problem
    with its line and field) and ``PlanError`` for an unpublished rule set or for more lines
    than a plan holds (``PLAN_LINES_MAX``).
    """
    if not (getattr(acting_user, "is_authenticated", False) and acting_user.is_contractor):
        raise PermissionDenied
    organisation = acting_user.organisation
    if organisation is None:
        raise PermissionDenied
    # A document that is not an object (``null``, a string) is refused by ``parse_request``.
    document_lines = document.get("lines") if isinstance(document, Mapping) else None
    if isinstance(document_lines, list | tuple) and len(document_lines) > PLAN_LINES_MAX:
        raise PlanError(
            _(
                "This calculation has %(count)s lines; a plan can hold at most %(max)s."
                " Combine lines (use the number of candidates) or split the calculation."
            )
            % {"count": len(document_lines), "max": PLAN_LINES_MAX}
        )
    request, ruleset = parse_request(document, rulesets=rule_selectors.engine_rulesets_published())
    calculate(request, ruleset)  # a calculation that does not compute is not taken over
    version = RuleSetVersion.objects.filter(
        code=ruleset.id, version=ruleset.version, state=RuleSetState.PUBLISHED
    ).first()
    if version is None or version.to_engine() != ruleset:
        raise PlanError(
            _(
                "This calculation uses a rule set of its own; a plan always uses a published"
                " rule set. Choose a rule set from the list and calculate again."
            )
        )
    contract_data = {
        "value_eur": request.contract.value_eur,
        "start_date": request.contract.start,
        "end_date": request.contract.end,
        "sroi_percentage": (
            request.contract.sroi_percentage
            if request.contract.sroi_percentage is not None
            else ruleset.default_percentage
        ),
    }
    contract = Contract(organisation=organisation, ruleset_version=version)
    _apply(contract, CONTRACT_FIELDS, contract_data)
    _validate_contract(contract)
    contract.save()
    audit_log(
        actor=acting_user,
        action="contract.create",
        obj=contract,
        data={"from": "calculation", "ruleset": f"{version.code} {version.version}"},
        contract_id=contract.pk,
    )
    lines: list[dict[str, Any]] = []
    kinds: list[str] = []
    groups: list[str] = []
    for line in request.lines:
        block = ruleset.block(line.block)
        group = _target_group_of(ruleset, line.block)
        if block is not None and _CATEGORY_EFFORT[block.category] not in kinds:
            kinds.append(_CATEGORY_EFFORT[block.category])
        if group and group not in groups:
            groups.append(group)
        lines.append(
            {
                "target_group": group,
                "block_code": line.block,
                "count": line.count,
                "hours_per_week": line.hours_per_week,
                "start_date": line.start or line.date,
                "end_date": line.end,
                "bonuses": list(line.bonuses),
                "hours": line.hours,
                "amount_eur": line.amount_eur,
                # Not taken over: only the coordinator sets an agreed value.
                "agreed_value_eur": None,
                "description": line.ref or "",
            }
        )
    order = {code: index for index, code in enumerate(EffortKind.values)}
    group_order = {code: index for index, code in enumerate(TargetGroup.values)}
    return plan_create(
        acting_user=acting_user,
        contract=contract,
        data={
            "effort_kinds": sorted(kinds, key=order.__getitem__),
            "target_groups": sorted(groups, key=group_order.__getitem__),
            "pso_level": request.pso_level.value if request.pso_level is not None else "",
        },
        lines=lines,
    )
