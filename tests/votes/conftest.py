import pytest

from tests.factories import make_member
from tests.votes.factories import facilitator_of


@pytest.fixture
def facilitator(college, staff):
    return facilitator_of(college, staff)


@pytest.fixture
def members(college, staff):
    """Five active members of the college."""
    return [make_member(college, staff=staff).user for _ in range(5)]
