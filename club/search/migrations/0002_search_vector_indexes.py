"""PostgreSQL only: GIN indexes on the very expressions the search queries (club.search.vectors).

Functional indexes rather than stored tsvector columns: nothing to keep in step with the text,
and the planner picks them for `to_tsvector(...) @@ query` (tests/search check with EXPLAIN).
Whitepapers are not indexed: their title lives in Wagtail's page table and they number a few
dozen. Nothing happens on SQLite.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

INDEXES = [
    ("colleges", "Thread", "thread", "search_thread_vector_gin"),
    ("colleges", "Post", "post", "search_post_vector_gin"),
    ("proposals", "ChangeRequest", "request", "search_request_vector_gin"),
    ("proposals", "Position", "position", "search_position_vector_gin"),
    ("votes", "Ballot", "ballot", "search_ballot_vector_gin"),
    ("proposals", "AgendaItem", "item", "search_item_vector_gin"),
]


def _indexes(apps):
    from club.search.vectors import vector

    for app_label, model_name, kind, name in INDEXES:
        yield apps.get_model(app_label, model_name), GinIndex(vector(kind), name=name)


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.add_index(model, index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [
        ("club_search", "0001_french_unaccent"),
        ("colleges", "0002_threads"),
        ("proposals", "0006_merge_0003_ipm_cycles_0005_email_preference"),
        ("votes", "0001_initial"),
    ]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
