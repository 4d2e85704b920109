"""A cast with one person in each role, and helpers that try an act and undo it.

Roles (the order of every table here): anonymous, other_member (of another college), member
(of the college, not the author), author (a member who filed the request), facilitator and
delegate (of the college), staff. People with powers have a second factor, as in production.
"""

from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from tests.api.conftest import ApiClient, token_client
from tests.factories import StaffFactory
from tests.proposals.factories import delegate_of, facilitator_of, member_of, with_totp

ROLES = ("anonymous", "other_member", "member", "author", "facilitator", "delegate", "staff")


class Undone(Exception):
    """Raised at the end of `attempt` to roll its savepoint back."""


@contextmanager
def undone():
    """Run the block in a savepoint that is always rolled back: each try starts from the same
    state, and what the block saw (the database after the act) is read inside it."""
    try:
        with transaction.atomic():
            yield
            raise Undone
    except Undone:
        pass
    cache.clear()  # rate-limit counters


@pytest.fixture
def cast(college, other_college):
    staff = StaffFactory(email="equipe-cycle@club.example")
    people = {
        "anonymous": None,
        "other_member": member_of(other_college, staff=staff),
        "member": member_of(college, staff=staff),
        "author": member_of(college, staff=staff),
        "facilitator": facilitator_of(college, staff=staff),
        "delegate": delegate_of(college, staff=staff),
        "staff": staff,
    }
    for role in ("facilitator", "delegate", "staff"):
        with_totp(people[role])
    return people


def site(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api(user) -> ApiClient:
    return ApiClient() if user is None else token_client(user)
