from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    """Announcements and the newsletter: the club's one-way messages, a roof feature because their
    audiences are colleges and their content reads every domain (club/core knows none)."""

    name = "club.announcements"
    label = "announcements"
    verbose_name = _("Annonces")

    def ready(self) -> None:
        from club.announcements.notifications import NOTICE_KINDS
        from club.core.notifications.kinds import register_kinds

        register_kinds(*NOTICE_KINDS)
        from club.announcements.audit import ACTION_LABELS
        from club.core.audit.labels import register_action_labels

        register_action_labels(ACTION_LABELS)
