"""What meetings hold about a person, for the GDPR export and erasure.

Registrations and attendance are personal data: exported, and erased with the account (a seat
in a meeting to come goes to the first person waiting). The calendar feed's token goes too.
"""

from django.utils.translation import gettext_lazy as _

from club.core.gdpr.registry import register
from colleges.meetings.models import CalendarFeed, Registration


def _iso(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    registrations = Registration.objects.filter(user=user).select_related("meeting__college")
    return {
        "inscriptions": [
            {
                "reunion": r.meeting.title,
                "college": r.meeting.college.name,
                "debut": _iso(r.meeting.starts_at),
                "statut": r.get_status_display(),
                "inscrit_le": _iso(r.created_at),
                "place_obtenue_le": _iso(r.promoted_at),
                "present": r.attended,
            }
            for r in registrations.order_by("created_at", "pk")
        ],
        "agenda_personnel": CalendarFeed.objects.filter(user=user).exists(),
    }


def erase(user) -> None:
    from colleges.meetings.services import release_registrations

    release_registrations(user=user)


register("meetings", label=_("Réunions"), exporter=export, eraser=erase, order=46)
