"""The private calendar feed: a renewable secret URL per user, and the iCalendar it serves.

Written by hand (RFC 5545) rather than with a library: the feed is one VCALENDAR of all-day
VEVENTs, and the rules it needs are few (docs/adr/0010-agreements-pdf-and-calendar-feed.md):

- lines end in CRLF and are folded at 75 octets (a continuation line starts with one space;
  a multi-byte UTF-8 character is never split);
- TEXT values escape backslash, semicolon, comma and newlines (3.3.11);
- every event has a UID that stays the same for a moment (``moment-<id>@<host>``), a DTSTAMP
  in UTC and an all-day DTSTART/DTEND (``VALUE=DATE``).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sroi.accounts.models import User
from sroi.agreements.constants import MomentStatus
from sroi.agreements.models import AssessmentMoment, CalendarFeed, feed_token_hash
from sroi.core.audit import audit_log

FOLD_OCTETS = 75
CRLF = "\r\n"


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): ``\\``, ``;``, ``,`` and newlines escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    # Other control characters are not allowed in a TEXT value.
    return "".join(ch for ch in value if ch == "\t" or (ord(ch) >= 0x20 and ord(ch) != 0x7F))


def fold(line: str) -> str:
    """One content line folded at 75 octets (without breaking a UTF-8 character)."""
    parts: list[str] = []
    current = ""
    size = 0
    limit = FOLD_OCTETS
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = " ", 1, FOLD_OCTETS
        current += ch
        size += width
    parts.append(current)
    return CRLF.join(parts)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _host() -> str:
    return urlsplit(str(settings.SROI_BASE_URL)).hostname or "sroi.invalid"


def _event(moment: AssessmentMoment, *, now: datetime, host: str, base_url: str) -> list[str]:
    contract = moment.contract
    summary = _("Assessment moment: %(contract)s") % {"contract": contract.name or contract.pk}
    description = [
        _("Contractor: %(name)s") % {"name": contract.organisation.name},
        _("Status: %(status)s") % {"status": moment.get_status_display()},
    ]
    if moment.status == MomentStatus.HELD and moment.outcome:
        description.append(_("Outcome: %(outcome)s") % {"outcome": moment.get_outcome_display()})
    url = base_url + reverse("agreements:moments", kwargs={"contract_pk": contract.pk})
    day = moment.planned_date
    return [
        "BEGIN:VEVENT",
        f"UID:moment-{moment.pk}@{host}",
        f"DTSTAMP:{_stamp(now)}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(str(summary))}",
        f"DESCRIPTION:{escape_text(chr(10).join(str(line) for line in description))}",
        f"URL:{url}",
        "STATUS:CONFIRMED",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def render_calendar(moments: Iterable[AssessmentMoment], *, now: datetime | None = None) -> str:
    """The iCalendar document (a str with CRLF line ends; encode as UTF-8)."""
    now = now or timezone.now()
    host = _host()
    base_url = str(settings.SROI_BASE_URL).rstrip("/")
    name = escape_text(_("SROI assessment moments"))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//sroi//beoordelingsmomenten//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{name}",
    ]
    for moment in moments:
        lines.extend(_event(moment, now=now, host=host, base_url=base_url))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def feed_path(token: str) -> str:
    return reverse("agenda:feed", kwargs={"token": token})


@transaction.atomic
def calendar_feed_renew(*, acting_user: User) -> str:
    """Give the user a (new) private feed URL; the old one stops working at once. Returns the
    token: only its hash is stored, so it is shown once, right now."""
    if not getattr(acting_user, "is_authenticated", False):
        raise PermissionError("calendar_feed_renew needs a signed-in user")
    token = secrets.token_urlsafe(32)
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(
        user=acting_user, defaults={"token_hash": feed_token_hash(token)}
    )
    if not created:
        feed.token_hash = feed_token_hash(token)
        feed.created_at = timezone.now()
        feed.save(update_fields=["token_hash", "created_at"])
    audit_log(
        actor=acting_user,
        action="calendar_feed.create" if created else "calendar_feed.renew",
        obj=feed,
    )
    return token
