"""Two-factor authentication is required for staff and coordinators (``SROI_REQUIRE_MFA``).

With the setting on (the default in production, off in development), a signed-in staff member,
superuser, coordinator or administrator without an authenticator app is sent to set one up
and can open no other page until that is done, the admin at /beheer/ included; only the
set-up itself, the password confirmation it may ask for, the language switch and logging out
stay open. Such a user cannot switch the authenticator app off either.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

# What a user who still has to set up two-factor authentication may open.
OPEN_WHILE_SETTING_UP = frozenset(
    {
        "mfa_activate_totp",
        "mfa_index",
        "account_reauthenticate",
        "account_logout",
        "set_language",
    }
)


def mfa_required_for(user: Any) -> bool:
    """Whether ``user`` must use two-factor authentication (staff and coordinators, when the
    ``SROI_REQUIRE_MFA`` setting is on)."""
    if not getattr(settings, "SROI_REQUIRE_MFA", False):
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or user.is_superuser or user.is_coordinator)


class RequireMfaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if mfa_required_for(user) and not request.path_info.startswith(settings.STATIC_URL):
            answer = self._refuse(request, user)
            if answer is not None:
                return answer
        return self.get_response(request)

    def _refuse(self, request: HttpRequest, user: Any) -> HttpResponse | None:
        try:
            name = resolve(request.path_info).url_name or ""
        except Resolver404:
            name = ""
        has_totp = is_mfa_enabled(user, [Authenticator.Type.TOTP])
        if has_totp:
            if name == "mfa_deactivate_totp":
                messages.error(
                    request, _("Two-factor authentication is required for your account.")
                )
                return redirect("mfa_index")
            return None
        if name in OPEN_WHILE_SETTING_UP:
            return None
        messages.warning(
            request,
            _(
                "Your account requires two-factor authentication. Set up an authenticator app"
                " to continue."
            ),
        )
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(reverse("mfa_activate_totp"))
        return redirect("mfa_activate_totp")
