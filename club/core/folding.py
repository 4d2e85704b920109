"""Accent- and case-insensitive matching where PostgreSQL's `unaccent` is absent (SQLite).

`fold` maps each character to one character: lower case, accents dropped, apostrophes and
hyphens turned into spaces ("Numéro d’engagement" → "numero d engagement"). The same function is
registered in SQLite as `club_fold`, so a folded column contains a folded word exactly when the
text contains it whatever its accents; and since it keeps one character for one, the positions
found in a folded excerpt mark the original text.
"""

import unicodedata
from functools import lru_cache

from django.db.models import Func, TextField

SEPARATORS = {"'", "’", "‘", "-", "‐", "‑", "–", "—", "\u00a0"}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in SEPARATORS:
        return " "
    base = unicodedata.normalize("NFKD", char)[:1] or char
    return base.lower()[:1] or base


def fold(text: str | None) -> str:
    return "".join(_fold_char(char) for char in text or "")


class Folded(Func):
    """`club_fold(column)` in SQL: see `register_sqlite_function`."""

    function = "club_fold"
    output_field = TextField()


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """Give every new SQLite connection the `club_fold` function (connection_created)."""
    if connection.vendor == "sqlite" and connection.connection is not None:
        connection.connection.create_function("club_fold", 1, fold, deterministic=True)
