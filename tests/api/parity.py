"""What an act leaves behind, so a test can compare the API with the web form."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from club.core.audit.models import AuditEntry


def notification_model():
    return apps.get_model("notifications", "Notification")


def request_effects(change_request, *, people: dict) -> dict:
    """History, supports, followers, notices and audit entries of one request, with people named
    by role (`people` maps a role to a user) so two runs by different people compare equal."""
    roles = {user.pk: role for role, user in people.items()}
    change_request.refresh_from_db()
    notices = sorted(
        (roles.get(n.recipient_id, "other"), n.kind) for n in notification_model().objects.all()
    )
    return {
        "status": change_request.status,
        "support_count": change_request.support_count,
        "history": [
            (e.transition, e.from_status, e.to_status, roles.get(e.actor_id), e.reason)
            for e in change_request.events.order_by("created_at", "pk")
        ],
        "supporters": sorted(
            roles.get(s.member_id, "other") for s in change_request.supports.all()
        ),
        "followers": sorted(roles.get(f.user_id, "other") for f in change_request.follows.all()),
        "notices": notices,
        "audit": [
            (a.action, roles.get(a.actor_id))
            for a in AuditEntry.objects.filter(
                target_type=ContentType.objects.get_for_model(change_request),
                target_id=str(change_request.pk),
            ).order_by("sequence")
        ],
    }
