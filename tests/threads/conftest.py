import pytest
from django.core.cache import cache

from tests.factories import make_member
from tests.threads.factories import make_facilitator, make_theme, make_thread, with_totp


@pytest.fixture(autouse=True)
def _clear_cache():
    """Presence counters, rate limits and used TOTP codes live in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def facilitator(college, staff):
    return make_facilitator(college, staff=staff)


@pytest.fixture
def outsider(other_college, staff):
    """A member of another college: reads the plenary, not this college."""
    return make_member(other_college, staff=staff).user


@pytest.fixture
def mfa_staff(staff):
    with_totp(staff)
    return staff


@pytest.fixture
def theme(college, facilitator):
    return make_theme(college, facilitator)


@pytest.fixture
def thread(theme, facilitator):
    return make_thread(theme, facilitator, tags=["rejet", "code service"])
