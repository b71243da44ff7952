"""The labels of this app's audit actions on the contract timeline
(``sroi.plans.timeline.register_action_labels``, called in ``AgreementsConfig.ready()``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "agreements.draw_up": _("Performance agreements drawn up"),
    "agreements.agreement_add": _("Agreement added"),
    "agreements.agreement_update": _("Agreement changed"),
    "agreements.agreement_remove": _("Agreement removed"),
    "agreements.record_difference": _("Accepted difference recorded"),
    "agreements.propose": _("Agreements proposed to the contractor"),
    "agreements.accept": _("Agreements accepted by the contractor"),
    "agreements.supersede": _("Agreements replaced by a newer version"),
    "agreements.new_version": _("New version of the agreements"),
    "agreements.pdf_stored": _("PDF of the agreements stored"),
    "moment.schedule_default": _("Assessment moments planned"),
    "moment.add": _("Assessment moment added"),
    "moment.move": _("Assessment moment moved"),
    "moment.remove": _("Assessment moment removed"),
    "moment.hold": _("Assessment moment held"),
    "moment.postpone": _("Assessment moment postponed"),
}
