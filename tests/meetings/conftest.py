import pytest
from django.core.cache import cache

from tests.factories import make_member
from tests.meetings.factories import make_meeting
from tests.threads.factories import make_facilitator


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def facilitator(college, staff):
    return make_facilitator(college, staff=staff)


@pytest.fixture
def outsider(other_college, staff):
    """A member of another college."""
    return make_member(other_college, staff=staff).user


@pytest.fixture
def members(college, staff):
    return [make_member(college, staff=staff).user for _ in range(4)]


@pytest.fixture
def meeting(college, facilitator):
    return make_meeting(college, facilitator)
