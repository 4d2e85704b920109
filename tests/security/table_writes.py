"""Which tables a piece of code wrote to, counted by the database itself.

Comparing row counts misses an UPDATE, and hashing every table around every request of the
route walk would cost minutes; the database already knows. PostgreSQL keeps, per table, the
rows the current transaction inserted, updated and deleted (`pg_stat_xact_user_tables`, live
within the transaction, rolled-back savepoints included: an attempted write counts). SQLite has
no such view: temporary triggers on every table log each written row into a temporary table,
and are dropped with the transaction that created them.

Usage: `install()` once inside the transaction the walk runs in, then `snapshot()` before and
after each request; `written(before, after)` names the tables whose counters moved.
"""

from django.db import connection

LOG = "zz_table_writes"


def _sqlite_tables(cursor) -> list[str]:
    rows = cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    # A full-text index's shadow tables are written through its virtual table: not traceable
    # by triggers, and never written without a write to a real table next to them.
    return [
        name
        for name, _sql in rows
        if name not in virtual and not any(name.startswith(f"{v}_") for v in virtual)
    ]


def install() -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {LOG} (tbl TEXT NOT NULL)")
        for table in _sqlite_tables(cursor):
            for event in ("INSERT", "UPDATE", "DELETE"):
                cursor.execute(
                    f'CREATE TEMP TRIGGER IF NOT EXISTS "zz_writes_{table}_{event.lower()}" '
                    f'AFTER {event} ON main."{table}" '
                    f"BEGIN INSERT INTO {LOG} (tbl) VALUES ('{table}'); END"
                )


def snapshot() -> dict[str, int]:
    """Rows written so far in this transaction, per table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
            )
        elif connection.vendor == "sqlite":
            cursor.execute(f"SELECT tbl, count(*) FROM {LOG} GROUP BY tbl")
        else:  # pragma: no cover - the suite runs on SQLite and PostgreSQL only
            raise NotImplementedError(connection.vendor)
        return dict(cursor.fetchall())


def written(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {
        table: count - before.get(table, 0)
        for table, count in sorted(after.items())
        if count != before.get(table, 0)
    }
