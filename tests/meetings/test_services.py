from datetime import timedelta

import pytest
from django.utils import timezone

from club.core.audit.models import AuditEntry
from club.core.domain import DomainError
from club.core.notifications.models import Notification
from colleges.meetings import services
from colleges.meetings.models import Meeting, Registration
from tests.meetings.factories import make_meeting, meeting_values

pytestmark = pytest.mark.django_db


def test_facilitator_schedules_and_registrations_open(college, facilitator, members):
    meeting = make_meeting(college, facilitator)
    assert meeting.status == Meeting.Status.OPEN
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {
        "meeting.scheduled",
        "meeting.registration_opened",
    }


def test_a_member_cannot_schedule(college, members):
    with pytest.raises(DomainError):
        make_meeting(college, members[0])


def test_in_person_place_needs_accessibility(college, facilitator):
    with pytest.raises(DomainError, match="accessibilité"):
        make_meeting(college, facilitator, mode="in_person", accessibility=" ")
    with pytest.raises(DomainError, match="lien"):
        make_meeting(college, facilitator, mode="online", online_url="")
    assert not Meeting.objects.exists()


def test_waiting_list_promotes_in_order_and_tells(college, facilitator, members, meeting):
    a, b, c, d = members
    statuses = [services.register(meeting=meeting, user=u).status for u in (a, b, c, d)]
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]
    assert Meeting.objects.with_counts().get(pk=meeting.pk).is_full
    with pytest.raises(DomainError, match="déjà inscrit"):
        services.register(meeting=meeting, user=a)

    promoted = services.unregister(meeting=meeting, user=a)
    assert [r.user for r in promoted] == [c]
    assert Registration.objects.get(user=c).status == "confirmed"
    assert Registration.objects.get(user=d).status == "waiting"
    notice = Notification.objects.get(recipient=c, kind="meeting_registration")
    assert "place s'est libérée" in notice.subject
    assert not Notification.objects.filter(recipient=d, kind="meeting_registration").exists()


def test_a_waiting_member_leaving_frees_no_seat(college, facilitator, members, meeting):
    for user in members[:3]:
        services.register(meeting=meeting, user=user)
    assert services.unregister(meeting=meeting, user=members[2]) == []
    assert meeting.registrations.count() == 2


def test_more_seats_promote_those_waiting(college, facilitator, members, meeting):
    for user in members:
        services.register(meeting=meeting, user=user)
    updated = services.update_meeting(meeting=meeting, actor=facilitator, capacity=3)
    assert updated.sequence == 1
    assert Registration.objects.get(user=members[2]).status == "confirmed"
    assert Registration.objects.get(user=members[3]).status == "waiting"


def test_other_colleges_only_when_open_to_them(college, facilitator, outsider):
    closed = make_meeting(college, facilitator)
    with pytest.raises(DomainError, match="réservée"):
        services.register(meeting=closed, user=outsider)
    opened = make_meeting(college, facilitator, open_to_other_colleges=True)
    assert services.register(meeting=opened, user=outsider).status == "confirmed"


def test_registration_window(college, facilitator, members):
    later = make_meeting(
        college, facilitator, registration_opens_at=timezone.now() + timedelta(days=1)
    )
    with pytest.raises(DomainError, match="closes ou pas encore ouvertes"):
        services.register(meeting=later, user=members[0])


def test_cancel_then_no_registration(college, facilitator, members, meeting):
    services.register(meeting=meeting, user=members[0])
    cancelled = services.cancel_meeting(meeting=meeting, actor=facilitator, reason="Grève")
    assert cancelled.status == "cancelled" and cancelled.sequence == 1
    assert Notification.objects.filter(recipient=members[0], kind="meeting_registration").exists()
    with pytest.raises(DomainError, match="pas ouvertes"):
        services.register(meeting=cancelled, user=members[1])


def test_attendance_then_minutes(college, facilitator, members):
    meeting = make_meeting(college, facilitator)
    services.register(meeting=meeting, user=members[0])
    services.register(meeting=meeting, user=members[1])
    with pytest.raises(DomainError, match="commencée"):
        services.record_attendance(meeting=meeting, actor=facilitator, present_ids=[])
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    with pytest.raises(DomainError):
        services.record_attendance(meeting=meeting, actor=members[0], present_ids=[])
    with pytest.raises(DomainError, match=r"tenue|programmée|ouvertes"):
        services.publish_minutes(meeting=meeting, actor=facilitator, minutes="Trop tôt")
    services.record_attendance(meeting=meeting, actor=facilitator, present_ids=[members[0].pk])
    assert dict(meeting.registrations.values_list("user_id", "attended")) == {
        members[0].pk: True,
        members[1].pk: False,
    }
    published = services.publish_minutes(
        meeting=meeting, actor=facilitator, minutes="## Décisions\n\n- Ouvrir un fil"
    )
    assert published.status == "published" and published.minutes_published_at
    assert Notification.objects.filter(recipient=members[1], kind="meeting_minutes").exists()
    with pytest.raises(DomainError):
        services.cancel_meeting(meeting=published, actor=facilitator, reason="Trop tard")


def test_staff_runs_plenary_meetings(plenary, staff, member):
    from tests.threads.factories import with_totp

    with_totp(staff)
    meeting = services.schedule_meeting(
        college=plenary, actor=staff, **meeting_values(mode="online", address="", accessibility="")
    )
    assert services.register(meeting=meeting, user=member).status == "confirmed"
