"""Receivers of allauth's signals."""

from __future__ import annotations

from typing import Any

from sroi.accounts.models import User
from sroi.accounts.services import organisation_verify


def organisation_verify_on_email_confirmed(
    sender: Any, request: Any = None, email_address: Any = None, **kwargs: Any
) -> None:
    """A sign-up confirmed its e-mail address: its organisation becomes visible."""
    user = getattr(email_address, "user", None)
    if isinstance(user, User):
        organisation_verify(acting_user=user)
