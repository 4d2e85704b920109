from datetime import UTC, datetime

import pytest

from colleges.meetings import ics, services
from tests.meetings.factories import make_meeting
from tests.meetings.ical import parse

pytestmark = pytest.mark.django_db


def _event(text):
    calendar = parse(text)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_strict_parser_refuses_bad_files():
    with pytest.raises(AssertionError):
        parse("BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n")
    with pytest.raises(AssertionError):
        parse("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nSUMMARY:a,b\r\nEND:VCALENDAR\r\n")


def test_meeting_file_round_trips(college, facilitator):
    meeting = make_meeting(
        college,
        facilitator,
        title="Atelier ; rejets, libellés \\ codes",
        description="Ligne un\nLigne deux " + "é" * 80,
    )
    calendar, event = _event(ics.meeting_file(meeting, with_link=True))
    assert calendar["METHOD"] == "PUBLISH"
    assert event["SUMMARY"] == "Atelier ; rejets, libellés \\ codes"
    assert event["UID"] == meeting.uid
    assert event["SEQUENCE"] == "0" and event["STATUS"] == "CONFIRMED"
    start = datetime.strptime(event["DTSTART"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert start == meeting.starts_at.replace(microsecond=0)
    assert "é" * 80 in event["DESCRIPTION"]
    assert "https://visio.example/salle-rejets" in event["DESCRIPTION"]
    assert "plain-pied" in event["DESCRIPTION"]
    assert event["LOCATION"].startswith("20 avenue de Ségur")


def test_link_only_for_registered(college, facilitator):
    meeting = make_meeting(college, facilitator)
    _calendar, event = _event(ics.meeting_file(meeting, with_link=False))
    assert "visio.example" not in str(event)


def test_updates_bump_sequence_and_cancel_is_a_cancel(college, facilitator):
    meeting = make_meeting(college, facilitator)
    meeting = services.update_meeting(meeting=meeting, actor=facilitator, title="Nouveau titre")
    _calendar, event = _event(ics.meeting_file(meeting, with_link=True))
    assert event["SEQUENCE"] == "1"
    meeting = services.cancel_meeting(meeting=meeting, actor=facilitator, reason="Grève")
    calendar, event = _event(ics.meeting_file(meeting, with_link=True))
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == "2"
    assert event["UID"] == meeting.uid
