import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from tests.factories import ensure_site
from tests.security.world import build_world

CHECKS = {"http": 0, "websocket": 0}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The club of tests/security/world.py, built once per module and rolled back after it.

    Each test still runs in its own savepoint (the `db` fixture nests inside this transaction).
    """
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            ensure_site()
            cache.clear()
            built = build_world()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            media.disable()
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    media.disable()


@pytest.fixture
def _media_root(request):
    """The world's files live in the module's media directory: keep it for every test here."""
    if "world" not in request.fixturenames:
        request.getfixturevalue("settings").MEDIA_ROOT = (
            request.getfixturevalue("tmp_path") / "media"
        )


def pytest_terminal_summary(terminalreporter):
    if CHECKS["http"] or CHECKS["websocket"]:
        terminalreporter.write_line(
            f"permission matrix: {CHECKS['http']} HTTP route×role checks, "
            f"{CHECKS['websocket']} WebSocket route×role checks"
        )
