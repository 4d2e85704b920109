"""What each kind of content is searched on, as PostgreSQL text-search vectors.

The same expressions build the GIN indexes (migration 0002) and the queries, so the planner
recognises them: change one and write a migration that rebuilds its index.
"""

from functools import reduce
from operator import add

from django.contrib.postgres.search import SearchVector

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


def vector(kind: str):
    return reduce(
        add,
        (SearchVector(name, weight=weight, config=CONFIG) for name, weight in FIELDS[kind]),
    )
