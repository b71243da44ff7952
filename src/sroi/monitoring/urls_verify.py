"""URL patterns of the coordinator's verification and the progress page (mounted by
``sroi.monitoring.urls`` under ``/contracten/<contract_pk>/``)."""

from django.urls import URLPattern, path

from sroi.monitoring import views_verify

urlpatterns: list[URLPattern] = [
    path("controle/", views_verify.verify_list, name="verify"),
    path(
        "controle/goedkeuren/",
        views_verify.realisations_approve_checked,
        name="verify_approve_checked",
    ),
    path(
        "controle/<int:pk>/besluit/",
        views_verify.realisation_decide,
        name="verify_decide",
    ),
    path("voortgang/", views_verify.progress_page, name="progress"),
]
