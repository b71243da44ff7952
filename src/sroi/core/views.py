"""Public pages and the error handlers (wired in sroi/urls.py as handler403/404/500)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Public landing page: what the system does, with the way in for each role."""
    return render(request, "core/home.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403 in the site's layout. The exception's text is not shown: it may name other data."""
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 in the site's layout."""
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 without the request context: the failure may be in the database or a context
    processor."""
    return HttpResponseServerError(loader.get_template("500.html").render())
