"""Contracts of record, mounted at ``/contracten/`` (namespace ``contracts``)."""

from django.urls import path

from sroi.plans import contracts_views

app_name = "contracts"
urlpatterns = [
    path("", contracts_views.contract_list, name="contract_list"),
    path("nieuw/", contracts_views.contract_register, name="contract_register"),
    path("<int:pk>/", contracts_views.contract_detail, name="contract_detail"),
    path(
        "<int:pk>/verlengingen/nieuw/",
        contracts_views.contract_extension_create,
        name="contract_extension_create",
    ),
]
