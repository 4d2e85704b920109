"""Who hears of a meeting, through `notify` (club/core/notifications).

Invitations go to the readers of the college (`colleges.selectors.readers_of`); changes,
cancellations and minutes to the people registered (seat or waiting list); a seat freed to the
first person waiting is told to that person.
"""

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from club.core.notifications.kinds import Kind, Mode
from club.core.notifications.services import notify
from colleges.selectors import readers_of

INVITATION = "meeting_invitation"
REGISTRATION = "meeting_registration"
MINUTES = "meeting_minutes"

# Registered by `MeetingsConfig.ready` (club/core/notifications/kinds.py).
NOTICE_KINDS = (
    Kind(
        INVITATION,
        gettext_lazy("Nouvelle réunion"),
        gettext_lazy("Une réunion de votre collège ou de la plénière ouvre ses inscriptions."),
        default_mode=Mode.DAILY,
        order=47,
    ),
    Kind(
        REGISTRATION,
        gettext_lazy("Réunions auxquelles je suis inscrit"),
        gettext_lazy(
            "Une place se libère pour vous, la réunion change de date, de lieu ou est annulée."
        ),
        # A seat, a new date or a cancellation of a meeting one plans to attend is never silenced.
        can_disable=False,
        order=48,
    ),
    Kind(
        MINUTES,
        gettext_lazy("Compte rendu de réunion"),
        gettext_lazy("Le compte rendu d'une réunion à laquelle vous étiez inscrit est publié."),
        default_mode=Mode.DAILY,
        order=49,
    ),
)


def _when(meeting) -> str:
    return date_format(localtime(meeting.starts_at), "DATETIME_FORMAT")


def _registered(meeting):
    return list(meeting.registrations.values_list("user_id", flat=True))


def invited(meeting, *, actor) -> None:
    audience = readers_of(meeting.college).values_list("pk", flat=True)
    notify(
        audience,
        INVITATION,
        subject=_("Réunion « %(title)s » le %(when)s : inscriptions ouvertes")
        % {"title": meeting.title, "when": _when(meeting)},
        body=meeting.description[:400],
        url=meeting.get_absolute_url(),
        actor=actor,
    )


def promoted(meeting, registrations) -> None:
    notify(
        [r.user_id for r in registrations],
        REGISTRATION,
        subject=_("Une place s'est libérée : vous êtes inscrit à « %(title)s » (%(when)s)")
        % {"title": meeting.title, "when": _when(meeting)},
        url=meeting.get_absolute_url(),
    )


def changed(meeting, *, actor) -> None:
    notify(
        _registered(meeting),
        REGISTRATION,
        subject=_("La réunion « %(title)s » a changé : désormais le %(when)s")
        % {"title": meeting.title, "when": _when(meeting)},
        url=meeting.get_absolute_url(),
        actor=actor,
    )


def cancelled(meeting, *, actor) -> None:
    notify(
        _registered(meeting),
        REGISTRATION,
        subject=_("La réunion « %(title)s » du %(when)s est annulée")
        % {"title": meeting.title, "when": _when(meeting)},
        body=meeting.cancellation_reason,
        url=meeting.get_absolute_url(),
        actor=actor,
    )


def minutes_published(meeting, *, actor) -> None:
    notify(
        _registered(meeting),
        MINUTES,
        subject=_("Compte rendu publié : « %(title)s »") % {"title": meeting.title},
        url=meeting.get_absolute_url(),
        actor=actor,
    )
