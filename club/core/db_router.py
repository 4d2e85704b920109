"""Reads to a PostgreSQL read replica, writes to the primary. Off unless DATABASE_REPLICA_URL.

A replica lags the primary by a little, so anything that must see its own writes reads from
the primary: every read inside a transaction on the primary (the services' `select_for_update`
and checks), and every read in a `primary()` block (e.g. the page shown right after a form).
"""

import contextlib
import contextvars
import random

from django.conf import settings
from django.db import connections

PRIMARY = "default"
_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("db_pinned", default=False)


@contextlib.contextmanager
def primary():
    """Reads inside this block go to the primary."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


class ReadReplicaRouter:
    def __init__(self) -> None:
        self.replicas = [alias for alias in settings.DATABASES if alias.startswith("replica")]

    def db_for_read(self, model, **hints):
        if not self.replicas or _pinned.get() or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return random.choice(self.replicas)  # spreading load, not a secret

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the same rows as the primary: objects from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
