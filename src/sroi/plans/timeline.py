"""The contract's timeline: its audit entries as readable lines (the one label table).

Every service that changes a contract or its plan writes an audit entry with the contract's id
(``sroi.core.audit.audit_log(..., contract_id=...)``) in the same transaction as the change;
the timeline shows them in time order with actor, time, a Dutch label per action and, for
some, a detail built from the entry's data. An action without a label (a later app's) is shown
by its code, never hidden. Other apps add their labels to ``ACTION_LABELS``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sroi.core.formatting import format_eur
from sroi.core.models import AuditEntry
from sroi.plans.constants import ContractStatus

ACTION_LABELS: dict[str, Any] = {
    "contract.create": gettext_lazy("Contract created"),
    "contract.register": gettext_lazy("Contract registered by the coordinator"),
    "contract.update": gettext_lazy("Contract details changed"),
    "contract.invite": gettext_lazy("Contractor invited to fill in the plan"),
    "contract.extend": gettext_lazy("Extension recorded"),
    "contract.status": gettext_lazy("Status of the contract changed"),
    "contract.make_of_record": gettext_lazy("Contract became a contract of record"),
    "contract.delete": gettext_lazy("Contract deleted"),
    "plan.create": gettext_lazy("Plan van aanpak started"),
    "plan.save_draft": gettext_lazy("Draft plan saved"),
    "plan.submit": gettext_lazy("Plan submitted"),
    "plan.withdraw": gettext_lazy("Plan withdrawn"),
    "plan.request_changes": gettext_lazy("Changes requested"),
    "plan.approve": gettext_lazy("Plan approved"),
    "plan.approve_first": gettext_lazy("Plan approved, awaiting a second coordinator"),
    "plan.reject": gettext_lazy("Plan rejected"),
    "plan.assign": gettext_lazy("Plan assigned"),
    "plan.delete": gettext_lazy("Draft plan deleted"),
    "plan.store_pdf": gettext_lazy("PDF of a version stored"),
    "plan.comment_add": gettext_lazy("Review comment added"),
    "plan.comment_remove": gettext_lazy("Review comment removed"),
}


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    actor: str
    label: str
    detail: str


def _money(value: Any) -> str:
    try:
        return format_eur(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return ""


def _day(value: Any) -> str:
    try:
        return date.fromisoformat(str(value)).strftime("%d-%m-%Y")
    except ValueError:
        return ""


def _status(value: Any) -> str:
    return str(ContractStatus(value).label) if value in ContractStatus.values else str(value)


def _detail(entry: AuditEntry) -> str:
    data = entry.data if isinstance(entry.data, dict) else {}
    if entry.action == "contract.extend":
        before, after = data.get("before") or {}, data.get("after") or {}
        return _(
            "%(months)s months, value added %(value)s. End date %(end_before)s → %(end_after)s;"
            " obligation %(obligation_before)s → %(obligation_after)s."
        ) % {
            "months": data.get("months_added", ""),
            "value": _money(data.get("value_added_eur")),
            "end_before": _day(before.get("end_date")),
            "end_after": _day(after.get("end_date")),
            "obligation_before": _money(before.get("obligation_eur")) or "—",
            "obligation_after": _money(after.get("obligation_eur")) or "—",
        }
    if entry.action == "contract.status":
        return f"{_status(data.get('before'))} → {_status(data.get('after'))}"
    if entry.action.startswith("plan.") and data.get("version"):
        return _("version %(number)s") % {"number": data["version"]}
    return ""


# Saved many times in a row (the form's autosave): shown once, with the number of saves.
_COLLAPSED = frozenset({"plan.save_draft", "contract.update"})


def timeline_items(entries: Iterable[AuditEntry]) -> list[TimelineItem]:
    """The entries in their order; a run of draft saves by one person (the form's autosave,
    each also changing the contract) is one item at its last time ("14 saves")."""
    items: list[TimelineItem] = []
    run: int | str | None = "none"  # the actor of the current run of saves
    saves = 0
    for entry in entries:
        actor = entry.actor
        actor_name = (actor.full_name or actor.email) if actor is not None else _("the system")
        if entry.action in _COLLAPSED:
            saves += entry.action == "plan.save_draft"
            if run == entry.actor_id:
                items.pop()
            else:
                run, saves = entry.actor_id, int(entry.action == "plan.save_draft")
            items.append(
                TimelineItem(
                    at=entry.at,
                    actor=actor_name,
                    label=str(ACTION_LABELS["plan.save_draft" if saves else entry.action]),
                    detail=_("%(count)s saves") % {"count": saves} if saves > 1 else "",
                )
            )
            continue
        run = "none"
        items.append(
            TimelineItem(
                at=entry.at,
                actor=actor_name,
                label=str(ACTION_LABELS.get(entry.action, entry.action)),
                detail=_detail(entry),
            )
        )
    return items
