from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "sroi.portfolio"
    label = "portfolio"
    verbose_name = _("Portfolio and reports")

    def ready(self) -> None:
        # The kept breakdowns of the portfolio are stale once any contract's figures change.
        from sroi.plans.contract_state import contract_figures_changed
        from sroi.portfolio.figures import figures_changed

        contract_figures_changed.connect(figures_changed, dispatch_uid="sroi.portfolio.figures")
