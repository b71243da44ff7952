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
        # The stored outlook and traffic light follow every change of a contract's figures.
        from sroi.plans.contract_state import contract_figures_changed

        contract_figures_changed.connect(
            import_module("sroi.monitoring.lights").on_contract_figures_changed,
            dispatch_uid="sroi.monitoring.lights",
        )
