"""Who hears of consultations and publications, through the club's notifications.

A consultation is read by the members of the draft's contributing colleges and its contributors
(`rules.can_read_consultation`) once it is open: they are told when it opens. A consultation
planned for later is announced by a task deferred to its opening (with the database worker),
or by `announce_open_consultations`, idempotent, when the worker cannot defer.
Published whitepapers are public: every member hears of them (weekly digest by default),
however they were published (see `WhitepapersConfig.ready`).
"""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from club.core.notifications.kinds import Kind, Mode
from club.core.notifications.models import Notification
from club.core.notifications.services import notify
from colleges.selectors import members_of_any_college, readers_of
from whitepapers.models import Consultation, WhitepaperPage

CONSULTATION_OPENED = "consultation_opened"
WHITEPAPER_PUBLISHED = "whitepaper_published"

# The kinds of notice sent here, registered by `WhitepapersConfig.ready` (club/core/notifications/kinds.py).
NOTICE_KINDS = (
    Kind(
        CONSULTATION_OPENED,
        gettext_lazy("Consultation sur un livre blanc"),
        gettext_lazy("Un projet de livre blanc de votre collège est ouvert aux commentaires."),
        order=110,
    ),
    Kind(
        WHITEPAPER_PUBLISHED,
        gettext_lazy("Publication d'un livre blanc"),
        gettext_lazy("Le club publie un livre blanc ou une nouvelle version."),
        default_mode=Mode.WEEKLY,
        order=120,
    ),
)


def _consultation_url(consultation: Consultation) -> str:
    return reverse("whitepapers:consultation", args=[consultation.pk])


def consultation_opened(consultation: Consultation, *, actor=None) -> list:
    """Tell the draft's readers that the consultation is open (once: a second call is a no-op)."""
    url = _consultation_url(consultation)
    if Notification.objects.filter(kind=CONSULTATION_OPENED, url=url).exists():
        return []
    draft = consultation.draft
    audience = Q(pk__in=[person.pk for person in draft.contributor_users.all()])
    for college in draft.colleges.all():
        audience |= Q(pk__in=readers_of(college, staff=False).values("pk"))
    from django.contrib.auth import get_user_model

    recipients = get_user_model().objects.filter(audience, is_active=True)
    with translation.override(settings.LANGUAGE_CODE):
        return notify(
            recipients.values_list("pk", flat=True),
            CONSULTATION_OPENED,
            subject=_("Consultation ouverte sur le projet « %(title)s »") % {"title": draft.title},
            body=_("Lisez le projet et commentez-le jusqu'au %(end)s.")
            % {"end": formats.date_format(timezone.localtime(consultation.closes_at), "j F Y H:i")},
            url=url,
            actor=actor,
        )


def announce_open_consultations() -> int:
    """Announce every open consultation not announced yet; returns how many were announced."""
    count = 0
    for consultation in Consultation.objects.open_at(timezone.now()).select_related("page"):
        count += bool(consultation_opened(consultation))
    return count


def on_page_published(sender, instance, revision=None, **kwargs) -> None:
    """Wagtail's publish signal, whoever published (service, review workflow or admin)."""
    whitepaper_published(instance, actor=getattr(revision, "user", None))


def whitepaper_published(page: WhitepaperPage, *, actor) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            members_of_any_college().values_list("pk", flat=True),
            WHITEPAPER_PUBLISHED,
            subject=_("Livre blanc publié : « %(title)s »") % {"title": page.title},
            body=page.search_description or "",
            url=page.url or "",
            actor=actor,
        )
