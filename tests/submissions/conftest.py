import pytest
from django.core.cache import cache

from tests.form_targets import build_world


@pytest.fixture(autouse=True)
def _clear_cache():
    """TOTP codes and rate limits live in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(college, other_college, staff):
    return build_world(college, other_college, staff)
