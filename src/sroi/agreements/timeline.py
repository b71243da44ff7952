"""Timeline labels for this app's audit actions (registered in ``AgreementsConfig.ready``).

The contract's timeline (``sroi.plans.timeline``) shows an action without a label by its code;
every agreement and assessment-moment action written with the contract's id has one here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

ACTION_LABELS = {
    "agreements.draw_up": gettext_lazy("Agreements drawn up from the approved plan"),
    "agreements.new_version": gettext_lazy("New version of the agreements started"),
    "agreements.agreement_add": gettext_lazy("Agreement added"),
    "agreements.agreement_update": gettext_lazy("Agreement changed"),
    "agreements.agreement_remove": gettext_lazy("Agreement removed"),
    "agreements.record_difference": gettext_lazy("Accepted difference recorded"),
    "agreements.propose": gettext_lazy("Agreements proposed to the contractor"),
    "agreements.supersede": gettext_lazy("Agreements replaced by a newer version"),
    "agreements.accept": gettext_lazy("Agreements accepted"),
    "agreements.pdf_stored": gettext_lazy("PDF of the accepted agreements stored"),
    "moment.schedule_default": gettext_lazy("Default schedule of assessment moments planned"),
    "moment.add": gettext_lazy("Assessment moment added"),
    "moment.move": gettext_lazy("Assessment moment moved"),
    "moment.hold": gettext_lazy("Assessment moment held"),
    "moment.postpone": gettext_lazy("Assessment moment postponed"),
    "moment.remove": gettext_lazy("Assessment moment removed"),
}


def register() -> None:
    from sroi.plans import timeline

    timeline.ACTION_LABELS.update(ACTION_LABELS)
