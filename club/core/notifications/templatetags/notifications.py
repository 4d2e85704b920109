from django import template

from club.core.notifications.services import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The signed-in person's unread count, from the cache (a query only when it is cold)."""
    request = context.get("request")
    return unread_count(getattr(request, "user", None))
