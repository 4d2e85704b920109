"""A Redis cache that degrades instead of failing when Redis is out of reach.

The cache only holds what can be recomputed (PDFs, presence counts, rate-limit counters), so a
Redis outage must not turn pages into errors: reads miss, writes are dropped, counters start
again, rate limits fail open. Each failure is logged; nothing else changes.

`add` answers True while Redis is out of reach, as if the key had been free and is now held.
Everything that uses it as a lock or a claim then proceeds: allauth's rate-limit lock (which
otherwise spins for a second and refuses every login, sign-up and password reset with a 429),
the TOTP "code already used" claim (which would refuse every second factor), the captcha's
replay claim and the live presence announcements. That is failing open: during an outage a
TOTP code or a captcha solution could be replayed within its short validity, and counters
start again. Login failures themselves are counted in the database (club.core.accounts.guard),
so guessing passwords stays limited while Redis is away.

One connection pool per process (issue 26.9). Under ASGI, Django makes a cache object per
request context, and its Redis client came with a pool of its own: every request opened a new
connection to Redis (50 for 50 requests) and dropped it. The client, its pools and the
"Redis is down" pause are kept per process here, keyed by the cache's location and options, so
every request, the rate limiters (the site's, the API's, allauth's, all on this cache) and the
captcha share the same few connections. redis-py's pools are thread-safe and start afresh in a
forked child.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

_clients: dict[tuple, object] = {}
_clients_lock = threading.Lock()


class TolerantRedisCache(RedisCache):
    # After a failure, skip Redis for this long instead of paying a connection attempt per call.
    RETRY_AFTER = 2.0

    @property
    def _cache(self):
        key = (tuple(self._servers), repr(sorted(self._options.items())))
        client = _clients.get(key)
        if client is None:
            with _clients_lock:
                client = _clients.get(key)
                if client is None:
                    client = self._class(self._servers, **self._options)
                    # Made at once, under the lock: two threads never race to make two pools.
                    for write in (True, False):
                        client._get_connection_pool(write)
                    client.down_until = 0.0
                    _clients[key] = client
        return client

    def _call(self, name: str, fallback, *args, **kwargs):
        client = self._cache
        if time.monotonic() < client.down_until:
            return fallback
        try:
            return getattr(super(), name)(*args, **kwargs)
        except RedisError as error:
            # For the whole process: the next requests do not each wait for the timeout.
            client.down_until = time.monotonic() + self.RETRY_AFTER
            logger.warning("Cache unavailable, %s() degraded: %s", name, error)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # Fail open: see the module's docstring for who relies on it.
        return self._call("add", True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._call("incr", missing, key, delta, version)
        if value is missing:
            # What callers already handle for a key that is not there.
            raise ValueError(f"Key '{key}' not found (cache unavailable).")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)
