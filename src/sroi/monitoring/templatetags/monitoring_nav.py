"""The sub-navigation of a contract's monitoring pages (``monitoring/_contract_nav.html``):
one set of links, each shown only to a user who may open it (the same rules as the views)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sroi.monitoring.access import is_contractor_of, sees_realisations
from sroi.plans.constants import ContractStatus
from sroi.plans.models import Contract

register = template.Library()

MONITORED = frozenset({ContractStatus.AGREEMENTS_IN_FORCE, ContractStatus.CLOSED})


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool


@register.simple_tag(takes_context=True)
def monitoring_nav_links(context: Any, contract: Contract) -> list[NavLink]:
    """The links of the sub-navigation for the request's user, the current page marked."""
    request = context.get("request")
    user = getattr(request, "user", None)
    path = getattr(request, "path", "")
    kwargs = {"contract_pk": contract.pk}
    coordinator = bool(getattr(user, "is_coordinator", False))
    monitored = contract.status in MONITORED
    links: list[tuple[str, str]] = [
        (_("Performance agreements"), reverse("agreements:list", kwargs=kwargs)),
        (_("Assessment moments"), reverse("agreements:moments", kwargs=kwargs)),
    ]
    if sees_realisations(user, contract):
        links.append((_("Realisations"), reverse("monitoring:realisations", kwargs=kwargs)))
        links.append((_("Reports"), reverse("monitoring:reports", kwargs=kwargs)))
    if monitored and is_contractor_of(user, contract) and contract.status != ContractStatus.CLOSED:
        links.append((_("Import realisations"), reverse("monitoring:import", kwargs=kwargs)))
    if monitored and coordinator:
        links.append((_("Verification"), reverse("monitoring:verify", kwargs=kwargs)))
    if monitored:
        links.append((_("Progress and forecast"), reverse("monitoring:progress", kwargs=kwargs)))
    ended = contract.end_date is not None and contract.end_date <= timezone.localdate()
    if contract.status == ContractStatus.CLOSED or (monitored and ended):
        links.append((_("Final assessment"), reverse("monitoring:final_assessment", kwargs=kwargs)))
    return [NavLink(label, url, url == path) for label, url in links]
