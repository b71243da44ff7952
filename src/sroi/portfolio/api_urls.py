"""The read-only API for a buyer's own BI tools, mounted at ``/api/v1/`` beside the
calculation API (namespace ``portfolio_api``)."""

from django.urls import path  # noqa: F401

app_name = "portfolio_api"
urlpatterns: list = []  # type: ignore[type-arg]
