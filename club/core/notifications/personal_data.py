"""What the notifications app holds about a person (see club/core/gdpr/registry.py).

Notices, e-mail choices and the e-mails sent only served the person: they go. Announcements
matter to their readers: they stay, without their author.
"""

from django.utils.translation import gettext_lazy as _

from club.core.gdpr.registry import register
from club.core.notifications.models import (
    Announcement,
    EmailDelivery,
    Notification,
    NotificationPreference,
)


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
        "annonces_publiees": [
            {"titre": item.title, "message": item.body, "le": _iso(item.created_at)}
            for item in Announcement.objects.filter(author=user).order_by("created_at", "pk")
        ],
    }


def erase(user) -> None:
    Notification.objects.filter(recipient=user).delete()
    EmailDelivery.objects.filter(recipient=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    Announcement.objects.filter(author=user).update(author=None)


register("notifications", label=_("Notifications"), exporter=export, eraser=erase, order=60)
