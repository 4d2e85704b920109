"""A college's seats bound its facilitators' and delegates' seat numbers in the database.

The unique constraints already stop two people on one seat; a seat number beyond the college's
`facilitator_seats` / `delegate_seats` crosses two tables, which a CHECK constraint cannot
express: a trigger refuses it, as an integrity error, on PostgreSQL and on SQLite.
"""

from django.db import migrations

TABLES = {
    "colleges_facilitatorrole": "facilitator_seats",
    "colleges_delegatemandate": "delegate_seats",
}


def _postgresql(table: str, column: str) -> tuple[str, str]:
    function = f"{table}_seat_within_college"
    forward = f"""
        CREATE FUNCTION {function}() RETURNS trigger AS $$
        BEGIN
            IF NEW.seat > (SELECT {column} FROM colleges_college WHERE id = NEW.college_id) THEN
                RAISE EXCEPTION 'seat beyond the seats of the college'
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql;
        CREATE TRIGGER {function} BEFORE INSERT OR UPDATE OF seat, college_id ON {table}
            FOR EACH ROW EXECUTE FUNCTION {function}();
    """
    backward = (
        f"DROP TRIGGER IF EXISTS {function} ON {table}; DROP FUNCTION IF EXISTS {function}();"
    )
    return forward, backward


def _sqlite(table: str, column: str) -> tuple[list[str], list[str]]:
    condition = f"NEW.seat > (SELECT {column} FROM colleges_college WHERE id = NEW.college_id)"
    body = f"BEGIN SELECT RAISE(ABORT, 'seat beyond the seats of the college'); END"
    forward = [
        f"CREATE TRIGGER {table}_seat_insert BEFORE INSERT ON {table} WHEN {condition} {body};",
        f"CREATE TRIGGER {table}_seat_update BEFORE UPDATE OF seat, college_id ON {table} "
        f"WHEN {condition} {body};",
    ]
    backward = [
        f"DROP TRIGGER IF EXISTS {table}_seat_insert;",
        f"DROP TRIGGER IF EXISTS {table}_seat_update;",
    ]
    return forward, backward


def install(apps, schema_editor):
    for table, column in TABLES.items():
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(_postgresql(table, column)[0])
        elif schema_editor.connection.vendor == "sqlite":
            for statement in _sqlite(table, column)[0]:
                schema_editor.execute(statement)


def remove(apps, schema_editor):
    for table, column in TABLES.items():
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(_postgresql(table, column)[1])
        elif schema_editor.connection.vendor == "sqlite":
            for statement in _sqlite(table, column)[1]:
                schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("colleges", "0002_threads")]

    operations = [migrations.RunPython(install, remove)]
