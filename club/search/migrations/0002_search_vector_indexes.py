"""PostgreSQL only: GIN indexes on the very expressions the search queries (club.search.vectors).

Functional indexes for the tables that stay small (threads, requests, positions, ballots, IPM
items): the planner picks them for `to_tsvector(...) @@ query`. Posts may number millions: they
get a stored generated tsvector column, which PostgreSQL keeps exact on every insert and edit,
indexed with GIN, so ranking and rechecking read the vector instead of recomputing it.
Whitepapers are not indexed: their title lives in Wagtail's page table and they number a few
dozen. Nothing happens on SQLite. tests/search check the plans with EXPLAIN.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

INDEXES = [
    ("colleges", "Thread", "thread", "search_thread_vector_gin"),
    ("proposals", "ChangeRequest", "request", "search_request_vector_gin"),
    ("proposals", "Position", "position", "search_position_vector_gin"),
    ("votes", "Ballot", "ballot", "search_ballot_vector_gin"),
    ("proposals", "AgendaItem", "item", "search_item_vector_gin"),
]


POST_COLUMN = """
ALTER TABLE colleges_post ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('french_unaccent'::regconfig, COALESCE(body, '')), 'B')
) STORED;
CREATE INDEX search_post_vector_gin ON colleges_post USING gin (search_vector);
"""
DROP_POST_COLUMN = """
DROP INDEX IF EXISTS search_post_vector_gin;
ALTER TABLE colleges_post DROP COLUMN IF EXISTS search_vector;
"""


def _indexes(apps):
    from club.search.vectors import computed

    for app_label, model_name, kind, name in INDEXES:
        yield apps.get_model(app_label, model_name), GinIndex(computed(kind), name=name)


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.add_index(model, index)
    schema_editor.execute(POST_COLUMN)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(DROP_POST_COLUMN)
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
