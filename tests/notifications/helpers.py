from club.core.notifications.models import Notification


def told(kind: str) -> set[int]:
    """Who received a notice of this kind."""
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def ids(*users) -> set[int]:
    return {user.pk for user in users}
