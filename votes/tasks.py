"""Background work of the votes app, run by `manage.py db_worker`."""

from django_tasks import task


@task()
def mix_ballot_box_task(ballot_id: int) -> int:
    """Reseal a ballot's waiting choices in a shuffled batch (see `services.mix_ballot_box`)."""
    from votes import services

    return services.mix_ballot_box(ballot_id=ballot_id)
