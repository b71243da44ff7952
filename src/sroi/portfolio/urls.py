"""The portfolio's pages for coordinators and buyer users, mounted at ``/coordinator/``
(namespace ``portfolio``). Each part keeps its own patterns: the portfolio and its exports,
the council reports, the buyer's publication of open figures and the API tokens."""

from django.urls import path

from sroi.portfolio import views_exports

app_name = "portfolio"
urlpatterns: list = [  # type: ignore[type-arg]
    # Exports (dataset contracten|afspraken|realisaties, fmt xlsx|csv; anything else 404).
    path("portefeuille/export/<str:dataset>.<str:fmt>", views_exports.export, name="export"),
]
