"""The rule-set pages: ``/rekenmodellen/`` (see ``views_rulesets`` for the access rules)."""

from django.urls import path

from sroi.rules import views_rulesets as views

app_name = "rulesets"
urlpatterns = [
    path("", views.ruleset_list, name="list"),
    path("<slug:code>/<str:version>/", views.ruleset_detail, name="detail"),
    path("<slug:code>/<str:version>/json/", views.ruleset_download, name="download"),
    path("<slug:code>/<str:version>/nieuwe-versie/", views.version_new, name="version_new"),
    path("<slug:code>/<str:version>/bewerken/", views.version_edit, name="version_edit"),
    path("<slug:code>/<str:version>/publiceren/", views.version_publish, name="version_publish"),
]
