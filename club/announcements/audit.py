"""Announcements' and the newsletter's audit actions, in words (club/core/audit/labels.py)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "announcement.published": _("Annonce envoyée"),
    "newsletter.sent": _("Lettre d'information envoyée"),
}
