"""Background work of the whitepapers app, run by `manage.py db_worker`."""

from django_tasks import task


@task()
def announce_consultation(consultation_id: int) -> int:
    from whitepapers.models import Consultation
    from whitepapers.notifications import consultation_opened

    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None or not consultation.is_open():
        return 0
    return len(consultation_opened(consultation))
