"""The API's rate limits, in the site's grammar and counters (club/core/throttle.py).

Two kinds of limit, both counted in Django's cache (Redis in production, shared by every worker):

- `ApiThrottle`, on every operation: requests per token, per signed-in person or per address,
  from `settings.API_RATE_LIMITS` ("120/m", "5000/h", "20/10m").
- `act_limits(scope)`, on the operations that post, support, vote or file a request: the same
  limit as the web form of the act (`settings.THROTTLE_RATES[scope]`), on the same counter, so
  a person has one budget for an act whichever door they use.
"""

from django.conf import settings
from ninja.throttling import BaseThrottle

from club.core.client_address import client_address
from club.core.throttle import Rate, hit, identity, rate_for


class _CacheThrottle(BaseThrottle):
    def __init__(self) -> None:
        self._wait: float | None = None

    def _count(self, scope: str, ident: str, rate: Rate | None) -> bool:
        if rate is None:
            return True
        verdict = hit(scope, ident, rate)
        self._wait = None if verdict.allowed else verdict.retry_after
        return verdict.allowed

    def wait(self) -> float | None:
        return self._wait


class ApiThrottle(_CacheThrottle):
    """Requests per caller: its token, else the signed-in person, else the address."""

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
        text = settings.API_RATE_LIMITS.get(kind)
        return self._count(f"api-{kind}", ident, Rate.parse(text) if text else None)


class ActThrottle(_CacheThrottle):
    """One act's limit, counted with the web's: same scope, same person, same window."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def allow_request(self, request) -> bool:
        return self._count(self.scope, identity(request), rate_for(self.scope))


def act_limits(scope: str) -> list[BaseThrottle]:
    """An operation's throttles: the API's own limit (an operation's list replaces the API's,
    so it is repeated here) and the act's limit shared with the site."""
    return [ApiThrottle(), ActThrottle(scope)]
