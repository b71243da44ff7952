"""The site's URLs plus one page that tells which database connection served it, so a test
can check that the live server's request threads do not share the test's connection."""

from __future__ import annotations

from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.urls import path

from sroi import urls as site_urls


def database_connection(request: HttpRequest) -> JsonResponse:
    connection = connections["default"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"id": id(connection), "name": str(connection.settings_dict["NAME"])})


urlpatterns = [
    path("test-database-connection/", database_connection),
    *site_urls.urlpatterns,
]
