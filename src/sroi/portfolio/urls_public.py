"""The public pages of open figures (no login), mounted at ``/open/`` (namespace ``open``)."""

from django.urls import path  # noqa: F401

app_name = "open"
urlpatterns: list = []  # type: ignore[type-arg]
