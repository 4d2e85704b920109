from django.apps import AppConfig


class CollegesConfig(AppConfig):
    name = "colleges"
    verbose_name = "Collèges"

    def ready(self) -> None:
        from club.core.accounts.powers import register_power
        from club.core.notifications.kinds import register_kinds
        from colleges import (
            lifecycle,  # noqa: F401 - the lifecycle table
            notifications,
            signals,  # noqa: F401 - connects the headcount cache invalidation
        )
        from colleges.rules import holds_privileged_role

        # Two-factor authentication is demanded of facilitators and delegates (club/core).
        register_power("facilitator_or_delegate", holds=holds_privileged_role)
        register_kinds(*notifications.NOTICE_KINDS)
        from club.core.audit.labels import register_action_labels
        from colleges.audit import ACTION_LABELS

        register_action_labels(ACTION_LABELS)
