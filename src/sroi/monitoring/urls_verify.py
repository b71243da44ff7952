"""URL patterns of the monitoring pages (mounted by ``sroi.monitoring.urls``)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
