"""The captcha's challenge endpoint, limited per client address like every other limit.

altcha-django reads the address with its own helper; its endpoint limit is given ours instead
(`ALTCHA_CHALLENGE_ENDPOINT_RATELIMIT`), so the captcha counts on the same counters and the same
address as sign-in, sign-up and the API: one reading of X-Forwarded-For for the whole site.
"""

from club.core.client_address import client_address
from club.core.throttle import hit, rate_for

SCOPE = "captcha_challenge"


def challenge_allowed(request) -> bool:
    rate = rate_for(SCOPE)
    return rate is None or hit(SCOPE, f"ip:{client_address(request)}", rate).allowed
