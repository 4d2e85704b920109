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
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class TolerantRedisCache(RedisCache):
    # After a failure, skip Redis for this long instead of paying a connection attempt per call.
    RETRY_AFTER = 2.0
    _down_until = 0.0

    def _call(self, name: str, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return getattr(super(), name)(*args, **kwargs)
        except RedisError as error:
            self._down_until = time.monotonic() + self.RETRY_AFTER
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
