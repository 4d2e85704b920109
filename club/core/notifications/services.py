"""The one way the club tells people something: `notify(...)`, called by every app's services.

It stores one notice per recipient, and once the caller's transaction commits it pushes the new
unread count to each person's open pages and queues the e-mails to send at once. Digest readers'
notices wait for `send_digests`. Recipients are chosen by the caller, from its own app's rules:
this module never guesses who may read what.
"""

import asyncio
import logging
import uuid
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from club.core.domain import ensure
from club.core.notifications import tasks
from club.core.notifications.consumers import user_group
from club.core.notifications.kinds import KINDS, Mode, get_kind
from club.core.notifications.models import EmailDelivery, Notification, NotificationPreference
from club.core.notifications.selectors import preferences_of, unread_cache_key, unread_count

logger = logging.getLogger(__name__)

_emails_off: ContextVar[bool] = ContextVar("notifications_emails_off", default=False)


@contextmanager
def without_emails():
    """Store the notices but send no e-mail, now or in digests: the demo's people are fictitious."""
    token = _emails_off.set(True)
    try:
        yield
    finally:
        _emails_off.reset(token)


def _user_ids(recipients: Iterable) -> set[int]:
    ids = set()
    for recipient in recipients:
        if recipient is None:
            continue
        ids.add(recipient if isinstance(recipient, int) else recipient.pk)
    return ids


def modes_for(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """Each person's delivery mode for `kind`, the kind's default when they chose nothing."""
    spec = get_kind(kind)
    user_ids = list(user_ids)
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "mode"
        )
    )
    if not spec.can_disable:
        return dict.fromkeys(user_ids, spec.default_mode)
    return {user_id: chosen.get(user_id, spec.default_mode) for user_id in user_ids}


def notify(
    recipients: Iterable,
    kind: str,
    *,
    subject: str,
    body: str = "",
    url: str = "",
    actor=None,
    addendum: str = "",
) -> list[Notification]:
    """Tell `recipients` (users or ids) about an event of `kind`; the actor is never told.

    `addendum` is what this event adds to a notice an earlier step of the same act (`one_act`)
    wrote about the same link; by default its subject.
    """
    spec = get_kind(kind)
    ids = _user_ids(recipients) - _user_ids([actor])
    if not ids:
        return []
    active = set(
        get_user_model().objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True)
    )
    modes = modes_for(active, kind)
    if spec.opt_in:
        modes = {user_id: mode for user_id, mode in modes.items() if mode != Mode.NEVER}
    if not modes:
        return []
    # Several steps of one act (`one_act`) tell each person once per link.
    act = _this_act.get() if url else None
    if act is not None:
        merged = _add_to_this_act(act, modes, url=url, addendum=addendum or subject)
        modes = {user_id: mode for user_id, mode in modes.items() if user_id not in merged}
        if not modes:
            return []
    emails_off = _emails_off.get()
    now = timezone.now()
    modes = {user_id: Mode.NEVER if emails_off else mode for user_id, mode in modes.items()}
    # E-mails to send at once first, so that each notice is written with its delivery: no
    # UPDATE afterwards (one over an electorate of 30,000 took minutes).
    deliveries = {
        delivery.recipient_id: delivery
        for delivery in EmailDelivery.objects.bulk_create(
            EmailDelivery(
                recipient_id=user_id,
                idempotency_key=f"notice:{uuid.uuid4().hex}",
                kinds=[kind],
                subject=subject[:250],
                body=body,
                url=url[:300],
                created_at=now,
                next_attempt_at=now,
            )
            for user_id, mode in sorted(modes.items())
            if mode == Mode.IMMEDIATE
        )
    }
    notices = Notification.objects.bulk_create(
        Notification(
            recipient_id=user_id,
            kind=kind,
            subject=subject[:250],
            body=body,
            url=url[:300],
            created_at=now,
            email_mode=mode,
            delivery=deliveries.get(user_id),
        )
        for user_id, mode in sorted(modes.items())
    )
    if act is not None:
        act.remember(url, notices)
    user_ids = sorted(modes)
    delivery_ids = [delivery.pk for delivery in deliveries.values()]
    transaction.on_commit(lambda: push_unread_counts(user_ids), robust=True)
    if delivery_ids:
        transaction.on_commit(lambda: enqueue_deliveries(delivery_ids), robust=True)
    return notices


class _ThisAct:
    """The notices written during one act, by (recipient, link)."""

    def __init__(self):
        self.notices: dict[tuple[int, str], tuple[int, int | None]] = {}

    def remember(self, url: str, notices) -> None:
        for notice in notices:
            self.notices[(notice.recipient_id, url)] = (notice.pk, notice.delivery_id)


_this_act: ContextVar[_ThisAct | None] = ContextVar("notifications_act", default=None)


@contextmanager
def one_act():
    """Notices written inside tell each person once per link: a later step of the act adds its
    words to the notice an earlier step wrote them (an IPM decision that accepts a request and
    plans it in a release sends one e-mail, not two). Nested acts are one act."""
    if _this_act.get() is not None:
        yield
        return
    token = _this_act.set(_ThisAct())
    try:
        yield
    finally:
        _this_act.reset(token)


def _add_to_this_act(act: _ThisAct, modes: dict, *, url: str, addendum: str) -> set:
    """Add this step to the notices the act already wrote about `url`; returns who had one.

    A notice undone since (a savepoint rolled back) is not added to: that person gets a new one.
    """
    known = {
        user_id: act.notices[(user_id, url)] for user_id in modes if (user_id, url) in act.notices
    }
    if not known:
        return set()
    addition = Value(f"\n\n{addendum}")
    notice_ids = [notice_id for notice_id, _ in known.values()]
    still_there = set(
        Notification.objects.filter(pk__in=notice_ids).values_list("recipient_id", flat=True)
    )
    Notification.objects.filter(pk__in=notice_ids).update(body=Concat(F("body"), addition))
    delivery_ids = [delivery_id for _, delivery_id in known.values() if delivery_id]
    EmailDelivery.objects.filter(pk__in=delivery_ids, status=EmailDelivery.Status.PENDING).update(
        body=Concat(F("body"), addition)
    )
    return still_there


DELIVERIES_PER_TASK = 100


def enqueue_deliveries(delivery_ids: list[int]) -> None:
    """One task per hundred e-mails: a ballot opening for 30,000 electors queues 300 tasks."""
    for start in range(0, len(delivery_ids), DELIVERIES_PER_TASK):
        tasks.send_deliveries.enqueue(delivery_ids[start : start + DELIVERIES_PER_TASK])


# --- The unread badge ------------------------------------------------------------------------


def push_unread_counts(user_ids: Iterable[int]) -> None:
    """Send each person's new unread count to their open pages, and refresh the cached count."""
    user_ids = list(user_ids)
    counts = dict.fromkeys(user_ids, 0)
    counts.update(
        Notification.objects.unread()
        .filter(recipient_id__in=user_ids)
        .values("recipient_id")
        .annotate(n=Count("pk"))
        .values_list("recipient_id", "n")
    )
    cache.set_many({unread_cache_key(user_id): count for user_id, count in counts.items()}, 3600)
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(_send_unread_counts)(layer, counts)


async def _send_unread_counts(layer, counts: dict[int, int], at_once: int = 100) -> None:
    """One trip into the event loop for everyone, a hundred sends in flight: a ballot opening
    for 30,000 electors took a minute with one `async_to_sync` per person."""
    items = list(counts.items())
    for start in range(0, len(items), at_once):
        outcomes = await asyncio.gather(
            *(
                layer.group_send(
                    user_group(user_id),
                    {
                        "type": "user.event",
                        "payload": {"type": "notifications.unread", "count": count},
                    },
                )
                for user_id, count in items[start : start + at_once]
            ),
            return_exceptions=True,
        )
        failures = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
        if failures:
            # Best effort: the cached counts are right, the next page shows them.
            logger.warning("%s badges non envoyés : %s", len(failures), failures[0])


# --- Reading ---------------------------------------------------------------------------------


@transaction.atomic
def mark_read(user, ids: Iterable[int]) -> int:
    """Mark some of the person's own notices read; others' ids are silently ignored."""
    ids = [int(pk) for pk in ids]
    count = (
        Notification.objects.unread()
        .filter(recipient=user, pk__in=ids)
        .update(read_at=timezone.now())
    )
    if count:
        user_id = user.pk
        transaction.on_commit(lambda: push_unread_counts([user_id]), robust=True)
    return count


@transaction.atomic
def mark_all_read(user) -> int:
    count = Notification.objects.unread().filter(recipient=user).update(read_at=timezone.now())
    if count:
        user_id = user.pk
        transaction.on_commit(lambda: push_unread_counts([user_id]), robust=True)
    return count


# --- Choices ---------------------------------------------------------------------------------


@transaction.atomic
def set_preference(*, user, kind: str, mode: str) -> NotificationPreference | None:
    ensure(kind in KINDS, _("Type de notification inconnu."))
    ensure(mode in Mode.values, _("Choisissez une des fréquences proposées."))
    spec = get_kind(kind)
    if not spec.can_disable:
        ensure(
            mode == spec.default_mode,
            _("« %(kind)s » vous est toujours envoyé : il répond à une démarche de votre part.")
            % {"kind": spec.label},
        )
        return None
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"mode": mode, "updated_at": timezone.now()}
    )
    if mode == Mode.NEVER:
        # Pending digest lines of that kind are dropped too: "never" means from now on.
        Notification.objects.filter(
            recipient=user, kind=kind, delivery__isnull=True, email_mode__in=["daily", "weekly"]
        ).update(email_mode=Mode.NEVER)
    return preference


def set_preferences(*, user, modes: dict[str, str]) -> None:
    current = preferences_of(user)
    for kind, mode in modes.items():
        if current.get(kind) != mode:
            set_preference(user=user, kind=kind, mode=mode)


def turn_off(user, kinds: list[str]) -> list[str]:
    """The unsubscribe link's act: no more e-mail of these kinds (notices stay on the site)."""
    current = preferences_of(user)
    changed = [kind for kind in kinds if current.get(kind) != Mode.NEVER]
    for kind in changed:
        set_preference(user=user, kind=kind, mode=Mode.NEVER)
    return changed


# Reads the callers of this module used to find here; selectors.py holds them now.
__all__ = [
    "enqueue_deliveries",
    "mark_all_read",
    "mark_read",
    "modes_for",
    "notify",
    "preferences_of",
    "push_unread_counts",
    "set_preference",
    "set_preferences",
    "turn_off",
    "unread_count",
    "without_emails",
]
