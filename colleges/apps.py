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
        from colleges.rules import holds_delegate_mandate, holds_facilitator_role

        # Facilitating a college and a delegate's mandate are powers: they need a second
        # factor (club/core/accounts/powers.py; the rules gate `is_facilitator`, `is_delegate`).
        register_power("facilitator", holds=holds_facilitator_role)
        register_power("delegate", holds=holds_delegate_mandate)
        register_kinds(*notifications.NOTICE_KINDS)
        from club.core.audit.labels import register_action_labels
        from colleges.audit import ACTION_LABELS

        register_action_labels(ACTION_LABELS)
