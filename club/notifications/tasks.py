"""Background work, run by `manage.py db_worker` (started by `make run`)."""

from django_tasks import task

from club.notifications import emails


@task()
def send_delivery(delivery_id: int) -> str:
    return emails.deliver(delivery_id)


@task()
def send_digests(period: str) -> int:
    return emails.send_digests(period)
