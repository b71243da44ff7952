from django.urls import path

from sroi.rules import api

app_name = "api"
urlpatterns = [
    path("calc/", api.calculation, name="calc"),
    path("rulesets/", api.ruleset_list, name="ruleset_list"),
]
