"""Settings come from the environment; each case runs in a fresh interpreter to import them anew."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'], "
    "'name': str(s.DATABASES['default']['NAME']), "
    "'layer': s.CHANNEL_LAYERS['default']['BACKEND'], 'cache': s.CACHES['default']['BACKEND'], "
    "'ssl_redirect': s.SECURE_SSL_REDIRECT, 'hsts': s.SECURE_HSTS_SECONDS, "
    "'pool': s.DATABASES['default'].get('OPTIONS', {}).get('pool'), "
    "'pool_check': s.DATABASES['default']['CONN_HEALTH_CHECKS'], "
    "'conn_max_age': s.DATABASES['default']['CONN_MAX_AGE']}))"
)
ENV_NAMES = (
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "ALLOWED_HOSTS",
    "DJANGO_SETTINGS_MODULE",
    "CONN_MAX_AGE",
    "DATABASE_POOL",
    "DATABASE_POOL_MAX_SIZE",
)


def run_with(env: dict, *args: str) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if key not in ENV_NAMES}
    clean.update(env, DJANGO_SETTINGS_MODULE="club.settings")
    return subprocess.run(
        args or (sys.executable, "-c", PROBE),
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_with(env: dict) -> dict:
    result = run_with(env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_defaults_need_nothing_installed():
    loaded = settings_with({"DEBUG": "1"})
    assert loaded["debug"] is True
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["layer"] == "channels.layers.InMemoryChannelLayer"
    assert loaded["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert loaded["ssl_redirect"] is False


def test_debug_is_off_unless_asked():
    loaded = settings_with({"SECRET_KEY": "k" * 50})
    assert loaded["debug"] is False
    assert loaded["ssl_redirect"] is True
    assert loaded["hsts"] >= 31536000


def test_production_refuses_to_start_without_a_secret_key():
    result = run_with({})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_database_url_and_redis_url_switch_to_postgresql_and_redis():
    loaded = settings_with(
        {
            "SECRET_KEY": "k" * 50,
            "DATABASE_URL": "postgres://club@127.0.0.1:5432/club",
            "REDIS_URL": "redis://127.0.0.1:6379/3",
        }
    )
    # Django's backend, with a pool that drops dead connections at once (club/core/postgresql).
    assert loaded["engine"] == "club.core.postgresql"
    assert loaded["name"] == "club"
    assert loaded["layer"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    # Redis, through the subclass that degrades to cache misses when Redis is out of reach.
    assert loaded["cache"] == "club.core.cache.TolerantRedisCache"
    # Under ASGI a request's thread dies with it: connections come from a pool per process.
    assert loaded["pool"] == {"min_size": 1, "max_size": 16, "timeout": 10}
    assert loaded["pool_check"] is True  # connections are checked when lent
    assert loaded["conn_max_age"] == 0


def test_the_pool_is_sized_or_turned_off_from_the_environment():
    postgres = {"SECRET_KEY": "k" * 50, "DATABASE_URL": "postgres://club@127.0.0.1:5432/club"}
    sized = settings_with({**postgres, "DATABASE_POOL_MAX_SIZE": "4"})
    assert sized["pool"]["max_size"] == 4
    # Behind PgBouncer: no pool, persistent connections as configured.
    off = settings_with({**postgres, "DATABASE_POOL": "0", "CONN_MAX_AGE": "60"})
    assert off["pool"] is None and off["conn_max_age"] == 60
    assert off["engine"] == "django.db.backends.postgresql"
    # SQLite has no pool.
    assert settings_with({"DEBUG": "1"})["pool"] is None


@pytest.mark.slow_subprocess
def test_production_configuration_passes_check_deploy(tmp_path):
    result = run_with(
        {
            "SECRET_KEY": "a-long-production-secret-key-with-enough-entropy-4f9c2b7e1d",
            "ALLOWED_HOSTS": "club.example.fr",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
        sys.executable,
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
