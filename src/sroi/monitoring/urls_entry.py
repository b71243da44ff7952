"""URL patterns of the contractor's entry pages (mounted by ``sroi.monitoring.urls`` under
``/contracten/<contract_pk>/``; ``sroi.monitoring.views_entry``)."""

from django.urls import URLPattern, path

from sroi.monitoring import views_entry as views

urlpatterns: list[URLPattern] = [
    path("realisaties/", views.realisation_list, name="realisations"),
    path("realisaties/nieuw/<slug:kind>/", views.realisation_new, name="realisation_new"),
    path("realisaties/<int:pk>/wijzigen/", views.realisation_edit, name="realisation_edit"),
    path("realisaties/<int:pk>/verwijderen/", views.realisation_delete, name="realisation_delete"),
    path("rapportages/", views.report_list, name="reports"),
    path("rapportages/indienen/", views.report_submit, name="report_submit"),
    path(
        "rapportages/niets-te-melden/",
        views.report_submit_nothing,
        name="report_submit_nothing",
    ),
    path("rapportages/bevestigen/", views.report_acknowledge, name="report_acknowledge"),
    path("rapportages/periode/", views.reporting_interval, name="reporting_interval"),
]
