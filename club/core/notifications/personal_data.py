"""What the notifications app holds about a person (see club/core/gdpr/registry.py).

Notices, e-mail choices and the e-mails sent only served the person: they go.
"""

from django.utils.translation import gettext_lazy as _

from club.core.gdpr.registry import register
from club.core.notifications.models import EmailDelivery, Notification, NotificationPreference


def _iso(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    return {
        "notifications": [
            {
                "type": notice.get_kind_display(),
                "objet": notice.subject,
                "message": notice.body,
                "lien": notice.url,
                "le": _iso(notice.created_at),
                "lue_le": _iso(notice.read_at),
            }
            for notice in Notification.objects.filter(recipient=user).order_by("created_at", "pk")
        ],
        "preferences": [
            {"type": preference.get_kind_display(), "courriels": preference.get_mode_display()}
            for preference in NotificationPreference.objects.filter(user=user).order_by("kind")
        ],
        "courriels": [
            {
                "objet": delivery.subject,
                "etat": delivery.get_status_display(),
                "envoye_le": _iso(delivery.sent_at),
            }
            for delivery in EmailDelivery.objects.filter(recipient=user).order_by("created_at")
        ],
    }


def erase(user) -> None:
    Notification.objects.filter(recipient=user).delete()
    EmailDelivery.objects.filter(recipient=user).delete()
    NotificationPreference.objects.filter(user=user).delete()


register("notifications", label=_("Notifications"), exporter=export, eraser=erase, order=60)
