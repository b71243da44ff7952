"""URL patterns of the evidence files and the spreadsheet import (mounted by
``sroi.monitoring.urls`` under ``/contracten/<contract_pk>/``)."""

from django.urls import path

from sroi.monitoring import views_files

urlpatterns = [
    path(
        "realisaties/<int:realisation_pk>/bewijs/",
        views_files.evidence_list,
        name="evidence_list",
    ),
    path(
        "realisaties/<int:realisation_pk>/bewijs/<int:evidence_pk>/verwijderen/",
        views_files.evidence_remove,
        name="evidence_remove",
    ),
    path("bewijs/<int:evidence_pk>/", views_files.evidence_download, name="evidence_download"),
    path("realisaties/importeren/", views_files.import_page, name="import"),
    path(
        "realisaties/importeren/sjabloon.xlsx",
        views_files.import_template,
        {"fmt": "xlsx"},
        name="import_template_xlsx",
    ),
    path(
        "realisaties/importeren/sjabloon.csv",
        views_files.import_template,
        {"fmt": "csv"},
        name="import_template_csv",
    ),
]
