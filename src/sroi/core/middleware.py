"""Request middleware of the site frame."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Dutch unless the user chose another language with the language switch.

    Django's LocaleMiddleware also follows the browser's Accept-Language header; this Dutch
    service does not: a contractor with an English browser still gets the Dutch forms, the
    language the coordinator and the official documents use. The choice made with the
    switch (Django's language cookie, set by ``set_language``) is honoured.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        try:
            language = translation.get_supported_language_variant(chosen) if chosen else ""
        except LookupError:
            language = ""
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
