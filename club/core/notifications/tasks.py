"""Background work, run by `manage.py db_worker` (started by `make run`)."""

import logging

from django_tasks import task

from club.core.notifications import emails

logger = logging.getLogger(__name__)


def schedule_retry(delivery) -> None:
    """With a worker that defers tasks, retry at the right time; else `send_digests` will."""
    if send_delivery.get_backend().supports_defer:
        send_delivery.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)


@task()
def send_delivery(delivery_id: int) -> str:
    return emails.deliver(delivery_id, retry=schedule_retry)


@task()
def send_deliveries(delivery_ids: list[int]) -> dict[str, int]:
    """Each e-mail is sent, retried or given up on its own (`emails.deliver`)."""
    outcomes: dict[str, int] = {}
    for delivery_id in delivery_ids:
        try:
            outcome = emails.deliver(delivery_id, retry=schedule_retry)
        except Exception:
            # The others still go; this one is retried by `send_digests` (retry_due_deliveries).
            logger.exception("Courriel %s non envoyé", delivery_id)
            outcome = "error"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


@task()
def send_digests(period: str) -> int:
    return emails.send_digests(period, retry=schedule_retry)


def retry_due_deliveries() -> int:
    """The worker's maintenance (club/core/worker.py): e-mails whose retry is due, or whose
    attempt was cut short by a killed worker, go out again without waiting for `send_digests`."""
    return emails.retry_due_deliveries(retry=schedule_retry)
