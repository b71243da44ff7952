"""The public pages of open figures (no login), mounted at ``/open/`` (namespace ``open``)."""

from django.urls import path

from sroi.portfolio import views_open

app_name = "open"
urlpatterns = [
    path("<slug:slug>/", views_open.open_page, name="page"),
    path("<slug:slug>/cijfers.csv", views_open.open_csv, name="csv"),
    path("<slug:slug>/cijfers.json", views_open.open_json, name="json"),
]
