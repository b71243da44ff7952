"""Personal API tokens: ``Authorization: Bearer <key>`` (or ``Token <key>``) for the read-only
API (docs/api.md).

A key is made with ``secrets``, shown once, and stored only as its SHA-256 (``ApiToken.key_hash``,
unique): a request costs one indexed lookup of the hash, whatever the key. A revoked or expired
token, an inactive user and an unknown key all answer 401 with the same message.
``last_used_at`` is written at most once a minute per token.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from sroi.portfolio.models import ApiToken

KEY_PREFIX = "sroi_"
# 32 random bytes, URL-safe: 43 characters after the prefix.
KEY_BYTES = 32
# The characters of a key shown in lists to recognise it (``ApiToken.prefix`` holds 12).
PREFIX_LENGTH = 12
# A header value longer than this is no key of ours (refused before hashing).
KEY_MAX_LENGTH = 200
KEYWORDS = (b"bearer", b"token")
LAST_USED_INTERVAL = timedelta(minutes=1)
THROTTLE_SCOPE = "portfolio_api"


def key_new() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(KEY_BYTES)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def token_for_key(key: str) -> ApiToken | None:
    """The usable token of ``key`` (not revoked, not expired, its user active), else None."""
    if not key or len(key) > KEY_MAX_LENGTH:
        return None
    now = timezone.now()
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key_hash(key), revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )


def _touch(token: ApiToken) -> None:
    """Record the use, at most once a minute (one conditional UPDATE, no read)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_INTERVAL:
        return
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_INTERVAL)
    ).update(last_used_at=now)
    token.last_used_at = now


class ApiTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <key>`` or ``Token <key>``; any other scheme is left to the
    next authentication class (the session)."""

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Give the key after the word Bearer, without spaces."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            key = ""
        token = token_for_key(key)
        if token is None:
            raise AuthenticationFailed(_("This API key is unknown, revoked or expired."))
        _touch(token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class PortfolioApiThrottle(SimpleRateThrottle):
    """Per token (or, signed in through the session, per user); the rate is
    ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["portfolio_api"]`` (``SROI_API_RATE``)."""

    scope = THROTTLE_SCOPE

    def get_rate(self) -> str | None:
        # Read at call time (the class attribute is bound at import, before any override).
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        return str(rate) if rate is not None else None

    def get_cache_key(self, request: Request, view: Any) -> str:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The token in the OpenAPI schema: HTTP bearer."""

    target_class = "sroi.portfolio.api_auth.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API key (made at /api-sleutels/): "
            "Authorization: Bearer <key>.",
        }
