"""Key the audit chain with HMAC and make the table append-only in the database.

Existing entries were chained with plain SHA-256. If that chain is intact it is re-chained
under AUDIT_LOG_KEY (the last time these rows are ever updated); if it is already broken it is
left as it is, so `verify_audit_log` reports it instead of this migration hiding it.
"""

import datetime
import hashlib
import json
import sys

from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations

from club.core.audit import append_only
from club.core.audit.chain import chain_digest


def _canonical(value) -> str:
    return json.dumps(
        value, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def rekey(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    entries = list(AuditEntry.objects.using(schema_editor.connection.alias).order_by("sequence"))
    plain_previous = ""
    payloads = []
    for expected, entry in enumerate(entries, start=1):
        created_at = entry.created_at.astimezone(datetime.UTC) if entry.created_at else None
        payload = _canonical(
            {
                "sequence": entry.sequence,
                "actor": entry.actor_key,
                "actor_label": entry.actor_label,
                "action": entry.action,
                "target_type": entry.target_type_label,
                "target_id": entry.target_id,
                "target_label": entry.target_label,
                "before": entry.before,
                "after": entry.after,
                "reason": entry.reason,
                "created_at": created_at.isoformat() if created_at else None,
            }
        )
        plain = hashlib.sha256((payload + plain_previous).encode("utf-8")).hexdigest()
        if (
            entry.sequence != expected
            or entry.previous_hash != plain_previous
            or entry.hash != plain
        ):
            sys.stderr.write(
                f"Audit log already broken at entry {entry.sequence}: left unkeyed, "
                "verify_audit_log will report it.\n"
            )
            return
        payloads.append(payload)
        plain_previous = entry.hash
    # Every row first gets a placeholder, so the unique hash and previous_hash never see one
    # value twice while the chain is rewritten.
    keyed_previous = ""
    keyed = []
    for entry, payload in zip(entries, payloads, strict=True):
        digest = chain_digest(payload, keyed_previous)
        keyed.append((entry.pk, keyed_previous, digest))
        keyed_previous = digest
    for pk, _previous, _digest in keyed:
        AuditEntry.objects.using(schema_editor.connection.alias).filter(pk=pk).update(
            hash=f"rekey-{pk}", previous_hash=f"rekey-{pk}"
        )
    for pk, previous, digest in keyed:
        AuditEntry.objects.using(schema_editor.connection.alias).filter(pk=pk).update(
            hash=digest, previous_hash=previous
        )


def install_triggers(apps, schema_editor):
    append_only.install(schema_editor.connection)


def remove_triggers(apps, schema_editor):
    append_only.remove(schema_editor.connection)


class Migration(migrations.Migration):
    # After the content type names are stored with the entries (0002), which the hash covers.
    dependencies = [("audit", "0002_target_type_label")]

    operations = [
        migrations.RunPython(rekey, migrations.RunPython.noop),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
