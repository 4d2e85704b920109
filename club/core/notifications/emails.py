"""Sending notices by e-mail: at once, or grouped in a daily or weekly digest.

Each e-mail is an `EmailDelivery` row with a unique key (`notice:<random uuid>`, or
`digest:<period>:<user>:<day or week>`). An attempt is recorded and leased before the SMTP
exchange, and its result after it, each in its own short transaction: no database lock is held
while the mail server answers (on SQLite a write lock would block every page that writes). A
retried task or a second digest run finds the e-mail sent, or leased, and does nothing. A send
that fails (SMTP error) leaves it pending with a later `next_attempt_at`, retried with backoff.
An attempt cut short by a killed worker is sent again once its lease expires, with the same
Message-ID, so a copy that did reach the server before the crash is recognised as the same
message. `retry_due_deliveries` (run by the worker every minute, and by `send_digests`) sends
whatever is due.
"""

import hashlib
import logging
import smtplib
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from club.core.notifications.kinds import KINDS, Mode
from club.core.notifications.models import EmailDelivery, Notification
from club.core.text import strip_bidi_controls

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "club.notifications.unsubscribe"  # kept: links already mailed stay valid
# Minutes before each new attempt; after the last one the delivery is given up.
BACKOFF_MINUTES = (1, 5, 30, 120, 720)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
SEND_ERRORS = (smtplib.SMTPException, OSError)


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# --- Unsubscribe links -----------------------------------------------------------------------


def unsubscribe_token(user_id: int, kinds: list[str]) -> str:
    return signing.dumps({"u": user_id, "k": sorted(kinds)}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, list[str]]:
    """The person and kinds a link turns off; `signing.BadSignature` if it was tampered with."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    kinds = [kind for kind in data.get("k", []) if kind in KINDS and KINDS[kind].can_disable]
    return int(data["u"]), kinds


def unsubscribe_url(user_id: int, kinds: list[str]) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id, kinds)])
    return absolute(path)


# --- Building and sending one e-mail ---------------------------------------------------------


def build_message(delivery: EmailDelivery) -> EmailMessage:
    kinds = [kind for kind in delivery.kinds if kind in KINDS and KINDS[kind].can_disable]
    with translation.override(settings.LANGUAGE_CODE):
        lines = [delivery.body.rstrip()] if delivery.body else []
        if delivery.url:
            lines += ["", _("Lien : %(url)s") % {"url": absolute(delivery.url)}]
        lines += ["", "--", _("L'équipe du Club Chorus Pro")]
        headers = {}
        if kinds:
            link = unsubscribe_url(delivery.recipient_id, kinds)
            labels = ", ".join(str(KINDS[kind].label) for kind in kinds)
            lines.append(
                _("Ne plus recevoir ces courriels (%(kinds)s), en un clic : %(url)s")
                % {"kinds": labels, "url": link}
            )
            # RFC 8058: mail clients offer a one-click unsubscribe that POSTs to this link.
            headers = {
                "List-Unsubscribe": f"<{link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
        else:
            lines.append(_("Ce message répond à une démarche de votre part."))
        preferences = absolute(reverse("notifications:preferences"))
        lines.append(_("Choisir vos courriels : %(url)s") % {"url": preferences})
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "") or ""
    headers = {**headers, "Message-ID": message_id(delivery)}
    return EmailMessage(
        # Titles stored before inputs were cleaned may still carry bidirectional controls.
        subject=strip_bidi_controls(prefix + delivery.subject),
        body="\n".join(lines),
        to=[delivery.recipient.email],
        headers=headers,
    )


Retry = Callable[[EmailDelivery], None]


def message_id(delivery: EmailDelivery) -> str:
    """The same Message-ID for every attempt at one e-mail: if an attempt cut short by a crash
    did reach the server, the copy sent again is recognised as the same message."""
    digest = hashlib.sha256(delivery.idempotency_key.encode()).hexdigest()[:24]
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<club.{delivery.pk}.{digest}@{domain}>"


def send_lease() -> timedelta:
    """While an attempt is under way the e-mail is leased: nobody else sends it until then. A
    worker killed mid-send leaves the lease to expire and the e-mail is sent again
    (`retry_due_deliveries`). Longer than an SMTP exchange can last (EMAIL_TIMEOUT per step)."""
    return timedelta(seconds=settings.EMAIL_SEND_LEASE_SECONDS)


def deliver(delivery_id: int, *, retry: Retry | None = None) -> str:
    """Send one pending e-mail. Returns what happened, for logs and tests.

    The attempt is recorded (and leased) in a short transaction *before* the SMTP exchange and
    its result in another one after it: no database lock is ever held across the network call.
    After a failed attempt, `retry(delivery)` may schedule the next one (the worker's tasks pass
    `tasks.schedule_retry`); without it, `retry_due_deliveries` sends it again when due."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            EmailDelivery.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != EmailDelivery.Status.PENDING:
            return "skipped"
        if delivery.attempts and delivery.next_attempt_at > now:
            return "leased"  # an attempt is under way, or the next one is planned later
        if not delivery.recipient.is_active:
            delivery.status = EmailDelivery.Status.FAILED
            delivery.last_error = "inactive recipient"
            delivery.save(update_fields=["status", "last_error"])
            return "skipped"
        delivery.attempts += 1
        delivery.next_attempt_at = now + send_lease()
        delivery.save(update_fields=["attempts", "next_attempt_at"])
    # Outside any transaction: the mail server may take its time, the site does not wait.
    try:
        build_message(delivery).send()
    except SEND_ERRORS as error:
        return _failed(delivery_id, error, retry)
    _mark_sent(delivery_id)
    return "sent"


# Waits before marking a sent e-mail again when the database refused (busy, or restarting):
# each failure here would make the e-mail go out a second time once its lease expires.
MARK_SENT_WAITS = (0.5, 1, 2, 4, 8)


def _mark_sent(delivery_id: int) -> None:
    for wait in (*MARK_SENT_WAITS, None):
        try:
            EmailDelivery.objects.filter(
                pk=delivery_id, status=EmailDelivery.Status.PENDING
            ).update(status=EmailDelivery.Status.SENT, sent_at=timezone.now())
            return
        except (OperationalError, InterfaceError):
            if wait is None:
                raise
            logger.warning("E-mail %s sent but not yet marked: retrying in %s s", delivery_id, wait)
            connection = transaction.get_connection(EmailDelivery.objects.db)
            if not connection.in_atomic_block:
                connection.close()  # a broken connection is opened anew
            time.sleep(wait)


def _failed(delivery_id: int, error: Exception, retry: Retry | None) -> str:
    """The attempt (already counted) failed: plan the next one with backoff, or give up."""
    now = timezone.now()
    with transaction.atomic():
        delivery = EmailDelivery.objects.select_for_update().get(pk=delivery_id)
        delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = EmailDelivery.Status.FAILED
        else:
            delay = BACKOFF_MINUTES[max(delivery.attempts, 1) - 1]
            delivery.next_attempt_at = now + timedelta(minutes=delay)
        delivery.save(update_fields=["last_error", "status", "next_attempt_at"])
    logger.warning("E-mail %s failed (attempt %s): %s", delivery_id, delivery.attempts, error)
    if delivery.status == EmailDelivery.Status.PENDING:
        if retry is not None:
            retry(delivery)
        return "retry"
    return "failed"


# A first attempt is the queued task's job; one still pending after this delay was lost.
STALE_AFTER = timedelta(minutes=15)


def retry_due_deliveries(now: datetime | None = None, *, retry: Retry | None = None) -> int:
    """Send again every failed e-mail whose next attempt is due, and any first attempt lost on
    the way (never tried after `STALE_AFTER`); returns how many went out."""
    now = now or timezone.now()
    due = (
        EmailDelivery.objects.filter(status=EmailDelivery.Status.PENDING, next_attempt_at__lte=now)
        .filter(Q(attempts__gt=0) | Q(created_at__lte=now - STALE_AFTER))
        .values_list("pk", flat=True)
    )
    return sum(deliver(pk, retry=retry) == "sent" for pk in list(due))


# --- Digests ---------------------------------------------------------------------------------


def period_key(period: str, now: datetime) -> str:
    local = timezone.localtime(now)
    if period == Mode.DAILY:
        return local.date().isoformat()
    year, week, _weekday = local.isocalendar()
    return f"{year}-W{week:02d}"


def _digest_text(notices: list[Notification], period: str) -> tuple[str, str]:
    if period == Mode.DAILY:
        subject = _("Votre résumé du jour : %(count)s notification(s)")
    else:
        subject = _("Votre résumé de la semaine : %(count)s notification(s)")
    subject %= {"count": len(notices)}
    lines = [_("Bonjour,"), "", _("Voici ce qui s'est passé au club pour vous :"), ""]
    current_kind = None
    for notice in sorted(notices, key=lambda n: (n.kind, n.created_at, n.pk)):
        if notice.kind != current_kind:
            current_kind = notice.kind
            lines += ["", f"## {KINDS[notice.kind].label}"]
        when = timezone.localtime(notice.created_at)
        lines.append(f"- {when:%d/%m/%Y %H:%M} — {notice.subject}")
        if notice.url:
            lines.append(f"  {absolute(notice.url)}")
    return subject, "\n".join(lines).strip()


def send_digests(period: str, *, now: datetime | None = None, retry: Retry | None = None) -> int:
    """Group each person's waiting notices of `period` into one e-mail; returns mails sent.

    Running it twice in the same day (week) sends nothing more: the digest's key is taken.
    """
    if period not in (Mode.DAILY, Mode.WEEKLY):
        raise ValueError(period)
    now = now or timezone.now()
    suffix = period_key(period, now)
    user_ids = list(
        Notification.objects.filter(
            email_mode=period, delivery__isnull=True, recipient__is_active=True
        )
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )
    created = []
    for user_id in user_ids:
        key = f"digest:{period}:{user_id}:{suffix}"
        try:
            with transaction.atomic():
                if EmailDelivery.objects.filter(idempotency_key=key).exists():
                    continue
                notices = list(
                    Notification.objects.select_for_update()
                    .filter(recipient_id=user_id, email_mode=period, delivery__isnull=True)
                    .order_by("created_at", "pk")
                )
                if not notices:
                    continue
                subject, body = _digest_text(notices, period)
                delivery = EmailDelivery.objects.create(
                    recipient_id=user_id,
                    idempotency_key=key,
                    kinds=sorted({notice.kind for notice in notices}),
                    subject=subject,
                    body=body,
                    url=reverse("notifications:list"),
                )
                Notification.objects.filter(pk__in=[notice.pk for notice in notices]).update(
                    delivery=delivery
                )
                created.append(delivery.pk)
        except IntegrityError:
            # Another run took this digest's key in the meantime: it sends it.
            continue
    return sum(deliver(pk, retry=retry) == "sent" for pk in created)
