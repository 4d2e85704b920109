"""The meetings' audited acts, in words (club/core/audit/labels.py)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "meeting.scheduled": _("Réunion programmée"),
    "meeting.registration_opened": _("Inscriptions à une réunion ouvertes"),
    "meeting.updated": _("Réunion modifiée"),
    "meeting.cancelled": _("Réunion annulée"),
    "meeting.attendance_recorded": _("Présences relevées"),
    "meeting.minutes_published": _("Compte rendu publié"),
}
