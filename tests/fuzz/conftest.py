import pytest
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, settings

from tests.factories import CollegeFactory, StaffFactory, ensure_site
from tests.form_targets import build_world

# Bounded so that the whole fuzz suite stays around a minute on one process; raise
# FUZZ_EXAMPLES locally for a longer hunt (HYPOTHESIS_PROFILE=fuzz-long).
settings.register_profile(
    "fuzz",
    max_examples=15,
    deadline=None,
    database=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz-long",
    parent=settings.get_profile("fuzz"),
    max_examples=500,
)


@pytest.fixture(autouse=True)
def _clear_cache():
    """TOTP codes and rate limits live in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """One world for the whole module, in a transaction rolled back at its end: each test's
    own transaction (and each example's savepoint) nests inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_site()
        world = build_world(
            CollegeFactory(name="Fournisseurs", slug="fournisseurs"),
            CollegeFactory(name="Éditeurs", slug="editeurs", qualification="vendor"),
            StaffFactory(email="equipe@club.example"),
        )
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def world(_module_world, db):
    return _module_world


def pytest_terminal_summary(terminalreporter):
    from tests.fuzz.test_forms import RUNS

    if RUNS["examples"]:
        terminalreporter.write_line(
            f"[fuzz] {RUNS['examples']} hostile submissions sent, {RUNS['refused']} refused "
            f"with nothing stored, {RUNS['kept']} typed values checked on re-rendered forms"
        )
