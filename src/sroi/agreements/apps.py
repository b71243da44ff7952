from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "sroi.agreements"
    label = "agreements"
    verbose_name = _("Performance agreements and assessment moments")

    def ready(self) -> None:
        # The contract's timeline (sroi.plans.timeline) names this app's actions in words.
        from sroi.agreements.timeline import TIMELINE_LABELS
        from sroi.plans.timeline import ACTION_LABELS

        ACTION_LABELS.update(TIMELINE_LABELS)
