"""The labels of this app's audit actions on the contract's timeline (``sroi.plans.timeline``,
registered in ``AgreementsConfig.ready``). Every action the services write with a contract id
has one: the timeline never shows a code to the user."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

TIMELINE_LABELS: dict[str, Any] = {
    "agreements.draw_up": _("Agreements drawn up from the approved plan"),
    "agreements.agreement_add": _("Agreement added to the proposal"),
    "agreements.agreement_update": _("Agreement in the proposal changed"),
    "agreements.agreement_remove": _("Agreement removed from the proposal"),
    "agreements.record_difference": _("Accepted difference recorded"),
    "agreements.propose": _("Agreements proposed to the contractor"),
    "agreements.accept": _("Agreements accepted"),
    "agreements.supersede": _("Agreements replaced by a newer version"),
    "agreements.new_version": _("New version of the agreements made"),
    "agreements.pdf_stored": _("PDF of the agreements stored"),
    "moment.schedule_default": _("Assessment moments planned"),
    "moment.add": _("Assessment moment planned"),
    "moment.move": _("Assessment moment moved"),
    "moment.remove": _("Assessment moment removed"),
    "moment.hold": _("Assessment moment held"),
    "moment.postpone": _("Assessment moment postponed"),
}
