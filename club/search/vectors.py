"""What each kind of content is searched on, as PostgreSQL text-search vectors.

The same expressions build the GIN indexes (migration 0002) and the queries, so the planner
recognises them: change one and write a migration that rebuilds its index.

Posts, the one table that grows to millions of rows, keep their vector in a stored generated
column (`colleges_post.search_vector`, added by migration 0002 on PostgreSQL only): PostgreSQL
itself recomputes it whenever the body changes, so it is exact, and neither ranking nor the
recheck of a large bitmap scan has to run `to_tsvector` again on every matching row.
"""

from functools import reduce
from operator import add

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db.models import Expression

# Created by migration 0001: the French snowball stemmer after unaccent, so « facturé »,
# « factures » and « FACTURE » share one lexeme.
CONFIG = "french_unaccent"

# (field, weight): A for titles, B for the main text, C for side fields.
FIELDS = {
    "thread": [("title", "A")],
    "post": [("body", "B")],
    "request": [
        ("title", "A"),
        ("current_behaviour", "B"),
        ("expected_behaviour", "B"),
        ("screen", "C"),
        ("field_label", "C"),
    ],
    "position": [("title", "A"), ("body", "B"), ("thread_conclusions", "C")],
    "ballot": [("question", "A"), ("subject_label", "A"), ("description", "B")],
    "item": [("title", "A"), ("reason", "B"), ("vote_result", "C")],
    "whitepaper": [("title", "A"), ("summary", "B")],
}


# Kinds whose vector is a stored column rather than an expression.
STORED = {"post": "search_vector"}


class StoredVector(Expression):
    """The stored tsvector column of the query's main table (unknown to the Django model, so
    SQLite and the ORM's writes never see it)."""

    output_field = SearchVectorField()

    def __init__(self, column: str):
        super().__init__()
        self.column = column

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return (
            f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(self.column)}",
            [],
        )


def computed(kind: str):
    """The vector computed from the text, as the indexes and generated columns define it."""
    return reduce(
        add,
        (SearchVector(name, weight=weight, config=CONFIG) for name, weight in FIELDS[kind]),
    )


def vector(kind: str):
    """The vector queries match and rank on: the stored column when there is one."""
    if kind in STORED:
        return StoredVector(STORED[kind])
    return computed(kind)
