from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "sroi.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        # Sections of the contract page (sroi.plans.page_sections): one line per part.
        from sroi.monitoring.sections_verify import register_verify_sections

        register_verify_sections()
