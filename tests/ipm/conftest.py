import pytest
from django.core.cache import cache

from proposals.ipm import services
from tests.factories import UserFactory
from tests.ipm.factories import adopted_position, open_cycle
from tests.proposals.factories import delegate_of


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def delegate(college, staff):
    return delegate_of(college, staff=staff)


@pytest.fixture
def other_delegate(other_college, staff):
    return delegate_of(other_college, staff=staff)


@pytest.fixture
def participant(staff):
    """A MEDEF representative at the IPM: no college membership at all."""
    user = UserFactory(first_name="Paul", last_name="Martin")
    services.register_participant(user=user, organisation="MEDEF", role="business", actor=staff)
    return user


@pytest.fixture
def position(college, staff):
    return adopted_position(college, staff)


@pytest.fixture
def cycle(staff):
    return open_cycle(staff)
