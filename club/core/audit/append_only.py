"""The audit table refuses UPDATE and DELETE below the ORM, on PostgreSQL and on SQLite.

Installed by migration 0003. One change stays possible: an account being deleted unlinks its
entries (`actor` is SET_NULL), every other column unchanged; the author's key and label stay
in the entry and in its hash. Erasure under the GDPR never deletes an account (it leaves an
anonymised shell), so it needs no exception.

Django's `flush` on SQLite deletes rows one by one and is therefore refused too; the test
suite lifts the triggers around the flush of transactional tests (tests/conftest.py).
PostgreSQL's flush truncates, which row triggers do not see.
"""

TABLE = "audit_auditentry"

# Every column but actor_id, the one an account's deletion may change (to NULL).
_COLUMNS = [
    *("id", "sequence", "actor_key", "actor_label", "action", "target_type_id", "target_id"),
    *("target_type_label", "target_label", "before", "after", "reason", "created_at"),
    *("previous_hash", "hash"),
]

POSTGRESQL_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
           AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit log is append-only: % refused', TG_OP;
    END;
    $$
    """,
    f"""
    CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()
    """,
]
POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_append_only()",
]

_UNCHANGED = " AND ".join(f'NEW."{column}" IS OLD."{column}"' for column in _COLUMNS)
SQLITE_INSTALL = [
    f"""
    CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
    WHEN NOT (OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL AND {_UNCHANGED})
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only: UPDATE refused'); END
    """,
    f"""
    CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only: DELETE refused'); END
    """,
]
SQLITE_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
]


def statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "postgresql":
        return POSTGRESQL_INSTALL if install else POSTGRESQL_REMOVE
    if vendor == "sqlite":
        return SQLITE_INSTALL if install else SQLITE_REMOVE
    return []


def install(connection) -> None:
    with connection.cursor() as cursor:
        for statement in statements(connection.vendor, install=True):
            cursor.execute(statement)


def remove(connection) -> None:
    with connection.cursor() as cursor:
        for statement in statements(connection.vendor, install=False):
            cursor.execute(statement)


def installed(connection) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s", [f"{TABLE}_append_only"])
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s",
                [f"{TABLE}_no_delete"],
            )
        else:
            return False
        return cursor.fetchone() is not None
