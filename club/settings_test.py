"""Settings for the test suite: production settings with the few changes tests need.

Each override says why. `DATABASE_URL` and `REDIS_URL` still apply, so the second CI pass
runs this same module against real PostgreSQL and Redis.
"""

import os

# Tests run with DEBUG off, like production; they need a key that is not a secret.
os.environ.setdefault("SECRET_KEY", "test-only-key-not-secret-" + "x" * 40)

from club.settings import *  # noqa: F403
from club.settings import STORAGES

# Hashing passwords with a slow algorithm would dominate the run time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The manifest storage needs collectstatic; tests read static files from the finders.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True

# The test client speaks plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# pytest-django swaps in the locmem backend; say it here too for code run outside it.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Tasks run at once, in the test's process: the e-mails they send land in `mail.outbox`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Proof-of-work captchas are solved by a real browser in the e2e journey that turns them on.
CAPTCHA_ENABLED = False

# Throttle counters outlive a test in the cache while primary keys are reused: tests that check
# throttling turn it on with the `settings` fixture (tests/security/test_throttle.py).
THROTTLE_RATES = {}

MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405

# Each xdist worker gets its own Redis database: `cache.clear()` flushes a whole database, and
# channel groups such as "thread.1" exist in every worker's test database.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _worker:  # noqa: F405
    from urllib.parse import urlsplit, urlunsplit

    _parts = urlsplit(REDIS_URL)  # noqa: F405
    REDIS_URL = urlunsplit(_parts._replace(path=f"/{1 + int(_worker.removeprefix('gw') or 0)}"))
    CHANNEL_LAYERS["default"]["CONFIG"]["hosts"] = [REDIS_URL]  # noqa: F405
    CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
