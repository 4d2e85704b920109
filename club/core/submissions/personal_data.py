"""Which forms a person sent, and when: a technical trace kept a few days (see club/core/gdpr)."""

from django.utils.translation import gettext_lazy as _

from club.core.gdpr.registry import register
from club.core.submissions.models import Submission


def export(user) -> list:
    return [
        {"page": row.path, "envoye_le": row.created_at.isoformat()}
        for row in Submission.objects.filter(user=user).order_by("created_at", "pk")
    ]


def erase(user) -> None:
    Submission.objects.filter(user=user).delete()


register("submissions", label=_("Envois de formulaires"), exporter=export, eraser=erase, order=950)
