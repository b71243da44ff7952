from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sroi.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed

        from sroi.accounts.signals import organisation_verify_on_email_confirmed

        email_confirmed.connect(
            organisation_verify_on_email_confirmed,
            dispatch_uid="sroi.accounts.organisation_verify_on_email_confirmed",
        )
