"""The reference of ``benchmarks/pages.py``: a Django hello-world rendering a small template
with a CSRF token, served by the same gunicorn set-up as the app (DEBUG off).

One module is settings, URLconf and WSGI application (``gunicorn hello_site:application``
with ``benchmarks/`` on the Python path).
"""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

DEBUG = False
SECRET_KEY = "benchmark-only-hello-world"  # noqa: S105 (a benchmark, never deployed)
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "hello_site"
USE_I18N = False
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
HELLO_TEMPLATE = """<!DOCTYPE html>
<html lang="nl">
<head><meta charset="utf-8"><title>Hallo</title></head>
<body>
<main>
<h1>Hallo, {{ name }}</h1>
<form method="post" action="/">{% csrf_token %}<button type="submit">Verstuur</button></form>
</main>
</body>
</html>
"""
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [("django.template.loaders.locmem.Loader", {"hello.html": HELLO_TEMPLATE})],
                )
            ]
        },
    }
]


def hello(request: HttpRequest) -> HttpResponse:
    return render(request, "hello.html", {"name": "wereld"})


urlpatterns = [path("", hello)]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hello_site")
application = get_wsgi_application()
