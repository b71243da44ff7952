"""Mounted under ``contracten/<int:contract_pk>/`` (src/sroi/urls.py)."""

from django.urls import path

from sroi.agreements import views, views_moments

app_name = "agreements"

urlpatterns = [
    path("afspraken/", views.agreement_list, name="list"),
    path("afspraken/opstellen/", views.draw_up, name="draw_up"),
    path("afspraken/nieuwe-versie/", views.new_version, name="new_version"),
    path("afspraken/verschil/", views.record_difference, name="difference"),
    path("afspraken/voorstellen/", views.propose, name="propose"),
    path("afspraken/accepteren/", views.accept, name="accept"),
    path("afspraken/regels/nieuw/", views.agreement_add, name="agreement_add"),
    path("afspraken/regels/<int:pk>/", views.agreement_edit, name="agreement_edit"),
    path(
        "afspraken/regels/<int:pk>/verwijderen/",
        views.agreement_remove,
        name="agreement_remove",
    ),
    path("afspraken/versies/<int:number>/", views.version_detail, name="version_detail"),
    path("afspraken/versies/<int:number>/pdf/", views.version_pdf, name="version_pdf"),
    path("beoordelingsmomenten/", views_moments.moment_list, name="moments"),
    path(
        "beoordelingsmomenten/standaard/",
        views_moments.schedule_default,
        name="moments_default",
    ),
    path("beoordelingsmomenten/nieuw/", views_moments.moment_add, name="moment_add"),
    path("beoordelingsmomenten/<int:pk>/", views_moments.moment_detail, name="moment_detail"),
    path(
        "beoordelingsmomenten/<int:pk>/verplaatsen/",
        views_moments.moment_move,
        name="moment_move",
    ),
    path("beoordelingsmomenten/<int:pk>/houden/", views_moments.moment_hold, name="moment_hold"),
    path(
        "beoordelingsmomenten/<int:pk>/uitstellen/",
        views_moments.moment_postpone,
        name="moment_postpone",
    ),
    path(
        "beoordelingsmomenten/<int:pk>/verwijderen/",
        views_moments.moment_remove,
        name="moment_remove",
    ),
]
