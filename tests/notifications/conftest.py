import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The unread count is cached per user id, and ids come back after each test's rollback."""
    cache.clear()
    yield
    cache.clear()
