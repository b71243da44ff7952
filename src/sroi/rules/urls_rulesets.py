from django.urls import path

app_name = "rulesets"
urlpatterns: list[object] = []
