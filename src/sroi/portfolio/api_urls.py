"""The read-only API for a buyer's own BI tools, mounted at ``/api/v1/`` beside the
calculation API (namespace ``portfolio_api``, docs/api.md).

A contract id is matched as any path segment and checked in the view, so a malformed or
too large id is a JSON 404 like an unknown one."""

from django.urls import path, re_path

from sroi.portfolio import api

app_name = "portfolio_api"
urlpatterns = [
    path("contracts/", api.contract_list, name="contract_list"),
    re_path(r"^contracts/(?P<id>[^/]*)/$", api.contract_detail, name="contract_detail"),
    re_path(
        r"^contracts/(?P<id>[^/]*)/agreements/$",
        api.contract_agreements,
        name="contract_agreements",
    ),
    re_path(
        r"^contracts/(?P<id>[^/]*)/progress/$", api.contract_progress, name="contract_progress"
    ),
    path("aggregates/", api.aggregates, name="aggregates"),
]
