import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from tests.factories import ensure_site
from tests.security.world import build_world

CHECKS = {"http": 0, "websocket": 0}  # counted as the matrix runs (per process)


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


def matrix_size() -> tuple[int, int, int]:
    """(routes, HTTP route×role checks, WebSocket route×role checks) the declarations make."""
    from tests.security import expectations
    from tests.security.matrix import ROLES

    declared = list(expectations.HTTP.values()) + [
        expect for group in expectations.PREFIX_GROUPS.values() for _url, expect in group.values()
    ]
    http = sum(len(ROLES) * (1 + bool(expect.post)) for expect in declared)
    routes = len(declared) + len(expectations.WEBSOCKETS)
    return routes, http, len(expectations.WEBSOCKETS) * len(ROLES)


def pytest_terminal_summary(terminalreporter):
    """The figure for the issue's closing note, when the matrix ran (also under xdist)."""
    ran = [
        report
        for report in terminalreporter.stats.get("passed", [])
        if "test_permission_matrix" in report.nodeid or "test_websocket_matrix" in report.nodeid
    ]
    if ran:
        routes, http, websocket = matrix_size()
        terminalreporter.write_line(
            f"permission matrix: {routes} routes or representative URLs × 8 roles = "
            f"{http} HTTP checks (GET, and POST where declared) + {websocket} WebSocket checks; "
            f"{len(ran)} matrix tests passed"
        )
        import sys

        module = sys.modules.get("tests.security.test_permission_matrix")
        withheld = getattr(module, "WITHHELD_COUNT", None)
        if withheld and withheld["routes"]:
            terminalreporter.write_line(
                f"powers without a second factor: {len(withheld['routes'])} routes or API acts "
                f"where a role's power was withheld (sent to enrol, or 403 on the API)"
            )
