"""allauth adapter: the user's name from the sign-up form, and every allauth mail via the outbox."""

from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context as allauth_context
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest

from sroi.accounts.middleware import mfa_required_for
from sroi.core.mail import mail_enqueue


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """A staff member or coordinator whom the site sends to set up two-factor
        authentication right after logging in is not asked for the password again: they typed
        it less than ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` ago. Every other security change
        (and this one later on) still asks."""
        request = allauth_context.request
        if app == "allauth.mfa" and request is not None and _must_set_up_mfa(request):
            logged_in = [
                record["at"]
                for record in get_authentication_records(request, request.user)
                if record.get("method") == "password"
            ]
            if logged_in and time.time() - logged_in[-1] < (
                account_settings.REAUTHENTICATION_TIMEOUT
            ):
                return False
        required: bool = super().is_reauthentication_required(app=app, **kwargs)
        return required

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        full_name = form.cleaned_data.get("full_name")
        if full_name:
            user.full_name = full_name
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render exactly as allauth does, then hand the message to the outbox (no direct SMTP):
        a mail server outage then never loses a verification or password-reset mail."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        html_body = None
        if isinstance(message, EmailMultiAlternatives):
            html_body = next(
                (str(body) for body, mimetype in message.alternatives if mimetype == "text/html"),
                None,
            )
        user = getattr(request, "user", None)
        mail_enqueue(
            to=list(message.to),
            subject=str(message.subject),
            body=str(message.body),
            html_body=html_body,
            acting_user=user if getattr(user, "is_authenticated", False) else None,
        )


def _must_set_up_mfa(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return mfa_required_for(user) and not is_mfa_enabled(user, [Authenticator.Type.TOTP])
