"""What announcements hold about a person (see club/core/gdpr/registry.py): the ones they wrote.

Announcements matter to their readers: they stay, without their author.
"""

from django.utils.translation import gettext_lazy as _

from club.announcements.models import Announcement
from club.core.gdpr.registry import register


def export(user) -> dict:
    return {
        "annonces_publiees": [
            {
                "titre": item.title,
                "message": item.body,
                "le": item.created_at.isoformat() if item.created_at else None,
            }
            for item in Announcement.objects.filter(author=user).order_by("created_at", "pk")
        ],
    }


def erase(user) -> None:
    Announcement.objects.filter(author=user).update(author=None)


register("announcements", label=_("Annonces"), exporter=export, eraser=erase, order=61)
