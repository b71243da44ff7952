from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "sroi.agreements"
    label = "agreements"
    verbose_name = _("Performance agreements and assessment moments")

    def ready(self) -> None:
        from sroi.agreements.demo import load_agreements_demo
        from sroi.plans.demo import register_demo_extender

        register_demo_extender(load_agreements_demo)
        # The contract page and the plan page live in sroi.plans, which may not import this
        # app: it shows what this app registers (sroi.plans.page_sections, docs/contracts.md).
        from sroi.agreements.sections import register_sections

        register_sections()
