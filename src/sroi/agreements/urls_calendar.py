"""Mounted under ``agenda/`` (src/sroi/urls.py): "Mijn agenda" and the private feed."""

from django.urls import path

from sroi.agreements import views_calendar

app_name = "agenda"

urlpatterns = [
    path("", views_calendar.calendar_settings, name="settings"),
    path("vernieuwen/", views_calendar.calendar_renew, name="renew"),
    path("<str:token>.ics", views_calendar.calendar_feed, name="feed"),
]
