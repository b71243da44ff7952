from django.urls import path

from sroi.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.organisation, name="organisation"),
    path("wijzigen/", views.organisation_edit, name="organisation_edit"),
    path("overzicht/", views.organisation_list, name="organisation_list"),
    path("overzicht/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("collegas/", views.colleagues, name="colleagues"),
    path("collegas/<int:pk>/beheerder/", views.colleague_admin, name="colleague_admin"),
    path("uitnodigingen/", views.invitation_list, name="invitations"),
    path("uitnodigingen/<int:pk>/intrekken/", views.invitation_revoke, name="invitation_revoke"),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
