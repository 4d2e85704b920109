from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = "Demandes d'évolution et cycles IPM"

    def ready(self) -> None:
        # Registers the lifecycles of requests and positions (`club.core.lifecycle`).
        from club.core.accounts.powers import register_power
        from club.core.notifications.kinds import register_kinds
        from proposals import (
            lifecycle,  # noqa: F401
            notifications,
        )
        from proposals.ipm import notifications as ipm_notifications
        from proposals.ipm.rules import is_ipm_participant
        from proposals.services import position_ballot_closed
        from votes.services import register_ballot_closed

        register_ballot_closed(position_ballot_closed)
        # Two-factor authentication is demanded of the IPM's participants too (club/core).
        register_power("ipm_participant", holds=is_ipm_participant)
        register_kinds(*notifications.NOTICE_KINDS, *ipm_notifications.NOTICE_KINDS)
