"""The contract's timeline: its audit entries as readable lines (the one label table).

Every service that changes a contract or its plan writes an audit entry with the contract's id
(``sroi.core.audit.audit_log(..., contract_id=...)``) in the same transaction as the change;
the timeline shows them in time order with actor, time, a Dutch label per action and, for
some, a detail built from the entry's data. An action without a label (a later app's) is shown
by its code, never hidden. ``ACTION_LABELS`` is the one table for every app's actions (the
agreements' too): ``tests/contracts/test_timeline_labels.py`` collects every action written
with a ``contract_id`` in ``src/`` and fails for one without a Dutch label here. Draft review
comments are shown to coordinators only.
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
from sroi.plans.constants import CommentSection, ContractStatus

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
    # Written by the agreements app (``sroi.agreements.services`` and ``.moments``); the
    # labels live here, with the others, so the timeline has one table.
    "agreements.draw_up": gettext_lazy("Performance agreements drawn up"),
    "agreements.new_version": gettext_lazy("New version of the performance agreements started"),
    "agreements.agreement_update": gettext_lazy("Performance agreement changed"),
    "agreements.agreement_add": gettext_lazy("Performance agreement added"),
    "agreements.agreement_remove": gettext_lazy("Performance agreement removed"),
    "agreements.record_difference": gettext_lazy("Accepted difference recorded"),
    "agreements.propose": gettext_lazy("Performance agreements sent to the contractor"),
    "agreements.supersede": gettext_lazy("Performance agreements replaced by a newer version"),
    "agreements.accept": gettext_lazy("Performance agreements accepted by the contractor"),
    "agreements.pdf_stored": gettext_lazy("PDF of the performance agreements stored"),
    "moment.schedule_default": gettext_lazy("Assessment moments scheduled"),
    "moment.add": gettext_lazy("Assessment moment added"),
    "moment.move": gettext_lazy("Assessment moment moved"),
    "moment.remove": gettext_lazy("Assessment moment removed"),
    "moment.hold": gettext_lazy("Assessment moment held"),
    "moment.postpone": gettext_lazy("Assessment moment postponed"),
    # Written by the monitoring app (``sroi.monitoring``): realisations, evidence, reports.
    "monitoring.realisation_create": gettext_lazy("Realisation reported"),
    "monitoring.import": gettext_lazy("Realisations imported from a spreadsheet"),
    "monitoring.realisation_update": gettext_lazy("Realisation changed"),
    "monitoring.realisation_new_version": gettext_lazy(
        "Verified realisation changed: new version for verification"
    ),
    "monitoring.realisation_delete": gettext_lazy("Draft realisation removed"),
    # monitoring: entry (evidence, reports)
    "monitoring.report_submit": gettext_lazy("Report of a period submitted"),
    "monitoring.reporting_interval": gettext_lazy("Reporting period changed"),
    "monitoring.evidence_add": gettext_lazy("Evidence file added"),
    "monitoring.evidence_remove": gettext_lazy("Evidence file removed"),
    # monitoring: verification
    "monitoring.realisation_approve": gettext_lazy("Realisation approved"),
    "monitoring.realisation_reject": gettext_lazy("Realisation rejected"),
    "monitoring.report_verify": gettext_lazy("Report verified"),
    # monitoring: final assessment and retention
    "monitoring.final_assessment": gettext_lazy("Final assessment recorded"),
    "monitoring.contract_close": gettext_lazy("Contract closed after the final assessment"),
    "monitoring.anonymise": gettext_lazy("Candidate data removed (retention period ended)"),
}

# Review comments are the coordinators' drafts until "Wijziging vragen" sends them (with the
# "Changes requested" entry), and who handles a review is the coordinators' own organisation
# of work: only coordinators see these entries.
COORDINATOR_ONLY_ACTIONS = frozenset({"plan.comment_add", "plan.comment_remove", "plan.assign"})


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
    if entry.action == "plan.comment_add":
        section = data.get("section")
        parts = [str(CommentSection(section).label)] if section in CommentSection.values else []
        if data.get("version"):
            parts.append(_("version %(number)s") % {"number": data["version"]})
        return ", ".join(parts)
    if entry.action.startswith(("plan.", "agreements.")) and data.get("version"):
        return _("version %(number)s") % {"number": data["version"]}
    if entry.action == "moment.schedule_default":
        return ", ".join(_day(day) for day in data.get("dates") or [])
    if entry.action.startswith("moment.") and data.get("date"):
        return _day(data["date"])
    return ""


# Saved many times in a row (the form's autosave): shown once, with the number of saves.
_COLLAPSED = frozenset({"plan.save_draft", "contract.update"})


def timeline_items(
    entries: Iterable[AuditEntry], *, show_drafts: bool = True
) -> list[TimelineItem]:
    """The entries in their order; a run of draft saves by one person (the form's autosave,
    each also changing the contract) is one item at its last time ("14 saves"). Without
    ``show_drafts`` (not a coordinator) the draft review comments are left out."""
    items: list[TimelineItem] = []
    run: int | str | None = "none"  # the actor of the current run of saves
    saves = 0
    for entry in entries:
        if not show_drafts and entry.action in COORDINATOR_ONLY_ACTIONS:
            continue
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
