"""Telling followers that a request moved, through the club's one notification mechanism.

`notify` stores the notices now and sends e-mails (at once or in the follower's digest) once the
transaction commits; each person chooses on the notification preferences page.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from club.core.notifications.kinds import Kind
from club.core.notifications.services import notify, without_emails  # noqa: F401 (the demos use it)
from proposals.models import ChangeRequest, Follow, Status

REQUEST_STATUS = "request_status"

# The kinds of notice sent here, registered by `ProposalsConfig.ready` (club/core/notifications/kinds.py).
NOTICE_KINDS = (
    Kind(
        REQUEST_STATUS,
        gettext_lazy("Changement d'état d'une demande suivie"),
        gettext_lazy("Une demande d'évolution que vous suivez change d'état."),
        order=50,
    ),
)


def status_change_text(request: ChangeRequest, event) -> tuple[str, str]:
    subject = _("Votre demande suivie « %(title)s » est désormais : %(status)s") % {
        "title": request.title[:120],
        "status": event.get_to_status_display(),
    }
    lines = [
        _("Bonjour,"),
        "",
        _("La demande d'évolution %(ref)s « %(title)s » a changé d'état.")
        % {"ref": request.reference, "title": request.title},
        _("Avant : %(from)s") % {"from": event.get_from_status_display() or "—"},
        _("Désormais : %(to)s") % {"to": event.get_to_status_display()},
    ]
    if event.reason:
        lines.append(_("Motif : %(reason)s") % {"reason": event.reason})
    lines += [
        "",
        _(
            "Vous recevez ce message parce que vous suivez cette demande (auteur, soutien ou suivi). "
            "Vous pouvez cesser de la suivre depuis sa page."
        ),
    ]
    return subject, "\n".join(lines)


def notify_followers(request: ChangeRequest, event, *, exclude_user_id=None) -> list:
    """One notice per follower allowed to see the request (`can_view_request`)."""
    followers = Follow.objects.filter(request=request)
    if request.status == Status.DRAFT:
        # A draft is seen by its author and staff only.
        followers = followers.filter(user_id=request.author_id) | followers.filter(
            user__is_staff=True
        )
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = status_change_text(request, event)
        # Said instead when an earlier step of the same act already told them (`one_act`).
        addendum = _("Puis : %(to)s") % {"to": event.get_to_status_display()}
        if release := (event.details or {}).get("release"):
            addendum += f" ({release})"
        if event.reason:
            addendum += "\n" + _("Motif : %(reason)s") % {"reason": event.reason}
    return notify(
        followers.values_list("user_id", flat=True),
        REQUEST_STATUS,
        subject=subject,
        body=body,
        url=request.get_absolute_url(),
        actor=exclude_user_id,
        addendum=addendum,
    )
