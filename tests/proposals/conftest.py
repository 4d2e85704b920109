import pytest
from django.core.cache import cache

from tests.proposals.factories import delegate_of, facilitator_of, make_request, member_of


@pytest.fixture(autouse=True)
def _clear_cache():
    """TOTP codes and rate limits live in the cache."""
    cache.clear()


@pytest.fixture
def second_member(college, staff):
    return member_of(college, staff=staff)


@pytest.fixture
def facilitator(college, staff):
    return facilitator_of(college, staff=staff)


@pytest.fixture
def delegate(college, staff):
    return delegate_of(college, staff=staff)


@pytest.fixture
def change_request(member, college):
    return make_request(member, college)


@pytest.fixture
def thread(college, facilitator):
    """A real thread of the college, for requests and positions started from a discussion."""
    from tests.threads.factories import make_theme, make_thread

    return make_thread(make_theme(college, facilitator), facilitator)
