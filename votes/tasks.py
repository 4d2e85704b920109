"""Background work of the votes app, run by `manage.py db_worker`.

A ballot opens and closes by the clock. The periodic tasks, enqueued every minute by the
scheduler (`manage.py run_scheduler`, registered in `VotesConfig.ready`), write what the clock
made due: the frozen electorate and the e-mail that the vote is open, then the board, the tally,
its consequences (a position decided, delegates seated) and the e-mail of the results; and they
hand the sealed choices waiting in open ballots' boxes to the mixing (docs/ballot-secrecy.md).
Pages never write them.
"""

from django_tasks import task

from votes import services


@task()
def open_due_ballots() -> int:
    return services.open_due_ballots()


@task()
def close_due_ballots() -> int:
    return len(services.close_due_ballots())


@task()
def mix_open_ballot_boxes() -> int:
    """Queue a mixing of each open ballot's box that holds a batch (`mix_ballot_box_task`)."""
    return services.mix_open_ballot_boxes()


# The tasks that services enqueue themselves live beside them (votes.services), so that
# services never import this module: this one imports them.
open_ballot = services.open_ballot
mix_ballot_box_task = services.mix_ballot_box_task
