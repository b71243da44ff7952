"""The site's URLs plus views that fail on purpose, for the error-page tests."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from sroi import urls as site_urls


def raise_permission_denied(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("secret detail about organisation B")


def raise_suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("tampered")


def raise_error(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [
    path("test-403/", raise_permission_denied),
    path("test-400/", raise_suspicious),
    path("test-500/", raise_error),
    *site_urls.urlpatterns,
]

handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500
