"""Reads the pages and the API share."""

from django.core.cache import cache
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from club.core.notifications.kinds import KINDS
from club.core.notifications.models import Notification, NotificationPreference


def notifications_for(user) -> QuerySet[Notification]:
    """The person's notices, unread first, then newest first."""
    return (
        Notification.objects.filter(recipient=user)
        .alias(unread=ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField()))
        .order_by("-unread", "-created_at", "-pk")
    )


def unread_cache_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def unread_count(user) -> int:
    """The badge's number, cached so that pages need no query to draw it."""
    if not (user and user.is_authenticated):
        return 0
    key = unread_cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.unread().filter(recipient_id=user.pk).count()
        cache.set(key, count, timeout=3600)
    return count


def preferences_of(user) -> dict[str, str]:
    """Every kind with the person's mode for it (the default when they chose nothing)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "mode"))
    return {
        key: (chosen.get(key, kind.default_mode) if kind.can_disable else kind.default_mode)
        for key, kind in KINDS.items()
    }
