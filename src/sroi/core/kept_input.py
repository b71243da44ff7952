"""Nothing typed is lost when a session expires, and nobody else can use that to store data.

A form that may outlive its session (the plan form) carries ``kept_input_token(user)``: a
signed, timestamped token naming the user it was served to. When a POST arrives without a
signed-in user (the session expired), ``kept_input_keep`` stores the posted fields only if the
token is valid and not older than ``kept_input_max_age()``, keyed to the user the token names
and the page; nothing is written to the session, so an anonymous visitor (without a token)
cannot fill the session table or anything else. After that user signs in again,
``kept_input_take`` hands the input back once, and only to that user.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from sroi.core.bsn import looks_like_bsn
from sroi.core.models import KeptInput

SALT = "sroi.core.kept_input"
MAX_BYTES = 200_000
# Forms kept per user at most (the newest): one token cannot fill the table page by page.
MAX_PER_USER = 5


def kept_input_max_age() -> timedelta:
    """How long a served form's token stays valid: the session's lifetime plus a day (a
    session may expire by age while its page is still open)."""
    return timedelta(seconds=int(settings.SESSION_COOKIE_AGE)) + timedelta(days=1)


def kept_input_token(user: Any) -> str:
    """The token a form served to ``user`` carries."""
    return signing.dumps({"user": user.pk}, salt=SALT)


def kept_input_user_id(token: str) -> int | None:
    """The id of the user the token was made for, or None if it is forged or too old."""
    if not token or len(token) > 500:
        return None
    try:
        payload = signing.loads(token, salt=SALT, max_age=kept_input_max_age())
    except signing.BadSignature:  # also SignatureExpired
        return None
    user_id = payload.get("user") if isinstance(payload, dict) else None
    return user_id if isinstance(user_id, int) else None


@transaction.atomic
def kept_input_keep(*, token: str, path: str, data: dict[str, list[str]]) -> bool:
    """Keep ``data`` posted to ``path`` for the user ``token`` names. Returns whether it was
    kept: not for a forged or expired token, a user that no longer exists, more than
    ``MAX_BYTES`` of text, text holding a BSN (which is never stored), or a page address
    longer than the column. A user keeps at most ``MAX_PER_USER`` forms (the newest)."""
    user_id = kept_input_user_id(token)
    if user_id is None or len(path) > KeptInput._meta.get_field("path").max_length:  # type: ignore[operator]
        return False
    size = sum(len(key) + sum(len(value) for value in values) for key, values in data.items())
    if size > MAX_BYTES:
        return False
    if any(looks_like_bsn(text) for key, values in data.items() for text in [key, *values]):
        return False
    user_model = KeptInput._meta.get_field("user").related_model
    if not user_model._default_manager.filter(pk=user_id, is_active=True).exists():
        return False
    now = timezone.now()
    KeptInput.objects.filter(created_at__lt=now - kept_input_max_age()).delete()
    KeptInput.objects.update_or_create(
        user_id=user_id, path=path, defaults={"data": data, "created_at": now}
    )
    newest = KeptInput.objects.filter(user_id=user_id).order_by("-created_at", "-pk")
    older = list(newest.values_list("pk", flat=True)[MAX_PER_USER:])
    if older:
        KeptInput.objects.filter(pk__in=older).delete()
    return True


@transaction.atomic
def kept_input_take(*, user: Any, path: str) -> dict[str, list[str]] | None:
    """The input kept for ``user`` on ``path`` (handed out once), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    cutoff = timezone.now() - kept_input_max_age()
    kept = (
        KeptInput.objects.select_for_update()
        .filter(user=user, path=path, created_at__gte=cutoff)
        .first()
    )
    if kept is None:
        return None
    data = kept.data
    kept.delete()
    if not isinstance(data, dict):
        return None
    return {str(key): [str(value) for value in values] for key, values in data.items()}
