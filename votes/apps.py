from django.apps import AppConfig


class VotesConfig(AppConfig):
    name = "votes"
    verbose_name = "Votes"

    def ready(self) -> None:
        from club.core.notifications.kinds import register_kinds
        from votes import lifecycle  # noqa: F401 - registers the ballot's lifecycle table
        from votes.notifications import NOTICE_KINDS

        register_kinds(*NOTICE_KINDS)
        from club.core.audit.labels import register_action_labels
        from votes.audit import ACTION_LABELS

        register_action_labels(ACTION_LABELS)
