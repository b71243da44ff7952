"""The user's API keys, mounted at ``/api-sleutels/``."""

from django.urls import path

from sroi.portfolio import views_tokens

app_name = "api_tokens"
urlpatterns = [
    path("", views_tokens.token_list, name="list"),
    path("nieuw/", views_tokens.token_create, name="create"),
    path("<int:pk>/intrekken/", views_tokens.token_revoke, name="revoke"),
]
