"""The kinds of notice announcements and the newsletter send (see club/core/notifications/kinds.py)."""

from django.utils.translation import gettext_lazy as _

from club.core.notifications.kinds import Kind, Mode

ANNOUNCEMENT = "announcement"
NEWSLETTER = "newsletter"

# The kinds of notice sent here, registered by `AnnouncementsConfig.ready`.
NOTICE_KINDS = (
    Kind(
        ANNOUNCEMENT,
        _("Annonce"),
        _("Les animateurs de votre collège ou l'équipe du club diffusent une annonce."),
        order=130,
    ),
    Kind(
        NEWSLETTER,
        _("Lettre d'information"),
        _("La lettre périodique des nouveautés du club (sur inscription)."),
        default_mode=Mode.NEVER,
        opt_in=True,
        order=140,
    ),
)
