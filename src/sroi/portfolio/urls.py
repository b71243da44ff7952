"""The portfolio's pages for coordinators and buyer users, mounted at ``/coordinator/``
(namespace ``portfolio``). Each part keeps its own patterns: the portfolio and its exports,
the council reports, the buyer's publication of open figures and the API tokens."""

from django.urls import path

from sroi.portfolio import views_council, views_exports, views_open, views_portfolio

app_name = "portfolio"
urlpatterns = [
    path("portefeuille/", views_portfolio.portfolio, name="portfolio"),
    # Exports (dataset contracten|afspraken|realisaties, fmt xlsx|csv; anything else 404).
    path("portefeuille/export/<str:dataset>.<str:fmt>", views_exports.export, name="export"),
]

# The buyer's publication of open figures (docs/open-figures.md).
urlpatterns += [
    path("open-cijfers/", views_open.publication_overview, name="publication_overview"),
    path("open-cijfers/<int:buyer_pk>/", views_open.publication_edit, name="publication_edit"),
    path(
        "open-cijfers/<int:buyer_pk>/voorbeeld/",
        views_open.publication_preview,
        name="publication_preview",
    ),
]

# Council reports (raadsrapportages), docs/council-reports.md.
urlpatterns += [
    path("raadsrapportages/", views_council.council_reports, name="council_reports"),
    path("raadsrapportages/<int:pk>/", views_council.council_report, name="council_report"),
    path(
        "raadsrapportages/<int:pk>/pdf/",
        views_council.council_report_pdf,
        name="council_report_pdf",
    ),
    path(
        "raadsrapportages/<int:pk>/excel/",
        views_council.council_report_excel,
        name="council_report_excel",
    ),
]
