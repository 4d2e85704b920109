"""Background work of the votes app, run by `manage.py db_worker`.

A ballot opens and closes by the clock. The periodic tasks, enqueued every minute by the
scheduler (`manage.py run_scheduler`, registered in `VotesConfig.ready`), write what the clock
made due: the frozen electorate and the e-mail that the vote is open, then the board, the tally,
its consequences (a position decided, delegates seated) and the e-mail of the results; and they
hand the sealed choices waiting in open ballots' boxes to the mixing (docs/ballot-secrecy.md).
Pages never write them.
"""

from django_tasks import task


@task()
def open_due_ballots() -> int:
    from votes import services

    return services.open_due_ballots()


@task()
def close_due_ballots() -> int:
    from votes import services

    return len(services.close_due_ballots())


@task()
def mix_open_ballot_boxes() -> int:
    """Queue a mixing of each open ballot's box that holds a batch (`mix_ballot_box_task`)."""
    from votes import services

    return services.mix_open_ballot_boxes()


@task()
def mix_ballot_box_task(ballot_id: int) -> int:
    """Reseal a ballot's waiting choices in a shuffled batch (see `services.mix_ballot_box`)."""
    from votes import services

    return services.mix_ballot_box(ballot_id=ballot_id)


@task()
def open_ballot(ballot_id: int) -> int:
    """Freeze one ballot's electorate right after it was created open (votes.services)."""
    from django.utils import timezone

    from votes import services
    from votes.models import Ballot

    ballot = Ballot.objects.filter(pk=ballot_id, electorate_frozen_at__isnull=True).first()
    if ballot is None or timezone.now() < ballot.opens_at:
        return 0
    return services.freeze_electorate(ballot=ballot)
