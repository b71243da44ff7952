"""The audit log: every service that changes state calls ``audit_log`` in its transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from sroi.core.models import AuditEntry


def audit_log(
    *,
    actor: Any | None,
    action: str,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
    contract_id: int | None = None,
) -> AuditEntry:
    """Record ``action`` (``"plan.submit"``) by ``actor`` on ``obj``. Never store candidate data.

    ``contract_id`` puts the entry on that contract's timeline.
    """
    return AuditEntry.objects.create(
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data or {},
        contract_id=contract_id,
    )
