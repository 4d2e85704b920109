from django.apps import AppConfig


class IpmConfig(AppConfig):
    """IPM cycles, agenda items, instruction, working groups, plenary sessions and pilots.

    An app inside proposals; its tables kept their `proposals_*` names when the models moved
    here (see migrations/0001).
    """

    name = "proposals.ipm"
    label = "ipm"
    verbose_name = "Cycles IPM"

    def ready(self) -> None:
        from club.core.accounts.powers import register_power
        from club.core.notifications.kinds import register_kinds

        # The GDPR registry is filled by the apps: this one declares what its tables hold.
        from proposals.ipm import lifecycle, personal_data  # noqa: F401 - the lifecycle tables
        from proposals.ipm.notifications import NOTICE_KINDS
        from proposals.ipm.rules import holds_ipm_seat, holds_working_group_seat

        # The IPM's participants hold a power too: it needs a second factor (club/core).
        register_power("ipm_participant", holds=holds_ipm_seat)
        register_power("ipm_working_group", holds=holds_working_group_seat)
        # The kinds of notice about escalations, decisions and pilot calls.
        register_kinds(*NOTICE_KINDS)
        from club.core.audit.labels import register_action_labels
        from proposals.ipm.audit import ACTION_LABELS

        register_action_labels(ACTION_LABELS)
