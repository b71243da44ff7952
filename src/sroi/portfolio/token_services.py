"""Making and revoking personal API tokens (``/api-sleutels/``, docs/api.md).

Each service locks the row it checks (the user for a new token, the token for a revocation),
checks there, saves only what changed and writes the audit entry, never with the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sroi.accounts.models import User
from sroi.core.audit import audit_log
from sroi.portfolio.api_auth import PREFIX_LENGTH, key_hash, key_new
from sroi.portfolio.models import ApiToken

# A user keeps at most this many tokens in use (revoked and expired ones do not count).
TOKENS_PER_USER_MAX = 20


class TokenError(Exception):
    """A refused change; ``message`` is for the user, ``field`` the form field it concerns."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str  # shown once, never stored


def _signed_in(user: object) -> User:
    if not getattr(user, "is_authenticated", False) or not isinstance(user, User):
        raise PermissionError("API tokens need a signed-in user")
    return user


@transaction.atomic
def api_token_create(*, acting_user: User, name: str, expires_at: datetime | None) -> NewToken:
    """A new token of ``acting_user``; the key is returned once (only its hash is kept)."""
    user = _signed_in(acting_user)
    User.objects.select_for_update().filter(pk=user.pk).first()
    now = timezone.now()
    if expires_at is not None and expires_at <= now:
        raise TokenError(_("Choose an expiry date in the future."), field="expires_on")
    in_use = ApiToken.objects.filter(user=user, revoked_at__isnull=True).exclude(
        expires_at__lte=now
    )
    if in_use.count() >= TOKENS_PER_USER_MAX:
        raise TokenError(
            _("You have %(max)s keys in use: revoke one first.") % {"max": TOKENS_PER_USER_MAX}
        )
    key = key_new()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=key[:PREFIX_LENGTH],
        key_hash=key_hash(key),
        created_at=now,
        expires_at=expires_at,
    )
    audit_log(
        actor=user,
        action="api_token.create",
        obj=token,
        data={
            "name": token.name,
            "prefix": token.prefix,
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
    )
    return NewToken(token=token, key=key)


@transaction.atomic
def api_token_revoke(*, acting_user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens; another user's token (or an unknown id) is a 404.
    Revoking a revoked token changes nothing."""
    user = _signed_in(acting_user)
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
    if token is None:
        raise Http404
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_log(
            actor=user,
            action="api_token.revoke",
            obj=token,
            data={"name": token.name, "prefix": token.prefix},
        )
    return token
