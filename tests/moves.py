"""Helpers for the tests of models that moved to another app (club/core/moves.py).

They take the database back to before a move, hand out the models as they were then, and bring
it forward again, through Django's own migration executor.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from club.core.audit.models import AuditEntry, canonical_json


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


def migrate_back(target, *, gone, apps):
    """Unapply `target` and what depends on it; check `gone` went; return the old models.

    The state handed back holds `apps` as far as they are still applied.
    """
    executor = _executor()
    executor.migrate([target])
    executor = _executor()
    applied = set(executor.loader.applied_migrations)
    for node in gone:
        assert node not in applied, node
    graph = executor.loader.graph
    nodes = [
        max(node for node in applied if node[0] == app and node in graph.nodes) for app in apps
    ]
    return executor.loader.project_state(nodes).apps


def migrate_forward() -> None:
    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def old_audit_entry(old, *, target_type, target_id: int, label: str, with_label_column: bool):
    """An audit entry about `target_type` as `record()` wrote it before the move."""
    OldEntry = old.get_model("audit", "AuditEntry")
    last = OldEntry.objects.order_by("-sequence").first()
    fields = {
        "sequence": last.sequence + 1 if last else 1,
        "previous_hash": last.hash if last else "",
        "action": "moved.before",
        "target_type_id": target_type.pk,
        "target_id": str(target_id),
        "target_label": "Écrit avant le déménagement",
        "reason": "Écrit avant le déménagement",
        "created_at": timezone.now(),
    }
    # The hash as it was computed then: over the content type's name of the time, and in plain
    # SHA-256 before audit/0003 keyed the chain (which re-keys these entries on the way up).
    entry = AuditEntry(**fields, target_type_label=label)
    if ("audit", "0003_keyed_chain_append_only") in _executor().loader.applied_migrations:
        fields["hash"] = entry.compute_hash()
    else:
        data = canonical_json(entry.payload()) + entry.previous_hash
        fields["hash"] = hashlib.sha256(data.encode("utf-8")).hexdigest()
    if with_label_column:
        fields["target_type_label"] = label
    return OldEntry.objects.create(**fields)
