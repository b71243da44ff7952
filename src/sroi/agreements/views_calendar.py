""" "Mijn agenda": the user's private calendar feed URL (shown once, renewable) and the feed."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sroi.agreements import selectors
from sroi.agreements.calendar import calendar_feed_renew, feed_path, render_calendar


@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "agreements/calendar_settings.html",
        {"feed": selectors.feed_of(request.user), "feed_url": ""},
    )


@login_required
@require_POST
@never_cache
def calendar_renew(request: HttpRequest) -> HttpResponse:
    """A new secret URL, shown in this response only (the database keeps its hash)."""
    token = calendar_feed_renew(acting_user=request.user)  # type: ignore[arg-type]
    url = str(settings.SROI_BASE_URL).rstrip("/") + feed_path(token)
    return render(
        request,
        "agreements/calendar_settings.html",
        {"feed": selectors.feed_of(request.user), "feed_url": url},
    )


@require_GET
@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed: no session, the secret in the URL is the key; unknown or renewed -> 404."""
    user = selectors.feed_user_for_token(token)
    if user is None:
        raise Http404
    body = render_calendar(selectors.moment_list_for_user(user))
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sroi-beoordelingsmomenten.ics"'
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
