from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "sroi.agreements"
    label = "agreements"
    verbose_name = _("Performance agreements and assessment moments")

    def ready(self) -> None:
        # The contract page and the plan page live in sroi.plans, which may not import this
        # app: it shows what this app registers (sroi.plans.page_sections, docs/contracts.md).
        from sroi.agreements.sections import register_sections
        from sroi.agreements.timeline_labels import ACTION_LABELS
        from sroi.plans.timeline import register_action_labels

        register_sections()
        register_action_labels(ACTION_LABELS)
