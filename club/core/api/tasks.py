"""The API's periodic work, run by the task worker on the scheduler's clock."""

from django_tasks import task


@task()
def forget_expired_idempotent_requests() -> int:
    """Idempotency keys are kept 24 hours (club/core/api/idempotency.py)."""
    from club.core.api.idempotency import forget_expired

    return forget_expired()
