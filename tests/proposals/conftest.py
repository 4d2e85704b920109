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
