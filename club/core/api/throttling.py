"""Rate limits per token, per signed-in person and per address, counted in Django's cache.

A fixed window per caller: `cache.add` then `cache.incr` are atomic in Redis, so every worker
shares the count. Rates are `API_RATE_LIMITS` in settings ("120/m" = 120 requests a minute).
"""

import time

from django.conf import settings
from django.core.cache import cache
from ninja.throttling import BaseThrottle

from club.core.client_address import client_address

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period.strip()[:1]]


class ApiThrottle(BaseThrottle):
    def __init__(self) -> None:
        self._wait: float | None = None

    def get_ident(self, request) -> str:
        # Ninja's own reading trusts X-Forwarded-For by hop count; ours trusts known proxies.
        return client_address(request)

    def _bucket(self, request) -> tuple[str, str]:
        token = getattr(request, "api_token", None)
        if token is not None:
            return "token", f"t{token.pk}"
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return "user", f"u{user.pk}"
        return "anonymous", f"ip{self.get_ident(request)}"

    def allow_request(self, request) -> bool:
        kind, ident = self._bucket(request)
        rate = settings.API_RATE_LIMITS.get(kind)
        if not rate:
            return True
        limit, period = parse_rate(rate)
        now = time.time()
        window = int(now // period)
        key = f"api:rate:{kind}:{ident}:{period}:{window}"
        cache.add(key, 0, timeout=period + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=period + 1)
            count = 1
        if count > limit:
            self._wait = (window + 1) * period - now
            return False
        return True

    def wait(self) -> float | None:
        return self._wait
