"""Request middleware of the site frame."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext
from django.views.defaults import bad_request


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


class NulCharacterMiddleware:
    """400 for a NUL character in the path or the query string (keys and values).

    No database column can hold a NUL (PostgreSQL refuses it), so a search or a lookup with
    one would end in a server error; it is refused before any view runs. Form fields refuse
    NUL themselves (Django's ``ProhibitNullCharactersValidator`` on every ``CharField``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):
                # The API answers in JSON, as its schema declares (docs/api.md, "Errors").
                return JsonResponse(
                    {"detail": gettext("The request holds a NUL character.")}, status=400
                )
            return bad_request(request, exception=None)  # type: ignore[arg-type]
        return self.get_response(request)
