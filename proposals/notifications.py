"""Telling followers that a request moved: an in-site notice now, an email once committed.

Deliberately small; the notifications issue will generalise it (preferences, digests, live push).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from proposals.models import ChangeRequest, EmailPreference, Follow, Notification

_emails_off: ContextVar[bool] = ContextVar("proposals_emails_off", default=False)


@contextmanager
def without_emails():
    """Keep the in-site notices but send no email: the demo's people are fictitious."""
    token = _emails_off.set(True)
    try:
        yield
    finally:
        _emails_off.reset(token)


def absolute_url(path: str) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    return base.rstrip("/") + path


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
        _("Consulter la demande : %(url)s") % {"url": absolute_url(request.get_absolute_url())},
        "",
        _(
            "Vous recevez ce message parce que vous suivez cette demande (auteur, soutien ou suivi). "
            "Vous pouvez cesser de la suivre depuis sa page."
        ),
        _("L'équipe du Club Chorus Pro"),
    ]
    return subject, "\n".join(lines)


def notify_followers(request: ChangeRequest, event, *, exclude_user_id=None) -> list[Notification]:
    """Store one notice per follower and send the emails after the transaction commits."""
    followers = (
        Follow.objects.filter(request=request)
        .exclude(user_id=exclude_user_id)
        .select_related("user")
        .order_by("user_id")
    )
    subject, body = status_change_text(request, event)
    notices = Notification.objects.bulk_create(
        Notification(
            recipient=follow.user,
            request=request,
            subject=subject,
            body=body,
            url=request.get_absolute_url(),
        )
        for follow in followers
        if follow.user.is_active
    )
    ids = [n.pk for n in notices]
    if ids and not _emails_off.get():
        transaction.on_commit(lambda: send_notification_emails(ids))
    return notices


DIGEST_MODES = (EmailPreference.Mode.DAILY, EmailPreference.Mode.WEEKLY, EmailPreference.Mode.NEVER)


def send_notification_emails(notification_ids: list[int]) -> int:
    """Send at once to the people who asked for it; digest readers wait for their summary."""
    notices = list(
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .exclude(recipient__proposal_email_preference__mode__in=DIGEST_MODES)
        .select_related("recipient")
    )
    if not notices:
        return 0
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    messages = [EmailMessage(prefix + n.subject, n.body, to=[n.recipient.email]) for n in notices]
    sent = get_connection().send_messages(messages) or 0
    Notification.objects.filter(pk__in=[n.pk for n in notices]).update(emailed_at=timezone.now())
    return sent


def digest_text(notices: list[Notification]) -> tuple[str, str]:
    subject = _("Résumé : %(count)s changement(s) sur les demandes que vous suivez") % {
        "count": len(notices)
    }
    lines = [
        _("Bonjour,"),
        "",
        _("Voici ce qui a changé sur les demandes d'évolution que vous suivez :"),
        "",
    ]
    for notice in notices:
        lines.append(f"- {notice.created_at:%d/%m/%Y} — {notice.subject}")
        if notice.url:
            lines.append(f"  {absolute_url(notice.url)}")
    lines += [
        "",
        _("Vous choisissez la fréquence de ces courriels sur la page « Mes demandes »."),
        _("L'équipe du Club Chorus Pro"),
    ]
    return subject, "\n".join(lines)


def send_digests(mode: str) -> int:
    """Send one summary per person whose preference is `mode`; returns the number of mails sent.

    Each person's notices are locked, mailed and marked in one transaction: a failed send rolls
    back the marks, so the next run retries, and a second run finds nothing left to send.
    """
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    sent = 0
    recipients = EmailPreference.objects.filter(mode=mode, user__is_active=True).values_list(
        "user_id", flat=True
    )
    for user_id in recipients:
        with transaction.atomic():
            notices = list(
                Notification.objects.select_for_update()
                .filter(recipient_id=user_id, emailed_at__isnull=True)
                .select_related("recipient")
                .order_by("created_at", "pk")
            )
            if not notices:
                continue
            subject, body = digest_text(notices)
            EmailMessage(prefix + subject, body, to=[notices[0].recipient.email]).send()
            Notification.objects.filter(pk__in=[n.pk for n in notices]).update(
                emailed_at=timezone.now()
            )
            sent += 1
    return sent
