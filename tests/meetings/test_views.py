from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from colleges.meetings import services
from colleges.meetings.models import CalendarFeed, Meeting, Registration
from tests.meetings.factories import make_meeting
from tests.meetings.ical import parse

pytestmark = pytest.mark.django_db


def _form(**overrides):
    start = timezone.localtime() + timedelta(days=10)
    data = {
        "title": "Atelier libellés",
        "description": "Ordre du jour",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "mode": "in_person",
        "address": "20 avenue de Ségur, Paris",
        "accessibility": "Plain-pied.",
        "online_url": "",
        "capacity": "10",
        "open_now": "on",
    }
    data.update(overrides)
    return data


def test_facilitator_schedules_from_the_page(client, college, facilitator):
    client.force_login(facilitator)
    url = reverse("colleges:meeting_create", kwargs={"college_slug": college.slug})
    response = client.post(url, _form(accessibility=""))
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert "accessibilité" in response.content.decode()
    response = client.post(url, _form())
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    # Typed in Paris time.
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == _form()["starts_at"][-5:]


def test_member_registers_and_sees_the_link(client, college, facilitator, members, outsider):
    meeting = make_meeting(college, facilitator)
    member = members[0]
    client.force_login(member)
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert "visio.example" not in detail
    assert client.get(reverse("colleges:meeting_register", args=[meeting.pk])).status_code == 405
    client.post(reverse("colleges:meeting_register", args=[meeting.pk]))
    assert Registration.objects.get(user=member).status == "confirmed"
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert "https://visio.example/salle-rejets" in detail
    client.post(reverse("colleges:meeting_unregister", args=[meeting.pk]))
    assert not Registration.objects.exists()
    client.force_login(outsider)
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_list_pages_query_counts(
    client, college, facilitator, members, django_assert_max_num_queries
):
    for i in range(3):
        meeting = make_meeting(college, facilitator, title=f"Réunion {i}")
        services.register(meeting=meeting, user=members[0])
    past = make_meeting(college, facilitator, title="Réunion passée")
    Meeting.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=2)
    )
    client.force_login(members[0])
    url = reverse("colleges:meeting_list", kwargs={"college_slug": college.slug})
    client.get(url)  # warm the session and caches
    with django_assert_max_num_queries(12) as few:
        response = client.get(url)
    assert response.status_code == 200
    for i in range(3, 13):
        meeting = make_meeting(college, facilitator, title=f"Réunion {i}")
        services.register(meeting=meeting, user=members[0])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    html = response.content.decode()
    assert "Réunion 12" in html and "Réunion passée" in html
    # « Mon espace »: its section lists the next meetings, in a constant number of queries.
    with django_assert_max_num_queries(60) as space:
        html = client.get(reverse("colleges:my_space")).content.decode()
    assert "Mes prochaines réunions" in html and "Réunion 0" in html
    make_meeting(college, facilitator, title="Encore une")
    services.register(meeting=Meeting.objects.get(title="Encore une"), user=members[0])
    with django_assert_max_num_queries(len(space.captured_queries)):
        client.get(reverse("colleges:my_space"))


def test_ics_download_and_personal_feed(client, college, facilitator, members):
    meeting = make_meeting(college, facilitator)
    member = members[0]
    services.register(meeting=meeting, user=member)
    client.force_login(member)
    response = client.get(reverse("colleges:meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    parse(response.content)

    client.post(reverse("colleges:meeting_calendar"), {"action": "renew"})
    feed = CalendarFeed.objects.get(user=member)
    client.logout()
    response = client.get(feed.get_absolute_url())
    (event,) = parse(response.content).walk("VEVENT")
    assert event["UID"] == meeting.uid and "visio.example" in event["DESCRIPTION"]

    services.cancel_meeting(meeting=meeting, actor=facilitator, reason="Grève")
    (event,) = parse(client.get(feed.get_absolute_url()).content).walk("VEVENT")
    assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == "1"

    old = feed.get_absolute_url()
    client.force_login(member)
    client.post(reverse("colleges:meeting_calendar"), {"action": "renew"})
    assert client.get(old).status_code == 404
    client.post(reverse("colleges:meeting_calendar"), {"action": "revoke"})
    assert not CalendarFeed.objects.exists()


def test_journey_to_published_minutes(client, college, facilitator, members):
    meeting = make_meeting(college, facilitator)
    services.register(meeting=meeting, user=members[0])
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(facilitator)
    client.post(
        reverse("colleges:meeting_attendance", args=[meeting.pk]), {"present": [members[0].pk]}
    )
    assert Registration.objects.get().attended is True
    client.post(
        reverse("colleges:meeting_minutes", args=[meeting.pk]),
        {"minutes": "## Décisions\n\n<script>alert(1)</script>\n\n- Ouvrir un fil"},
    )
    client.force_login(members[1])
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "<h2>Décisions</h2>" in html or "Décisions</h" in html
    assert "<script>alert(1)</script>" not in html


def test_scheduled_first_then_opened(client, college, facilitator, members):
    client.force_login(facilitator)
    url = reverse("colleges:meeting_create", kwargs={"college_slug": college.slug})
    data = _form()
    data.pop("open_now", None)  # unticked
    client.post(url, data)
    meeting = Meeting.objects.get()
    assert meeting.status == "scheduled"
    client.force_login(members[0])
    client.post(reverse("colleges:meeting_register", args=[meeting.pk]))
    assert not Registration.objects.exists()
    assert client.post(reverse("colleges:meeting_open", args=[meeting.pk])).status_code == 403
    client.force_login(facilitator)
    client.post(reverse("colleges:meeting_open", args=[meeting.pk]))
    assert Meeting.objects.get().status == "open"
