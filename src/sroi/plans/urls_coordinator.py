"""The coordinator's workspace: the inbox and the review of a submitted plan."""

from django.urls import path

from sroi.plans import views_review

app_name = "coordinator"
urlpatterns = [
    path("", views_review.inbox, name="inbox"),
    path("plannen/<int:pk>/beoordelen/", views_review.plan_review, name="plan_review"),
    path("plannen/<int:pk>/toewijzen/", views_review.plan_assign, name="plan_assign"),
    path("plannen/<int:pk>/opmerkingen/", views_review.plan_comment_add, name="plan_comment_add"),
    path(
        "plannen/<int:pk>/opmerkingen/<int:comment_pk>/verwijderen/",
        views_review.plan_comment_remove,
        name="plan_comment_remove",
    ),
]
