from django.apps import AppConfig


class ThreadsConfig(AppConfig):
    """Work themes, threads, posts, their moderation and live updates: an app inside colleges.

    Its tables kept their `colleges_*` names when the models moved here (see migrations/0001).
    """

    name = "colleges.threads"
    label = "threads"
    verbose_name = "Fils de discussion"

    def ready(self) -> None:
        from club.core.notifications.kinds import register_kinds

        # The GDPR registry is filled by the apps: this one declares what its tables hold.
        from colleges.threads import personal_data  # noqa: F401
        from colleges.threads.notifications import NOTICE_KINDS

        # The kinds of notice about posts, replies and reports (club/core/notifications/kinds.py).
        register_kinds(*NOTICE_KINDS)
        from club.core.audit.labels import register_action_labels
        from colleges.threads.audit import ACTION_LABELS

        register_action_labels(ACTION_LABELS)
