"""Writing to the audit log. `record` is the only way an entry is made.

Call it from inside the service that performs the act, in the same transaction, so the entry
exists exactly when the act does::

    from club.core.audit.services import record

    @transaction.atomic
    def approve_application(*, application, actor, reason=""):
        before = {"status": application.status}
        ...
        record(
            actor=actor,
            action="application.approved",
            target=application,
            before=before,
            after={"status": application.status},
            reason=reason,
        )

Actions are named `<object>.<past participle>` in English (`membership.suspended`,
`ballot.closed`). `before`/`after` hold the fields that changed, never secrets, and as little
personal data as the act allows: entries cannot be erased later.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from club.core.audit.models import AuditEntry, canonical_json

# Any constant: the key of the PostgreSQL advisory lock that serialises writers of the chain.
CHAIN_LOCK_KEY = 0x61756469  # "audi"

LABEL_LENGTH = AuditEntry._meta.get_field("target_label").max_length


def _json(value):
    """The value as it will come back from the database, so the hash stays reproducible."""
    return None if value is None else json.loads(canonical_json(value))


def _lock_chain() -> AuditEntry | None:
    """Take the chain's lock and return its last entry.

    Locking the last row alone is not enough on PostgreSQL: a writer waiting on it would, once
    released, still see that row as the last one and fork the chain. The advisory lock makes
    writers queue; on SQLite, transactions begin IMMEDIATE so writers are already serialised.
    The unique constraint on `previous_hash` is the backstop everywhere.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    return (
        AuditEntry.objects.select_for_update()
        .order_by("-sequence")
        .only("sequence", "hash")
        .first()
    )


@transaction.atomic
def record(
    *,
    actor,
    action: str,
    target=None,
    before=None,
    after=None,
    reason: str = "",
) -> AuditEntry:
    """Append one entry: `actor` did `action` to `target` (any model instance), for `reason`."""
    last = _lock_chain()
    entry = AuditEntry(
        sequence=(last.sequence + 1) if last else 1,
        previous_hash=last.hash if last else "",
        action=action,
        before=_json(before),
        after=_json(after),
        reason=reason or "",
        created_at=timezone.now(),
    )
    if actor is not None and getattr(actor, "is_authenticated", False):
        entry.actor = actor
        entry.actor_key = str(actor.pk)
        entry.actor_label = str(actor)[:LABEL_LENGTH]
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_type_label = f"{entry.target_type.app_label}.{entry.target_type.model}"
        entry.target_id = str(target.pk)
        entry.target_label = str(target)[:LABEL_LENGTH]
    entry.hash = entry.compute_hash()
    entry.save(force_insert=True)
    return entry
