"""Access decorators for views: anonymous users go to the login page, the wrong role gets 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def coordinator_required(view: View) -> View:
    """Only coordinators (and administrators) pass; others get 403, anonymous users log in."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(request.user, "is_coordinator", False):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)
