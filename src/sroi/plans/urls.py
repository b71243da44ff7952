from django.urls import path

from sroi.plans import views, views_form, views_review

app_name = "plans"
urlpatterns = [
    path("", views.home, name="home"),
    # The plan form (owned by views_form: contract + plan, autosave, live valuation).
    path("nieuw/", views_form.plan_create, name="plan_create"),
    path("nieuw/waardering/", views_form.plan_valuation_new, name="plan_valuation_new"),
    path("<int:pk>/bewerken/", views_form.plan_edit, name="plan_edit"),
    path("<int:pk>/waardering/", views_form.plan_valuation, name="plan_valuation"),
    # Plan, versions and workflow.
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/indienen/", views.plan_submit, name="plan_submit"),
    path("<int:pk>/intrekken/", views.plan_withdraw, name="plan_withdraw"),
    path(
        "<int:pk>/wijzigingen-vragen/",
        views_review.plan_request_changes,
        name="plan_request_changes",
    ),
    path("<int:pk>/goedkeuren/", views_review.plan_approve, name="plan_approve"),
    path("<int:pk>/afwijzen/", views_review.plan_reject, name="plan_reject"),
    path("<int:pk>/verwijderen/", views.plan_delete, name="plan_delete"),
    path("<int:pk>/versies/<int:number>/", views.plan_version_detail, name="plan_version_detail"),
    path("<int:pk>/versies/<int:number>/pdf/", views.plan_version_pdf, name="plan_version_pdf"),
    path("uit-rekenhulp/", views.plan_from_calculation, name="plan_from_calculation"),
    # The coordinator's list of buyers (opdrachtgevers).
    path("opdrachtgevers/", views.buyer_list, name="buyer_list"),
    path("opdrachtgevers/<int:pk>/", views.buyer_detail, name="buyer_detail"),
    path(
        "opdrachtgevers/<int:pk>/actief/",
        views.buyer_toggle_active,
        name="buyer_toggle_active",
    ),
]
