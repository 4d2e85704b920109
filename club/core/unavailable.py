"""Whether the database can serve now: the one question the 503 page and the API ask.

Apart from club/core/outage.py (the page) and club/core/api/errors.py (the API's problem),
which both need it and one of which builds on the other.
"""

from django.db import DatabaseError, InterfaceError, OperationalError

# Seconds after which a browser or a client may try again: about a restart and a bit.
RETRY_AFTER = 10


def database_unavailable(error: BaseException | None) -> bool:
    """The database cannot serve for now: unreachable, restarting, or read-only."""
    if isinstance(error, (OperationalError, InterfaceError)):
        return True
    if isinstance(error, DatabaseError):
        try:
            from psycopg.errors import ReadOnlySqlTransaction
        except ImportError:  # SQLite only
            return False
        return isinstance(error.__cause__, ReadOnlySqlTransaction)
    return False
