import pytest
from django.core.cache import cache

from tests.proposals.factories import with_totp


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mfa_staff(staff):
    with_totp(staff)
    return staff
