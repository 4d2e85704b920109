"""iCalendar (RFC 5545) text for meetings, written by hand: one file per meeting and a feed.

Lines end in CRLF and are folded at 75 octets; TEXT values escape backslash, semicolon, comma
and newlines. Times are written in UTC (`...Z`), which every client converts to its own zone.
A cancelled meeting is `STATUS:CANCELLED` (and, alone in its file, `METHOD:CANCEL`); every change
bumps `SEQUENCE`, so calendars replace their copy instead of keeping two.
"""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

from colleges.meetings.models import Meeting

PRODID = "-//Club Chorus Pro//Réunions//FR"


def escape_text(value: str) -> str:
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces (never inside a UTF-8 sequence)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    pieces, current, limit = [], b"", 75
    for char in line:
        raw = char.encode()
        if len(current) + len(raw) > limit:
            pieces.append(current.decode())
            current, limit = b"", 74  # continuation lines start with a space
        current += raw
    pieces.append(current.decode())
    return "\r\n ".join(pieces)


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _absolute(path: str) -> str:
    base = getattr(settings, "SITE_URL", "") or getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    return f"{base.rstrip('/')}{path}"


def event_lines(meeting: Meeting, *, with_link: bool, waiting: bool = False) -> list[str]:
    status = (
        "CANCELLED"
        if meeting.status == Meeting.Status.CANCELLED
        else ("TENTATIVE" if waiting else "CONFIRMED")
    )
    description = meeting.description
    if meeting.online and with_link:
        description = f"{description}\n\nLien de connexion : {meeting.online_url}".strip()
    if meeting.in_person and meeting.accessibility:
        description = f"{description}\n\nAccessibilité : {meeting.accessibility}".strip()
    if meeting.status == Meeting.Status.CANCELLED and meeting.cancellation_reason:
        description = f"Annulée : {meeting.cancellation_reason}\n\n{description}".strip()
    location = meeting.address if meeting.in_person else ""
    if not location and meeting.online and with_link:
        location = meeting.online_url
    lines = [
        "BEGIN:VEVENT",
        f"UID:{meeting.uid}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"LAST-MODIFIED:{_utc(meeting.updated_at)}",
        f"DTSTART:{_utc(meeting.starts_at)}",
        f"DTEND:{_utc(meeting.ends_at)}",
        f"SEQUENCE:{meeting.sequence}",
        f"STATUS:{status}",
        f"SUMMARY:{escape_text(meeting.title)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    lines.append(f"URL:{_absolute(meeting.get_absolute_url())}")
    lines.append(f'ORGANIZER;CN="{_param(meeting.college.name)}":mailto:{_organizer()}')
    lines.append("END:VEVENT")
    return lines


def _param(value: str) -> str:
    """A quoted parameter value holds no double quote nor control character (RFC 5545 3.2)."""
    return "".join(c for c in value if c != '"' and c.isprintable())


def _organizer() -> str:
    from email.utils import parseaddr

    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "noreply@club-chorus-pro.fr"


def calendar(events: list[list[str]], *, method: str = "PUBLISH", name: str = "") -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    lines.append(f"METHOD:{method}")
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines.extend(event)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def meeting_file(meeting: Meeting, *, with_link: bool, waiting: bool = False) -> str:
    """The .ics of one meeting; a cancelled one is a CANCEL message."""
    method = "CANCEL" if meeting.status == Meeting.Status.CANCELLED else "PUBLISH"
    return calendar([event_lines(meeting, with_link=with_link, waiting=waiting)], method=method)


def feed(registrations, *, name: str) -> str:
    """One person's calendar: every meeting they registered to (waiting: tentative)."""
    from colleges.meetings.models import Registration

    events = []
    for registration in registrations:
        confirmed = registration.status == Registration.Status.CONFIRMED
        events.append(event_lines(registration.meeting, with_link=confirmed, waiting=not confirmed))
    return calendar(events, name=name)
