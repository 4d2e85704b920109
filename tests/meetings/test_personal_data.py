from datetime import timedelta

import pytest
from django.utils import timezone

from club.core.gdpr.services import erase_account, export_personal_data
from colleges.meetings import services
from colleges.meetings.models import CalendarFeed, Meeting, Registration
from tests.factories import PASSWORD
from tests.meetings.factories import make_meeting

pytestmark = pytest.mark.django_db


def test_registrations_and_attendance_are_exported(college, facilitator, members):
    held = make_meeting(college, facilitator, title="Atelier tenu")
    services.register(meeting=held, user=members[0])
    Meeting.objects.filter(pk=held.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    services.record_attendance(meeting=held, actor=facilitator, present_ids=[members[0].pk])
    services.renew_feed(user=members[0])
    section = export_personal_data(user=members[0])["sections"]["meetings"]
    (row,) = section["inscriptions"]
    assert (row["reunion"], row["present"]) == ("Atelier tenu", True)
    assert section["agenda_personnel"] is True
    assert export_personal_data(user=members[1])["sections"]["meetings"]["inscriptions"] == []


def test_erasure_frees_the_seat_for_the_first_waiting(college, facilitator, members):
    meeting = make_meeting(college, facilitator, capacity=1)
    leaving, waiting = members[0], members[1]
    services.register(meeting=meeting, user=leaving)
    services.register(meeting=meeting, user=waiting)
    services.renew_feed(user=leaving)
    erase_account(user=leaving, password=PASSWORD)
    assert not Registration.objects.filter(user=leaving).exists()
    assert not CalendarFeed.objects.filter(user=leaving).exists()
    assert Registration.objects.get(user=waiting).status == "confirmed"
