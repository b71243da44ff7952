from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sroi.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from sroi.core import privacy

        privacy.connect()  # the BSN guard on every save of a guarded field
