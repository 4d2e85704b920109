"""A connection pool that drops dead connections at once and fails fast while PostgreSQL is away.

psycopg_pool's own `check`, when a lent connection fails it, waits 1 s, 2 s, 4 s... before
trying the next one: after a PostgreSQL restart, with ten dead idle connections, a request
spent its whole pool timeout (10 s) on them and answered 500, and an idle process kept
reporting the database down for half a minute. And while the server was away, every request
waited the full timeout for connections that the pool's workers retried with the same backoff.

Here, instead:

- a lent connection found dead means the server restarted or cut us off, so every idle
  connection is checked at once (`check()`: a dead socket fails in microseconds) and the
  request goes on with a new connection, without sleeping;
- once a connection attempt failed, the server is taken as away: a request that finds no idle
  connection tries to connect itself, with a short timeout, instead of queueing behind the
  pool's retries (1, 2, 4... s apart). It keeps trying for OUTAGE_GRACE, about a restart's
  length, then gives up, so the site answers 503 within a second while the server is down
  (club/core/outage.py); and it gets a fresh connection as soon as the server is back;
- a request waiting for a busy pool looks every WAIT_SLICE seconds whether the server went
  away meanwhile, rather than waiting out the whole timeout;
- the pool's own retries for lost connections give up after RECONNECT_TIMEOUT (not 5
  minutes), so the slots they hold return to the requests, which connect themselves.

It reaches into a few private attributes of psycopg_pool (`_connect`, `_lock`, `_pool`,
`_nconns`, `_max_size`), pinned in requirements.lock; tests/reliability/test_postgres_outage.py
restarts and stops a real server to hold this to account when the pin moves.
"""

from __future__ import annotations

import logging
from time import monotonic, sleep

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

logger = logging.getLogger(__name__)

# How long a request waits for a busy pool before looking again whether the server went away.
WAIT_SLICE = 0.5
# A request's own connection attempt while the server is away (libpq rounds to whole seconds).
OUTAGE_CONNECT_TIMEOUT = 1
# A restart takes a fraction of a second: a request that finds the server away keeps trying
# this long before it fails (and the site answers 503), so a restart costs nobody an error.
OUTAGE_GRACE = 0.7
OUTAGE_RETRY_INTERVAL = 0.1
# How long the pool's workers retry a lost connection (psycopg_pool's default: 5 minutes).
RECONNECT_TIMEOUT = 2.0


class ResilientPool(ConnectionPool):
    def __init__(self, *args, check_lent: bool = True, **kwargs):
        # The check runs here, in getconn(), not in psycopg_pool's loop with its backoff.
        kwargs.setdefault("reconnect_timeout", RECONNECT_TIMEOUT)
        super().__init__(*args, check=None, **kwargs)
        self.check_lent = check_lent
        # True from a failed connection attempt until the next one succeeds.
        self.server_away = False

    def _connect(self, timeout: float | None = None):
        try:
            conn = super()._connect(timeout)
        except Exception:
            if not self.server_away:
                logger.warning("PostgreSQL is unreachable from pool %r", self.name)
            self.server_away = True
            raise
        self.server_away = False
        return conn

    def getconn(self, timeout: float | None = None):
        timeout = self.timeout if timeout is None else timeout
        deadline = monotonic() + timeout
        give_up_at = None  # set by this request's first failed attempt
        while True:
            if self.server_away and not self._pool:
                try:
                    conn = self._connect_now()
                    if conn is not None:
                        return conn
                    # The pool is full (busy connections, or lost ones its workers retry):
                    # the request waits for one only if the server is back.
                    self._probe()
                except psycopg.Error:
                    now = monotonic()
                    give_up_at = give_up_at or min(deadline, now + OUTAGE_GRACE)
                    if now >= give_up_at:
                        raise
                    sleep(OUTAGE_RETRY_INTERVAL)
                    continue
            remaining = deadline - monotonic()
            if remaining <= 0:
                raise PoolTimeout(f"couldn't get a connection after {timeout:.2f} sec")
            try:
                conn = super().getconn(min(remaining, WAIT_SLICE))
            except PoolTimeout:
                continue
            if not self.check_lent:
                return conn
            try:
                self.check_connection(conn)
            except Exception:
                logger.info("dropping dead connections of pool %r", self.name)
                conn.close()
                self.putconn(conn)  # broken: the pool drops it and opens a replacement
                self.check()  # the same restart killed the idle ones: drop them all now
                continue
            return conn

    def _connect_now(self):
        """One connection attempt by the request itself, counted in the pool's size.

        Returns None when the pool is full (the request then waits for a connection as usual);
        raises the connection error while the server is still away."""
        with self._lock:
            if self._nconns >= self._max_size:
                return None
            self._nconns += 1
        try:
            return self._connect(timeout=OUTAGE_CONNECT_TIMEOUT)
        except BaseException:
            with self._lock:
                self._nconns -= 1
            raise

    def _probe(self) -> None:
        """Raise at once if the server is still away; a connection made is closed again."""
        conn = self._connect(timeout=OUTAGE_CONNECT_TIMEOUT)
        conn._pool = None
        conn.close()
