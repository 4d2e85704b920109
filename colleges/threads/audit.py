"""The threads' moderation actions, in words (club/core/audit/labels.py)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "theme.opened": _("Thème ouvert"),
    "theme.edited": _("Thème modifié"),
    "theme.closed": _("Thème clos"),
    "theme.reopened": _("Thème rouvert"),
    "post.hidden": _("Message masqué"),
    "post.restored": _("Message rétabli"),
    "post.reports_dismissed": _("Signalements classés sans suite"),
    "thread.locked": _("Fil verrouillé"),
    "thread.unlocked": _("Fil déverrouillé"),
    "thread.pinned": _("Fil épinglé"),
    "thread.unpinned": _("Fil désépinglé"),
    "thread.moved": _("Fil déplacé"),
    "thread.archived": _("Fil archivé"),
}
