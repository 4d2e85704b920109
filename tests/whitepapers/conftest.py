import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """PDFs are cached by revision id, and ids repeat from one test's database to the next."""
    cache.clear()
    yield
    cache.clear()
