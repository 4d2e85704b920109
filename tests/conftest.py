import pytest
from django.utils import translation

from tests.factories import (
    CollegeFactory,
    PlenaryFactory,
    StaffFactory,
    UserFactory,
    ensure_site,
    make_member,
)


@pytest.fixture(scope="session", autouse=True)
def _audit_triggers_survive_flush():
    """Transactional tests end with Django's flush, which on SQLite deletes row by row: the
    audit table's append-only triggers refuse it (on PostgreSQL the flush truncates). Lift
    them for the flush only, as an operator would have to, and put them back after it."""
    # Through the backend's module: importing its operations module first is circular.
    from django.db.backends.sqlite3.base import DatabaseWrapper

    from club.core.audit import append_only

    DatabaseOperations = DatabaseWrapper.ops_class

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        append_only.remove(self.connection)
        try:
            original(self, sql_list)
        finally:
            append_only.install(self.connection)

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = original


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files of one test never leak into another, nor into the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached figures (headcounts...) of one test never leak into another."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _french_by_default():
    """A request in English activates English for the whole thread: start every test in French."""
    translation.activate("fr")
    yield
    translation.deactivate()


TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def _wagtail_site(request):
    """Transactional tests flush the database, Wagtail's home page included: put it back."""
    marker = request.node.get_closest_marker("django_db")
    fixtures = set(request.fixturenames)
    if marker is None and not ({"db"} | TRANSACTIONAL_FIXTURES) & fixtures:
        return
    transactional = bool(TRANSACTIONAL_FIXTURES & fixtures) or bool(
        marker and marker.kwargs.get("transaction")
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    ensure_site()


@pytest.fixture
def college(db):
    return CollegeFactory(name="Fournisseurs", slug="fournisseurs")


@pytest.fixture
def other_college(db):
    return CollegeFactory(name="Éditeurs", slug="editeurs", qualification="vendor")


@pytest.fixture
def plenary(db):
    return PlenaryFactory()


@pytest.fixture
def staff(db):
    return StaffFactory(email="equipe@club.example")


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def member(college, staff):
    return make_member(college, staff=staff).user
