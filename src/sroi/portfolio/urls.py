"""The portfolio's pages for coordinators and buyer users, mounted at ``/coordinator/``
(namespace ``portfolio``). Each part keeps its own patterns: the portfolio and its exports,
the council reports, the buyer's publication of open figures and the API tokens."""

from django.urls import path

from sroi.portfolio import views_portfolio

app_name = "portfolio"
urlpatterns = [
    path("portefeuille/", views_portfolio.portfolio, name="portfolio"),
]
