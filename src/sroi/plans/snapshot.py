"""The snapshot of a submitted plan version: a typed, versioned, self-contained JSON document.

``PlanVersion.snapshot`` holds everything needed to show or print a version later without the
plans models: organisation, contract, form data, lines, the valuation (calc-io output) and the
rule set's id/version/status. It is written once by ``plan_submit`` and never changed.

Schema versions (``schema_version``; see docs/adr/0009-plan-version-snapshot-and-pdf.md):

- 1: the first shape (key ``"schema": 1``, or no key at all). Lines have no ``id``, and a
  line's ``valuation_index`` was its position in the plan (wrong when a line was not valued).
- 2: ``schema_version: 2``; every line has its database ``id``; ``valuation_index`` is the
  index of the line in ``valuation.lines`` (null when not valued); ``submitted_at`` is in
  the installation's time zone (Europe/Amsterdam) with its offset.

A reader takes any version: ``snapshot_schema_version`` tells which; the PDF renderer
(``sroi.plans.pdf``) reads every key as optional, so a version 1 snapshot still renders.
A new key is added compatibly (readers treat it as optional) or with a new schema version.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypedDict

from django.utils import timezone

from sroi.accounts.models import User
from sroi.plans.models import Plan
from sroi.plans.valuation import PlanValuation, line_block
from sroi.rules.calcio import valuation_to_dict

SCHEMA_VERSION = 2


class SnapshotPerson(TypedDict):
    email: str
    name: str


class SnapshotOrganisation(TypedDict):
    id: int
    name: str
    kvk_number: str
    street: str
    house_number: str
    postcode: str
    city: str
    contact_name: str
    contact_function: str
    contact_email: str
    contact_phone: str


class SnapshotContract(TypedDict):
    id: int
    name: str
    buyer: str | None
    value_eur: str | None  # decimal string
    start_date: str | None  # ISO date
    end_date: str | None
    extension_notes: str
    extension_count: int | None
    extension_months: int | None
    sroi_percentage: str | None


class SnapshotLine(TypedDict):
    id: int  # the PlanLine's id (schema 2)
    position: int
    target_group: str
    block_code: str  # the block it was valued with (named, or mapped from the target group)
    count: int | None
    hours_per_week: str | None
    start_date: str | None
    end_date: str | None
    bonuses: list[str]
    hours: str | None
    amount_eur: str | None
    agreed_value_eur: str | None
    description: str
    valuation_index: int | None  # index in ``valuation.lines``; None: not valued


class SnapshotPlan(TypedDict):
    effort_kinds: list[str]
    target_groups: list[str]
    work_description: str
    social_explanation: str
    pso_level: str
    pso_certificate_end: str | None
    additional_info: str
    lines: list[SnapshotLine]


class SnapshotRuleset(TypedDict):
    pk: int
    id: str
    version: str
    name: str
    status: str
    valid_from: str | None
    valid_to: str | None
    blocks: dict[str, str]  # code -> Dutch label
    bonuses: dict[str, str]


class PlanSnapshot(TypedDict):
    schema_version: int
    version: int  # the plan version's number
    submitted_at: str  # ISO datetime with the offset of Europe/Amsterdam
    submitted_by: SnapshotPerson
    plan_id: int
    organisation: SnapshotOrganisation
    contract: SnapshotContract
    plan: SnapshotPlan
    ruleset: SnapshotRuleset
    valuation: dict[str, Any]  # sroi.rules.calcio.valuation_to_dict


def snapshot_schema_version(snapshot: Mapping[str, Any]) -> int:
    """The schema version of a stored snapshot (1 for the first shape, with or without key)."""
    value = snapshot.get("schema_version", snapshot.get("schema", 1))
    return value if isinstance(value, int) and value >= 1 else 1


def _str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def plan_snapshot(
    *,
    plan: Plan,
    valuation: PlanValuation,
    number: int,
    submitted_at: datetime,
    submitted_by: User,
) -> PlanSnapshot:
    """The snapshot (schema ``SCHEMA_VERSION``) of ``plan`` valued as ``valuation``.

    ``valuation`` must be the plan's complete valuation (``plan_valuation`` of the same lines).
    """
    contract = plan.contract
    organisation = contract.organisation
    version = valuation.ruleset_version
    ruleset = valuation.ruleset
    if version is None or ruleset is None or valuation.valuation is None:
        # A programming error (``plan_submit`` values the plan first); raised explicitly so it
        # also holds under ``python -O``, where an assert would vanish.
        raise ValueError("plan_snapshot needs a valued plan: value it completely first")
    valued = {line_index: index for index, line_index in enumerate(valuation.line_indexes)}
    lines: list[SnapshotLine] = [
        {
            "id": line.pk,
            "position": line.position,
            "target_group": line.target_group,
            "block_code": line_block(line, ruleset) or "",
            "count": line.count,
            "hours_per_week": _str(line.hours_per_week),
            "start_date": _str(line.start_date),
            "end_date": _str(line.end_date),
            "bonuses": [str(code) for code in line.bonuses],
            "hours": _str(line.hours),
            "amount_eur": _str(line.amount_eur),
            "agreed_value_eur": _str(line.agreed_value_eur),
            "description": line.description,
            "valuation_index": valued.get(index),
        }
        for index, line in enumerate(plan.lines.all())
    ]
    return {
        "schema_version": SCHEMA_VERSION,
        "version": number,
        "submitted_at": timezone.localtime(submitted_at).isoformat(),
        "submitted_by": {"email": submitted_by.email, "name": submitted_by.full_name},
        "plan_id": plan.pk,
        "organisation": {
            "id": organisation.pk,
            "name": organisation.name,
            "kvk_number": organisation.kvk_number,
            "street": organisation.street,
            "house_number": organisation.house_number,
            "postcode": organisation.postcode,
            "city": organisation.city,
            "contact_name": organisation.contact_name,
            "contact_function": organisation.contact_function,
            "contact_email": organisation.contact_email,
            "contact_phone": organisation.contact_phone,
        },
        "contract": {
            "id": contract.pk,
            "name": contract.name,
            "buyer": contract.buyer.name if contract.buyer else None,
            "value_eur": _str(contract.value_eur),
            "start_date": _str(contract.start_date),
            "end_date": _str(contract.end_date),
            "extension_notes": contract.extension_notes,
            "extension_count": contract.extension_count,
            "extension_months": contract.extension_months,
            "sroi_percentage": _str(contract.sroi_percentage),
        },
        "plan": {
            "effort_kinds": [str(kind) for kind in plan.effort_kinds],
            "target_groups": [str(group) for group in plan.target_groups],
            "work_description": plan.work_description,
            "social_explanation": plan.social_explanation,
            "pso_level": plan.pso_level,
            "pso_certificate_end": _str(plan.pso_certificate_end),
            "additional_info": plan.additional_info,
            "lines": lines,
        },
        "ruleset": {
            "pk": version.pk,
            "id": version.code,
            "version": version.version,
            "name": version.name,
            "status": version.status,
            "valid_from": _str(version.valid_from),
            "valid_to": _str(version.valid_to),
            "blocks": {block.code: block.label_nl for block in ruleset.blocks},
            "bonuses": {bonus.code: bonus.label_nl for bonus in ruleset.bonuses},
        },
        "valuation": valuation_to_dict(valuation.valuation),
    }
