"""Background work of the whitepapers app, run by `manage.py db_worker`, and its scheduling."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from whitepapers.models import Consultation
from whitepapers.notifications import consultation_opened


@task()
def announce_consultation(consultation_id: int) -> int:
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None or not consultation.is_open():
        return 0
    return len(consultation_opened(consultation))


def consultation_scheduled(consultation: Consultation, *, actor) -> None:
    """Announce the consultation now if it is open, else when it opens (with a worker that
    defers tasks; otherwise `announce_open_consultations` does it)."""
    if consultation.opens_at <= timezone.now():
        consultation_opened(consultation, actor=actor)
        return
    if announce_consultation.get_backend().supports_defer:
        consultation_id, opens_at = consultation.pk, consultation.opens_at
        transaction.on_commit(
            lambda: announce_consultation.using(run_after=opens_at).enqueue(consultation_id),
            robust=True,
        )
