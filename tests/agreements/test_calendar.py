"""The private calendar feed: valid iCalendar (RFC 5545), only visible contracts, renewal."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client

from sroi.accounts.models import User
from sroi.agreements import moments
from sroi.agreements.calendar import calendar_feed_renew, escape_text, fold, render_calendar
from sroi.agreements.models import AssessmentMoment, CalendarFeed
from sroi.plans.models import Contract
from tests.plans.factories import ContractFactory


def parse_ics(raw: bytes) -> list[tuple[str, dict[str, str], str]]:
    """A small RFC 5545 reader: checks CRLF and the 75-octet fold, unfolds, splits each line
    into (name, parameters, value)."""
    assert raw.endswith(b"\r\n")
    physical = raw[:-2].split(b"\r\n")
    for line in physical:
        assert b"\n" not in line and b"\r" not in line
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never splits a UTF-8 character
    logical: list[str] = []
    for line in physical:
        text = line.decode("utf-8")
        if text.startswith(" "):
            logical[-1] += text[1:]
        else:
            logical.append(text)
    parsed = []
    for line in logical:
        head, _, value = line.partition(":")
        name, *params = head.split(";")
        parsed.append((name, dict(p.split("=", 1) for p in params), value))
    return parsed


def events(parsed: list[tuple[str, dict[str, str], str]]) -> list[dict[str, str]]:
    assert parsed[0] == ("BEGIN", {}, "VCALENDAR")
    assert parsed[-1] == ("END", {}, "VCALENDAR")
    names = [name for name, _, _ in parsed]
    assert "VERSION" in names and "PRODID" in names
    found: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for name, params, value in parsed[1:-1]:
        if (name, value) == ("BEGIN", "VEVENT"):
            assert current is None
            current = {}
        elif (name, value) == ("END", "VEVENT"):
            assert current is not None
            found.append(current)
            current = None
        elif current is not None:
            current[name] = value
            if name in {"DTSTART", "DTEND"}:
                assert params == {"VALUE": "DATE"}
    assert current is None
    for event in found:
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
        assert re.fullmatch(r"\d{8}", event["DTSTART"])
        assert event["UID"]
    return found


def test_text_is_escaped_and_long_lines_are_folded() -> None:
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    assert escape_text("nul\x00byte") == "nulbyte"
    line = "SUMMARY:" + "é" * 100
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_the_calendar_is_valid_with_a_stable_uid_per_moment(
    contract: Contract, coordinator: User
) -> None:
    Contract.objects.filter(pk=contract.pk).update(
        name="Onderhoud; wegen, fietspaden \\ bruggen " + "lang " * 30
    )
    moments.moments_schedule_default(acting_user=coordinator, contract=contract)
    qs = AssessmentMoment.objects.select_related("contract", "contract__organisation")
    first = events(parse_ics(render_calendar(qs).encode("utf-8")))
    second = events(parse_ics(render_calendar(qs).encode("utf-8")))
    assert len(first) == 4
    assert [e["UID"] for e in first] == [e["UID"] for e in second]
    assert len({e["UID"] for e in first}) == 4
    assert first[0]["DTSTART"] == "20260701"
    assert first[0]["DTEND"] == "20260702"
    assert first[0]["SUMMARY"].startswith("Beoordelingsmoment: Onderhoud\\; wegen\\, fietspaden")


def _feed(client: Client, token: str) -> list[dict[str, str]]:
    response = client.get(f"/agenda/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return events(parse_ics(response.content))


@pytest.fixture
def two_contracts(contract: Contract, coordinator: User, contractor_b: User) -> Contract:
    """Contract A (approved plan, buyer Hoorn) and contract B of another organisation and
    buyer, each with one moment."""
    other = ContractFactory(organisation=contractor_b.organisation)
    for c in (contract, other):
        moments.moment_add(acting_user=coordinator, contract=c, planned_date=date(2026, 7, 1))
    return other


@pytest.mark.parametrize(
    ("persona", "sees_a", "sees_b"),
    [
        ("coordinator", True, True),
        ("contractor_a", True, False),
        ("contractor_b", False, True),
        ("buyer_user", True, False),
        ("other_buyer_user", False, False),
    ],
)
def test_the_feed_has_only_the_moments_of_visible_contracts(
    client: Client,
    contract: Contract,
    two_contracts: Contract,
    persona: str,
    sees_a: bool,
    sees_b: bool,
    request: pytest.FixtureRequest,
) -> None:
    user = request.getfixturevalue(persona)
    token = calendar_feed_renew(acting_user=user)
    uids = {e["UID"] for e in _feed(client, token)}
    moment_a = AssessmentMoment.objects.get(contract=contract)
    moment_b = AssessmentMoment.objects.get(contract=two_contracts)
    assert any(uid.startswith(f"moment-{moment_a.pk}@") for uid in uids) == sees_a
    assert any(uid.startswith(f"moment-{moment_b.pk}@") for uid in uids) == sees_b


def test_a_renewed_secret_invalidates_the_old_url(client: Client, contractor_a: User) -> None:
    old = calendar_feed_renew(acting_user=contractor_a)
    assert client.get(f"/agenda/{old}.ics").status_code == 200
    new = calendar_feed_renew(acting_user=contractor_a)
    assert new != old
    assert client.get(f"/agenda/{old}.ics").status_code == 404
    assert client.get(f"/agenda/{new}.ics").status_code == 200
    assert CalendarFeed.objects.filter(user=contractor_a).count() == 1
    # only the hash is stored
    assert new not in CalendarFeed.objects.get(user=contractor_a).token_hash


@pytest.mark.parametrize("token", ["nope", "x" * 500, "%00", "..%2F..%2Fetc"])
def test_unknown_tokens_are_404(client: Client, contractor_a: User, token: str) -> None:
    calendar_feed_renew(acting_user=contractor_a)
    # a NUL is refused before routing (core's NulCharacterMiddleware: 400)
    assert client.get(f"/agenda/{token}.ics").status_code in {400, 404}


def test_an_inactive_users_feed_is_404(client: Client, contractor_a: User) -> None:
    token = calendar_feed_renew(acting_user=contractor_a)
    User.objects.filter(pk=contractor_a.pk).update(is_active=False)
    assert client.get(f"/agenda/{token}.ics").status_code == 404


def test_my_calendar_page_shows_the_url_once(client: Client, contractor_a: User) -> None:
    assert client.get("/agenda/").status_code == 302  # anonymous -> login
    client.force_login(contractor_a)
    page = client.get("/agenda/")
    assert page.status_code == 200
    assert "Mijn agendaadres maken" in page.content.decode()
    response = client.post("/agenda/vernieuwen/")
    assert response.status_code == 200
    url = re.search(r'value="(http[^"]+\.ics)"', response.content.decode())
    assert url is not None
    token = url.group(1).rsplit("/", 1)[1].removesuffix(".ics")
    assert client.get(f"/agenda/{token}.ics").status_code == 200
    again = client.get("/agenda/").content.decode()
    assert token not in again
    assert "Nieuw adres maken" in again


def test_a_name_with_line_breaks_cannot_add_a_property_to_the_feed(
    client: Client, contract: Contract, coordinator: User, contractor_a: User
) -> None:
    hostile = "Wegen\r\nATTENDEE:mailto:evil@example.org\r\nEND:VEVENT\nBEGIN:VEVENT\rX:1"
    Contract.objects.filter(pk=contract.pk).update(name=hostile)
    type(contract.organisation).objects.filter(pk=contract.organisation_id).update(
        name="Bouw BV\r\nORGANIZER:mailto:evil@example.org"
    )
    moments.moment_add(acting_user=coordinator, contract=contract, planned_date=date(2026, 7, 1))
    token = calendar_feed_renew(acting_user=contractor_a)
    raw = client.get(f"/agenda/{token}.ics").content
    names = [name for name, _params, _value in parse_ics(raw)]
    assert "ATTENDEE" not in names and "ORGANIZER" not in names and "X" not in names
    (event,) = events(parse_ics(raw))
    assert event["SUMMARY"].startswith("Beoordelingsmoment: Wegen\\nATTENDEE:mailto:evil")


def test_the_feed_is_private_sets_no_cookie_and_ignores_a_session(
    client: Client, contract: Contract, coordinator: User, contractor_a: User
) -> None:
    moments.moment_add(acting_user=coordinator, contract=contract, planned_date=date(2026, 7, 1))
    token = calendar_feed_renew(acting_user=contractor_a)
    client.force_login(coordinator)  # a browser signed in as someone else
    response = client.get(f"/agenda/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache
    assert "public" not in cache
    assert not response.cookies  # no session, CSRF or language cookie is set
    assert "csrfmiddlewaretoken" not in response.content.decode()
    # the feed is the token's user's, not the session's
    assert client.get(f"/agenda/{calendar_feed_renew(acting_user=contractor_a)}.ics").content
    assert client.get(f"/agenda/{token}.ics").status_code == 404


@pytest.mark.parametrize("token", ["A" * 10_000, "A" * 43, "é" * 50, "null"])
def test_long_or_odd_tokens_are_a_404_not_an_error(
    client: Client, contractor_a: User, token: str
) -> None:
    calendar_feed_renew(acting_user=contractor_a)
    assert client.get(f"/agenda/{token}.ics").status_code == 404


def test_the_token_is_never_written_to_the_audit_log(contractor_a: User) -> None:
    from sroi.core.models import AuditEntry

    token = calendar_feed_renew(acting_user=contractor_a)
    renewed = calendar_feed_renew(acting_user=contractor_a)
    for entry in AuditEntry.objects.all():
        text = repr(entry.data) + str(getattr(entry, "object_repr", ""))
        assert token not in text and renewed not in text
        assert CalendarFeed.objects.get().token_hash not in text
