from datetime import timedelta

from django.apps import AppConfig


class VotesConfig(AppConfig):
    name = "votes"
    verbose_name = "Votes"

    def ready(self) -> None:
        from votes import my_space

        my_space.register()  # its section of « Mon espace »
        from club.core.audit.labels import register_action_labels
        from club.core.notifications.kinds import register_kinds
        from club.core.scheduler.registry import every
        from votes import (
            lifecycle,  # noqa: F401 - registers the ballot's lifecycle table
            tasks,
        )
        from votes.audit import ACTION_LABELS
        from votes.notifications import NOTICE_KINDS

        register_kinds(*NOTICE_KINDS)
        register_action_labels(ACTION_LABELS)
        # Every minute: a ballot's electorate is frozen, or its tally written, within a minute
        # of the time; until then pages read the state from the clock (votes.lifecycle). The
        # sealed choices waiting in open ballots' boxes are mixed on the same beat.
        every(timedelta(minutes=1), tasks.open_due_ballots)
        every(timedelta(minutes=1), tasks.close_due_ballots)
        every(timedelta(minutes=1), tasks.mix_open_ballot_boxes)
