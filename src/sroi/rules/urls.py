from django.urls import path

from sroi.rules import views

app_name = "rules"
urlpatterns = [
    path("", views.calculator, name="calculator"),
    path("uitkomst/", views.calculator_valuation, name="calculator_valuation"),
]
