from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Meetings of a college or of the plenary: scheduling, registration and waiting list,
    calendars, attendance and minutes. An app inside colleges, like threads."""

    name = "colleges.meetings"
    label = "meetings"
    verbose_name = "Réunions"

    def ready(self) -> None:
        from club.core.audit.labels import register_action_labels
        from club.core.notifications.kinds import register_kinds

        # The GDPR registry, « Mon espace » and the lifecycles are filled by the apps.
        from colleges.meetings import lifecycle, my_space, personal_data  # noqa: F401
        from colleges.meetings.audit import ACTION_LABELS
        from colleges.meetings.notifications import NOTICE_KINDS

        register_kinds(*NOTICE_KINDS)
        register_action_labels(ACTION_LABELS)
