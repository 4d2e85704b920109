"""Throttling of the acts people could repeat to flood the club: posting, supporting, voting...

Counters live in Django's default cache (Redis in production, shared by every worker; local
memory on a single-process install). A rate is "count/period", the period being a number of
seconds or a unit (s, m, h, d) with an optional multiplier: "10/m", "5/15m", "30/h".
Rates come from `settings.THROTTLE_RATES`, one per scope; a scope without a rate is not limited.
This is the club's one rate grammar and one set of counters: the API's limits use them too, and
its operations for the same acts count on the same scopes (club/core/api/throttling.py).

On the site, only POST requests count: reading is never throttled. Over the limit the person gets the
French 429 page with a message for the act and a `Retry-After` header.
"""

import re
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from club.core.client_address import client_address

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

MESSAGES = {
    "post": _("Vous avez publié beaucoup de messages en peu de temps."),
    "support": _("Vous avez soutenu beaucoup de demandes en peu de temps."),
    "vote": _("Vous avez envoyé beaucoup de bulletins en peu de temps."),
    "change_request": _("Vous avez déposé beaucoup de demandes d'évolution en peu de temps."),
    "reaction": _("Vous avez réagi à beaucoup de messages en peu de temps."),
}
DEFAULT_MESSAGE = _("Vous avez fait trop de demandes en peu de temps.")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d*)\s*([smhd]?)\s*", text)
        if not match or (not match.group(2) and not match.group(3)):
            raise ValueError(f"Invalid rate {text!r}: expected e.g. '10/m', '5/15m', '30/3600'")
        multiplier = int(match.group(2) or 1)
        return cls(count=int(match.group(1)), seconds=multiplier * UNITS[match.group(3) or "s"])


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0


def rate_for(scope: str) -> Rate | None:
    text = getattr(settings, "THROTTLE_RATES", {}).get(scope)
    return Rate.parse(text) if text else None


def hit(scope: str, ident: str, rate: Rate, *, now: float | None = None) -> Verdict:
    """Count one attempt in the current window; refuse it beyond `rate.count`."""
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    key = f"throttle:{scope}:{ident}:{window}"
    remaining = rate.seconds - int(now % rate.seconds)
    cache.add(key, 0, timeout=remaining + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=remaining + 1)
        count = 1
    if count > rate.count:
        return Verdict(False, retry_after=max(1, remaining))
    return Verdict(True)


def identity(request) -> str:
    """The person, or signed out their address (as our trusted proxies saw it)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_address(request)}"


def too_many(request, scope: str, retry_after: int):
    minutes = max(1, (retry_after + 59) // 60)
    wait = ngettext(
        "Réessayez dans %(count)d minute.", "Réessayez dans %(count)d minutes.", minutes
    ) % {"count": minutes}
    response = render(
        request,
        "429.html",
        {"throttle_message": MESSAGES.get(scope, DEFAULT_MESSAGE), "throttle_wait": wait},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def throttle(scope: str):
    """Limit the POSTs of one person (or, signed out, one address) to the scope's rate."""

    def decorator(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            rate = rate_for(scope)
            if rate is not None and request.method == "POST":
                verdict = hit(scope, identity(request), rate)
                if not verdict.allowed:
                    return too_many(request, scope, verdict.retry_after)
            return view_func(request, *args, **kwargs)

        return wrapper

    return decorator
