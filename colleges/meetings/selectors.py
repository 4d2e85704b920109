"""Reads about meetings that pages (and later the API) share, with their joins and counts."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from club.core.domain import access
from colleges import rules as college_rules
from colleges.meetings import rules
from colleges.meetings.models import Meeting, Registration


def meetings_of(college, user):
    """The meetings of `college` that `user` may see, with their seat counts and, for each, the
    person's own registration status (`my_status`: None, "confirmed" or "waiting")."""
    meetings = Meeting.objects.filter(college=college).select_related("college").with_counts()
    if not college_rules.can_read_college(user, college):
        meetings = meetings.filter(open_to_other_colleges=True)
    return _with_mine(meetings, user)


def _with_mine(meetings, user):
    if not (user and user.is_authenticated):
        return meetings
    mine = Registration.objects.filter(meeting=OuterRef("pk"), user=user)
    return meetings.annotate(
        my_confirmed=Exists(mine.filter(status=Registration.Status.CONFIRMED)),
        my_waiting=Exists(mine.filter(status=Registration.Status.WAITING)),
    )


def split(meetings, now=None) -> tuple[list, list]:
    """Upcoming (soonest first) and past (latest first)."""
    now = now or timezone.now()
    upcoming = list(meetings.filter(ends_at__gte=now).order_by("starts_at", "pk"))
    past = list(meetings.filter(ends_at__lt=now).order_by("-starts_at", "-pk")[:50])
    return upcoming, past


def my_next_meetings(user, limit: int = 8):
    """The meetings to come one registered to (seat or waiting list), soonest first."""
    return list(
        Registration.objects.filter(user=user, meeting__ends_at__gte=timezone.now())
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .select_related("meeting__college")
        .order_by("meeting__starts_at", "meeting__pk")[:limit]
    )


def feed_registrations(user):
    """What one's calendar feed holds: the last year's meetings and those to come."""
    since = timezone.now() - timedelta(days=365)
    return (
        Registration.objects.filter(user=user, meeting__ends_at__gte=since)
        .select_related("meeting__college")
        .order_by("meeting__starts_at", "meeting__pk")
    )


def registrations_of(meeting):
    return meeting.registrations.select_related("user").order_by("-status", "created_at", "pk")


def access_meeting(user, pk) -> Meeting:
    """The meeting if `user` may see it (`can_view_meeting`), else NotVisible (a 404): the one
    fetch-and-authorise helper for meetings (club.core.domain.access)."""
    return access(Meeting.objects.select_related("college"), user, rules.can_view_meeting, pk=pk)
