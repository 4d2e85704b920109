from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = "Demandes d'évolution et cycles IPM"

    def ready(self) -> None:
        from proposals import my_space

        my_space.register()  # its section of « Mon espace »
        from club.core.notifications.kinds import register_kinds

        # Registers the lifecycles of requests and positions (`club.core.lifecycle`).
        from proposals import lifecycle, notifications  # noqa: F401
        from proposals.services import position_ballot_closed
        from votes.services import register_ballot_closed

        register_ballot_closed(position_ballot_closed)
        register_kinds(*notifications.NOTICE_KINDS)
        from club.core.audit.labels import register_action_labels
        from proposals.audit import ACTION_LABELS

        register_action_labels(ACTION_LABELS)
