"""URL patterns of the final assessment (mounted by ``sroi.monitoring.urls``)."""

from django.urls import URLPattern, path

from sroi.monitoring import views_close

urlpatterns: list[URLPattern] = [
    path("eindbeoordeling/", views_close.final_assessment, name="final_assessment"),
    path(
        "eindbeoordeling/<int:number>/pdf/",
        views_close.final_assessment_pdf,
        name="final_assessment_pdf",
    ),
]
