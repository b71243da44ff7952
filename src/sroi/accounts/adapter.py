"""allauth adapter: the user's name from the sign-up form, and every allauth mail via the outbox."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest

from sroi.core.mail import mail_enqueue


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
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
