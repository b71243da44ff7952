"""Helpers for the rule-set page tests: read a form back from the HTML as a browser would."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from sroi.accounts.models import User


class FormValues(HTMLParser):
    """The values a browser would submit from the page's ``<form novalidate>`` (the edit form).

    Text, hidden and date inputs, checked radio buttons and textareas; not the buttons.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self._textarea: str | None = None
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._in_form = "novalidate" in attr
            return
        if not self._in_form:
            return
        name = attr.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = attr.get("type", "text")
            if kind in {"radio", "checkbox"}:
                if "checked" in attr:
                    self.values[name] = attr.get("value", "on")
            elif kind not in {"submit", "button"}:
                self.values[name] = attr.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.values[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the one newline that follows <textarea>.
            self.values[self._textarea] = self.values[self._textarea].removeprefix("\n")
            self._textarea = None


def form_values(html: str) -> dict[str, str]:
    parser = FormValues()
    parser.feed(html)
    return parser.values


@pytest.fixture
def coordinator_client(coordinator: User) -> Client:
    client = Client()
    client.force_login(coordinator)
    return client
