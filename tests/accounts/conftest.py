import re
import time

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Login counters, used captcha challenges and used TOTP codes live in the cache."""
    cache.clear()
    yield
    cache.clear()


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now for `secret` (30-second periods)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def enable_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def link_in(body: str, pattern: str) -> str:
    match = re.search(r"http://testserver(/\S*" + pattern + r"\S*)", body)
    assert match, body
    return match.group(1)
