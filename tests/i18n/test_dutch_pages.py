"""The Dutch UI speaks Dutch: no English, no informal "je/jij", no Python ``None``, "PDF".

A crawl of the main pages in Dutch (the calculator with a result, the rule sets, the plan
list, detail, edit form and confirmation pages, the sign-in, sign-up and password pages, with
their error messages) that fails on English marker words in the visible text (and in titles,
labels and placeholders), on the informal form of address and on a rendered ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from sroi.accounts.models import User
from sroi.plans.models import Plan
from sroi.rules.models import RuleSetVersion
from sroi.rules.services import ruleset_import_shipped
from tests.calculator.conftest import worked_example
from tests.plans.factories import PlanFactory

# Words that do not occur in Dutch sentences (whole words, any case), and the exact ones.
ENGLISH = (
    "the", "and", "you", "your", "please", "must", "should", "which", "with", "this", "that",
    "password", "enter", "field", "required", "invalid", "months", "hours", "value", "line",
    "submit", "save", "draft", "email", "address", "username", "sign", "forgot", "remember",
    "too", "common", "entirely", "numeric", "similar", "characters", "least", "contain",
    "approve", "withdraw", "delete", "cancel", "back", "version", "rule", "set", "rules",
    "indicative", "notes", "block", "building", "year", "candidate", "official", "only",
)  # fmt: skip
INFORMAL = ("je", "jij", "jouw", "jou", "jullie", "jezelf")
EXACT = ("None", "Pdf")
# Terms of art that are English but are the Dutch names of things.
ALLOWED = (
    "Social Return",
    "Social Enterprise",
    "Performance Ladder",
    "SROI",
    "PSO",
    "plan van aanpak",
    "Open source",
    "indicative-1",  # a version's code (an identifier, as in the file name)
)
MARKERS = re.compile(r"\b(" + "|".join(ENGLISH + INFORMAL) + r")\b", re.IGNORECASE)
EXACT_MARKERS = re.compile(r"\b(" + "|".join(EXACT) + r")\b")
SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


class _VisibleText(HTMLParser):
    """What a reader sees or hears: text outside <script>/<style>, plus shown attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._skip += 1
        for name, value in attrs:
            if value and name in SHOWN_ATTRIBUTES:
                self.parts.append(value)
        if tag == "input" and dict(attrs).get("type") in ("submit", "button"):
            self.parts.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def problems(html: str) -> list[str]:
    text = visible_text(html)
    for term in ALLOWED:
        text = text.replace(term, " ")
    found = []
    for match in [*MARKERS.finditer(text), *EXACT_MARKERS.finditer(text)]:
        start, end = max(match.start() - 40, 0), match.end() + 40
        found.append(f"{match.group(0)!r} in ...{text[start:end]}...")
    return found


# --- the pages -----------------------------------------------------------------------------


@pytest.fixture
def site(
    db: None, settings: Settings, contractor_a: User, coordinator: User
) -> Iterator[dict[str, Plan]]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ruleset_import_shipped()
    organisation = contractor_a.organisation
    yield {
        "draft": PlanFactory(contract__organisation=organisation),
        "submitted": PlanFactory(contract__organisation=organisation, submitted=True),
        "changes": PlanFactory(contract__organisation=organisation, changes_requested=True),
        "approved": PlanFactory(contract__organisation=organisation, approved=True),
    }


def _pages_anonymous(client: Client) -> Iterator[tuple[str, str]]:
    for url in (
        "/",
        "/rekenhulp/",
        "/rekenmodellen/",
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
    ):
        yield url, client.get(url).content.decode()
    for version in RuleSetVersion.objects.all():
        url = f"/rekenmodellen/{version.code}/{version.version}/"
        yield url, client.get(url).content.decode()
    yield "POST /rekenhulp/", client.post("/rekenhulp/", worked_example()).content.decode()
    # Error messages: a weak password (the password rules), a wrong login, an empty reset.
    weak = {"email": "nieuw@example.org", "password1": "12345678", "password2": "12345678"}
    yield "POST signup", client.post(reverse("account_signup"), weak).content.decode()
    common = {"email": "nieuw@example.org", "password1": "password", "password2": "wachtwoord"}
    yield "POST signup 2", client.post(reverse("account_signup"), common).content.decode()
    similar = {"email": "hendrik.jansen@example.org", "password1": "hendrikjansen1"}
    similar["password2"] = similar["password1"]
    yield "POST signup 3", client.post(reverse("account_signup"), similar).content.decode()
    wrong = {"login": "niemand@example.org", "password": "fout-wachtwoord"}
    yield "POST login", client.post(reverse("account_login"), wrong).content.decode()
    yield "POST reset", client.post(reverse("account_reset_password"), {}).content.decode()


def _pages_contractor(client: Client, plans: dict[str, Plan]) -> Iterator[tuple[str, str]]:
    urls = [reverse("plans:home"), reverse("plans:plan_create"), "/rekenhulp/"]
    for plan in plans.values():
        urls.append(reverse("plans:plan_detail", args=[plan.pk]))
        if plan.is_editable:
            urls.append(reverse("plans:plan_edit", args=[plan.pk]))
    urls += [
        reverse("plans:plan_delete", args=[plans["draft"].pk]),
        reverse("plans:plan_version_detail", args=[plans["submitted"].pk, 1]),
        reverse("account_change_password"),
        reverse("account_email"),
        "/organisatie/",
    ]
    for url in urls:
        yield url, client.get(url).content.decode()
    withdraw = reverse("plans:plan_withdraw", args=[plans["submitted"].pk])
    yield "POST withdraw", client.post(withdraw, {"note": "Uren"}).content.decode()
    bad = {"oldpassword": "fout", "password1": "12345678", "password2": "12345678"}
    yield (
        "POST password change",
        client.post(reverse("account_change_password"), bad).content.decode(),
    )


def _pages_coordinator(client: Client, plans: dict[str, Plan]) -> Iterator[tuple[str, str]]:
    urls = [reverse("plans:home"), reverse("plans:buyer_list"), "/rekenmodellen/"]
    urls += [reverse("plans:plan_detail", args=[plan.pk]) for plan in plans.values()]
    for url in urls:
        yield url, client.get(url).content.decode()
    approve = reverse("plans:plan_approve", args=[plans["submitted"].pk])
    yield "POST approve", client.post(approve, {"note": ""}).content.decode()
    yield "POST approve 2", client.post(approve, {"note": "", "confirm": "yes"}).content.decode()


def test_main_pages_in_dutch_have_no_english_no_informal_address_and_no_none(
    site: dict[str, Plan], contractor_a: User, coordinator: User
) -> None:
    anonymous, contractor, coordinating = Client(), Client(), Client()
    contractor.force_login(contractor_a)
    coordinating.force_login(coordinator)
    pages = [
        *_pages_anonymous(anonymous),
        *_pages_contractor(contractor, site),
        *_pages_coordinator(coordinating, site),
    ]
    assert len(pages) > 30

    found = [f"{url}: {problem}" for url, html in pages for problem in problems(html)]

    assert not found, "\n".join(found)


def test_the_crawler_sees_english_informal_address_and_none() -> None:
    html = (
        "<p>Uw wachtwoord</p><script>var the = 1;</script>"
        "<p title='Enter a value'>x</p><p>Heb je dat?</p><p>None</p><p>Pdf</p>"
    )
    words = [problem.split(" ", 1)[0] for problem in problems(html)]
    assert sorted(words) == sorted(["'Enter'", "'value'", "'je'", "'None'", "'Pdf'"])
