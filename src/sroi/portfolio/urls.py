"""The portfolio's pages for coordinators and buyer users, mounted at ``/coordinator/``
(namespace ``portfolio``). Each part keeps its own patterns: the portfolio and its exports,
the council reports, the buyer's publication of open figures and the API tokens."""

from django.urls import path

from sroi.portfolio import views_council, views_portfolio

app_name = "portfolio"
urlpatterns = [
    path("portefeuille/", views_portfolio.portfolio, name="portfolio"),
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
