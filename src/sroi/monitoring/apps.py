from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "sroi.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        # Sections of the contract page (sroi.plans.page_sections): one line per part.
        import_module("sroi.monitoring.sections_entry").register_entry_sections()
        import_module("sroi.monitoring.sections_verify").register_verify_sections()
        import_module("sroi.monitoring.sections_close").register_close_sections()
        import_module("sroi.monitoring.demo").register_monitoring_demo()
