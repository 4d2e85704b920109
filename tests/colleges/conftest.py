import pytest
from django.core.cache import cache

from tests.colleges.factories import CharterFactory, MfaStaffFactory
from tests.factories import UserFactory, make_member


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and used TOTP codes live in the cache."""
    cache.clear()


@pytest.fixture
def mfa_staff(db):
    return MfaStaffFactory(email="validatrice@club.example")


@pytest.fixture
def charter(college):
    return CharterFactory(college=college, version=2)


@pytest.fixture
def other_member(other_college, staff):
    """A member of another college only."""
    return make_member(other_college, user=UserFactory(), staff=staff).user
