from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = "Demandes d'évolution et cycles IPM"

    def ready(self) -> None:
        # Registers the lifecycles of requests and positions (`club.core.lifecycle`).
        from proposals import lifecycle  # noqa: F401
        from proposals.services import position_ballot_closed
        from votes.services import register_ballot_closed

        register_ballot_closed(position_ballot_closed)
