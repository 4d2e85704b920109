"""Settings of the Club Chorus Pro platform.

Everything that differs between a laptop and production comes from environment variables.
The defaults need nothing installed: SQLite, the in-memory channel layer, the local-memory
cache and e-mails printed on the console. `DATABASE_URL` switches to PostgreSQL and
`REDIS_URL` to Redis for the channel layer and the cache. See README.md, "Configuration".
"""

import hashlib
import hmac
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # Refusing to start beats inventing a production key nobody knows about.
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"
# Previous keys, comma-separated, still accepted after a rotation: sessions and signed links
# keep working, and ballots sealed under an old key still open at their close (votes.sealing).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # Daphne first: it replaces runserver with the ASGI server used in production.
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # The club's own apps.
    "club",
    "club.core.accounts",
    "club.pages",
    "club.core.gdpr",
    "club.core.audit",
    "club.search",
    "club.dashboards",
    "club.core.notifications",
    "club.announcements",
    "club.core.submissions",
    # Periodic tasks (ballots opening and closing...), enqueued by `manage.py run_scheduler`.
    "club.core.scheduler",
    "colleges",
    "colleges.threads",
    "colleges.meetings",
    "proposals",
    "proposals.ipm",
    "votes",
    "whitepapers",
    # The JSON API (/api/v1/) and its personal access tokens; ninja ships the docs page assets.
    "club.core.api",
    "ninja",
    # Authentication with the club's own credentials.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Self-hosted proof-of-work captcha: no third-party tracking service.
    "altcha_django",
    # French state design system.
    "dsfr",
    "widget_tweaks",
    # Wagtail CMS.
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "channels",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    # Background tasks (notification e-mails), run by `manage.py db_worker`.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Bidirectional controls (U+202E...) removed from every text input (club/core/text.py).
    "club.core.middleware.BidiControlsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "club.core.middleware.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Every request acts as its person: the rules withhold the powers of a role until the
    # session verified a second factor, and a refusal for that sends the person to enrol.
    "club.core.accounts.middleware.SecondFactorMiddleware",
    # Staff reach the back offices only with a second factor.
    "club.core.accounts.middleware.StaffMfaMiddleware",
    # Staff sessions end after STAFF_SESSION_IDLE_SECONDS without a request.
    "club.core.accounts.middleware.IdleSessionTimeoutMiddleware",
    # Permissions-Policy header (PERMISSIONS_POLICY below).
    "club.core.middleware.PermissionsPolicyMiddleware",
    # A form sent twice with the same one-time token acts once (club/core/submissions).
    "club.core.submissions.middleware.SubmissionTokenMiddleware",
]

ROOT_URLCONF = "club.urls"
ASGI_APPLICATION = "club.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "club.context_processors.site",
            ],
            "builtins": ["club.core.submissions.templatetags.submissions"],
        },
    },
]
# Forms built on dsfr.forms.DsfrBaseForm render `{{ form }}` as accessible DSFR markup with
# their own renderer, which leaves the Wagtail admin's forms alone: no FORM_RENDERER here.
DSFR_MARK_OPTIONAL_FIELDS = True
# The hashed static storage rewrites url() inside the DSFR CSS, so its SRI hashes would not match.
DSFR_USE_INTEGRITY_CHECKSUMS = False

# --- Data -----------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while Daphne's threads write; IMMEDIATE avoids "database is
    # locked" upgrades in the middle of a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }


def _pooled(database: dict) -> dict:
    """Under ASGI every request runs its sync code in a thread of its own, so a persistent
    connection (CONN_MAX_AGE) is opened per request and never reused: make bench saw a new
    PostgreSQL backend per page and "too many clients". A pool per process hands connections
    from one request to the next instead. DATABASE_POOL=0 turns it off (e.g. behind PgBouncer)."""
    if database["ENGINE"] != "django.db.backends.postgresql" or not env_bool("DATABASE_POOL", True):
        return database
    database["CONN_MAX_AGE"] = 0  # the pool keeps the connections; Django must not
    # Django's backend with a pool that checks each connection before lending it and, on
    # finding one dead (a PostgreSQL restart or failover), drops every dead idle one at once
    # instead of backing off 1, 2, 4... s per connection; while the server is away a request
    # fails in about a second (a 503, club/core/outage.py) instead of waiting out the timeout
    # (club/core/postgresql/pool.py, tests/reliability/test_postgres_outage.py).
    database["ENGINE"] = "club.core.postgresql"
    database["CONN_HEALTH_CHECKS"] = True
    database.setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DATABASE_POOL_MIN_SIZE", 1),
        "max_size": env_int("DATABASE_POOL_MAX_SIZE", 16),
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
    }
    return database


_pooled(DATABASES["default"])

# A PostgreSQL read replica takes the reads outside transactions (club/core/db_router.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.config(
        env="DATABASE_REPLICA_URL",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    _pooled(DATABASES["replica"])
    DATABASE_ROUTERS = ["club.core.db_router.ReadReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # Redis pub/sub: a group message is published once and each server process hands
            # it to its own sockets. The list-based layer pushed one copy per socket, which each
            # process then popped one round trip at a time, and ran out of connections when a
            # thousand readers left together (make bench). Live updates need no buffering:
            # readers catch up by revision when they reconnect, and when Redis comes back
            # after dropping pushes (club/core/live.py).
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": "club:asgi"},
        }
    }
    CACHES = {
        "default": {
            # Degrades to misses when Redis is out of reach (club/core/cache.py).
            "BACKEND": "club.core.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "club",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts -------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's PBKDF2 (same algorithm name, so stored hashes still verify), run at most
# PASSWORD_HASHING_CONCURRENCY at a time per process, in threads of lower priority
# (PASSWORD_HASHING_NICE): a burst of sign-ins queues for the CPU instead of taking it from
# the pages (club/core/accounts/hashers.py).
PASSWORD_HASHERS = [
    "club.core.accounts.hashers.BoundedPBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
PASSWORD_HASHING_CONCURRENCY = env_int("PASSWORD_HASHING_CONCURRENCY", 1)
PASSWORD_HASHING_NICE = env_int("PASSWORD_HASHING_NICE", 10)
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "club.core.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "club.core.accounts.forms.LoginForm",
    "signup": "club.core.accounts.forms.SignupForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
# First and last names, the privacy consent and the captcha are added by our signup form.
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Confirming the address in the browser that signed up opens the account at once (allauth only
# does so while that sign-up is pending in the session, so a leaked link signs nobody in).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# A newcomer's next step is choosing a college (a URL name, resolved in the reader's language).
ACCOUNT_SIGNUP_REDIRECT_URL = "colleges:apply"
ACCOUNT_UNIQUE_EMAIL = True
# One address per person, replaced through a verified change.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Club Chorus Pro] "
# Guessing passwords: club/core/accounts/guard.py counts failures in the database per account
# and address, per address and per account, over `window` seconds; thresholds ask for the
# captcha, then refuse that account from that address (or that address altogether). A spread
# guesser only meets the captcha: the owner is never locked out from an address that has not
# failed.
LOGIN_GUARD = {
    "window": 15 * 60,
    "pair_captcha": 3,
    "pair_block": 10,
    "address_captcha": 10,
    "address_block": 50,
    "account_captcha": 10,
}
# allauth's counter for wrong second-factor codes (the guard above handles passwords): keyed
# on the account that has already given its password, in the default cache.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/15m/key"}
# Every sign-in POST from one address, right or wrong: allauth's default (30 a minute) refused
# 10 of 50 members of a plenary signing in behind one address (issue 26.8). Wrong passwords are
# the guard's business (captcha first, then refusal); what is left to bound is the hashing
# cost, which the hasher's concurrency bounds, so this only stops a flood: 300 a minute, a
# whole plenary signing in within a minute from one address.
ACCOUNT_RATE_LIMITS["login"] = "300/m/ip"
# Sign-ups: 20 an hour from one address (allauth's default is 20 a minute).
ACCOUNT_RATE_LIMITS["signup"] = "20/h/ip"
# Second factors: an authenticator app (TOTP) with recovery codes, or a security key/passkey.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
# WebAuthn needs HTTPS, except on a developer's http://localhost.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_FORMS = {"add_webauthn": "club.core.accounts.forms.AddWebAuthnForm"}
MFA_TOTP_ISSUER = "Club Chorus Pro"
# allauth refuses an e-mail change to people with a second factor unless this is on. Login
# already requires a verified address, so staff can change theirs through the usual link.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# Paths only reachable by staff who sign in with a second factor (club.core.accounts.middleware).
MFA_REQUIRED_PATH_PREFIXES = ("/cms/", "/django-admin/")
# Other login forms that would skip the second factor: sent to allauth's (the middleware above).
MFA_FOREIGN_LOGIN_PATHS = ("/_util/login/", "/en/_util/login/")
WAGTAIL_FRONTEND_LOGIN_URL = "/compte/login/"

# ALTCHA, the self-hosted proof-of-work captcha on the sign-up form. CAPTCHA_ENABLED=False
# (the test settings) removes the field so automated tests can sign up.
CAPTCHA_ENABLED = env_bool("CAPTCHA_ENABLED", True)
# Signs the challenges. Without its own secret, one is derived from SECRET_KEY so that the two
# never share a value and rotating SECRET_KEY also rotates it.
ALTCHA_HMAC_SECRET = (
    os.environ.get("ALTCHA_HMAC_SECRET")
    or hmac.new(SECRET_KEY.encode(), b"club.altcha.hmac", hashlib.sha256).hexdigest()
)
# Key of the audit log's HMAC chain (club/core/audit/chain.py): kept out of the database, so
# whoever can write to the table cannot forge entries that verify. Derived from SECRET_KEY
# unless set; set it explicitly (and keep it) before ever rotating SECRET_KEY, or the entries
# written under the old key no longer verify.
AUDIT_LOG_KEY = (
    os.environ.get("AUDIT_LOG_KEY")
    or hmac.new(SECRET_KEY.encode(), b"club.audit.chain", hashlib.sha256).hexdigest()
)
# Where `verify_audit_log --anchor` appends the head it checked, for its next run to compare
# against: outside the database, so cutting off the newest entries is seen.
AUDIT_LOG_ANCHOR_FILE = Path(
    os.environ.get("AUDIT_LOG_ANCHOR_FILE", str(BASE_DIR / "var" / "audit-anchor.txt"))
)
# Labels in French; no link to altcha.org in the widget.
ALTCHA_WIDGET_I18N = True
ALTCHA_WIDGET_CONFIGURATION = {"hideLogo": True, "hideFooter": True}
if not REDIS_URL:
    # Without Redis the site runs as one process (its channel layer and login counters are
    # in memory too), so the local-memory cache does see every used challenge. Deployments
    # with several workers set REDIS_URL, and then the check applies again.
    SILENCED_SYSTEM_CHECKS = ["altcha.W001"]
# Version of the privacy notice people accept at sign-up; bump it when the notice changes.
PRIVACY_NOTICE_VERSION = "2026-11"

# --- E-mail ---------------------------------------------------------------------------------

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Club Chorus Pro <club@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))

# A mail server that stops answering cannot hold a worker for ever (seconds per SMTP step).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 60)
# An attempt in progress is leased this long; a worker killed mid-send leaves it to expire and
# the e-mail is sent again, with the same Message-ID (club/core/notifications/emails.py).
EMAIL_SEND_LEASE_SECONDS = env_int("EMAIL_SEND_LEASE_SECONDS", 600)

# Notification e-mails leave the request: queued in the database, sent by `manage.py db_worker`
# (club/core/worker.py: reclaims tasks of dead workers, waits out outages, runs maintenance).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task still RUNNING this long after it started, whatever the host, is taken as abandoned.
TASK_STALE_AFTER_SECONDS = env_int("TASK_STALE_AFTER_SECONDS", 3600)
WORKER_MAINTENANCE_SECONDS = env_int("WORKER_MAINTENANCE_SECONDS", 60)

# --- Internationalisation -------------------------------------------------------------------

LANGUAGE_CODE = "fr"
# Each language is named in itself, as a language switch should show it.
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "club" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security -------------------------------------------------------------------------------
# Production defaults follow DEBUG; each can be overridden, e.g. behind a TLS-terminating proxy.

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies whose X-Forwarded-For hop is believed (addresses or networks, comma-separated): the
# client's address is the right-most hop no trusted proxy wrote (club/core/client_address.py).
# Empty: the connection's own address, which nobody can forge. Every per-address limit (login,
# failed logins, sign-up, anonymous API) reads it there.
TRUSTED_PROXIES = [
    item.strip() for item in os.environ.get("TRUSTED_PROXIES", "").split(",") if item.strip()
]
# The captcha's challenges are limited per address through the same helper and counters
# (club/core/accounts/captcha.py, THROTTLE_RATES["captcha_challenge"]); its own reading of
# the header, used nowhere else, is given the same proxies.
ALTCHA_TRUSTED_PROXIES = TRUSTED_PROXIES
ALTCHA_CHALLENGE_ENDPOINT_RATELIMIT = "club.core.accounts.captcha.challenge_allowed"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe the processes directly, in plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SAMESITE = "Lax"
# Sessions last 30 days (« Se souvenir de moi », README): members sign in once, not at each
# meeting, so a plenary does not start with hundreds of sign-ins at the same minute. Staff
# sessions still end after STAFF_SESSION_IDLE_SECONDS idle.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 30 * 24 * 3600)
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Browser features the site never uses are switched off; WebAuthn (security keys) stays on.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), display-capture=(), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "usb=(), publickey-credentials-create=(self), publickey-credentials-get=(self)"
)
# People with back-office access are signed out after this long without a request.
STAFF_SESSION_IDLE_SECONDS = env_int("STAFF_SESSION_IDLE_SECONDS", 30 * 60)

# Strict policy without 'unsafe-inline': scripts carry the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# The Wagtail and Django back offices ship inline scripts and styles of their own.
CSP_EXEMPT_PATH_PREFIXES = ("/cms/", "/django-admin/")

# --- API -----------------------------------------------------------------------------------
# Requests allowed per caller and period, in the grammar of THROTTLE_RATES ("120/m", "5000/h",
# "20/10m"); over it the API answers 429. The API's operations that post, support, vote or file
# a request also count against THROTTLE_RATES, on the same counters as the site.
API_RATE_LIMITS = {
    "token": os.environ.get("API_RATE_TOKEN", "120/m"),
    "user": os.environ.get("API_RATE_USER", "120/m"),
    "anonymous": os.environ.get("API_RATE_ANONYMOUS", "30/m"),
}

# Acts people could repeat to flood the club (club/core/throttle.py): POSTs per person and period,
# through the site and the API together.
THROTTLE_RATES = {
    "post": "20/10m",  # new threads and replies
    "support": "30/h",
    "vote": "20/10m",  # casting and changing a vote
    "change_request": "10/h",
    "reaction": "120/10m",  # giving and taking back reactions on posts
    # Captcha challenges fetched from one address (a sign-up page, a login after failures): a
    # plenary behind one address passes, a script minting challenges does not.
    "captcha_challenge": "120/m",
}

# --- Wagtail --------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Club Chorus Pro"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# On PostgreSQL the database backend uses full-text search: French stemming, so "factures"
# finds "facture". Other databases ignore this setting.
WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "french"
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "docx", "xlsx", "csv", "txt"]
# Uploaded documents are checked by content (club/pages/forms.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "club.pages.forms.CheckedDocumentForm"
# Images too: the same caps on sides and pixels as every image members upload.
WAGTAILIMAGES_IMAGE_FORM_BASE = "club.pages.forms.CheckedImageForm"
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 25_000_000  # club.core.images.MAX_PIXELS
TAGGIT_CASE_INSENSITIVE = True

# --- Logging --------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # One line per background task and page revision drowns what matters.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
