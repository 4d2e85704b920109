"""Live turnout over WebSocket: the count of participants only, after each vote commits.

Runs on the configured channel layer: in-memory by default, Redis in the second CI pass.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from club.asgi import application
from club.core.notifications.consumers import CLOSE_UNAUTHENTICATED
from tests.factories import CollegeFactory, StaffFactory, make_member
from tests.votes.factories import facilitator_of, make_ballot, option
from votes import services
from votes.consumers import CLOSE_FORBIDDEN

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://localhost")


def run_in_own_loop(scenario) -> None:
    """Run an async scenario on a fresh event loop in its own thread: a session-scoped
    Playwright browser (tests/e2e) keeps a loop running in the main thread of the worker."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, scenario()).result(timeout=60)


def session_cookie(user) -> tuple:
    client = Client()
    client.force_login(user)
    return (
        b"cookie",
        f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}".encode(),
    )


def setup_ballot():
    staff = StaffFactory()
    college = CollegeFactory()
    outsider = make_member(CollegeFactory(), staff=staff).user
    facilitator = facilitator_of(college, staff)
    voters = [make_member(college, staff=staff).user for _ in range(2)]
    ballot = make_ballot(college, facilitator, secret=True)
    return ballot, voters, outsider


def test_members_see_the_turnout_grow_and_nothing_else():
    run_in_own_loop(_turnout_grows)


async def _turnout_grows():
    ballot, voters, _ = await sync_to_async(setup_ballot)()
    cookie = await sync_to_async(session_cookie)(voters[1])
    communicator = WebsocketCommunicator(
        application, f"/ws/votes/{ballot.pk}/", headers=[ORIGIN, cookie]
    )
    connected, _ = await communicator.connect()
    assert connected
    assert await communicator.receive_json_from() == {
        "type": "turnout",
        "participants": 0,
        "electorate": 3,
    }

    def vote():
        services.cast_vote(ballot=ballot, voter=voters[0], option_ids=[option(ballot, "for").pk])

    await sync_to_async(vote)()
    message = await communicator.receive_json_from(timeout=5)
    # Only the count: no option, no partial result of a secret ballot.
    assert message == {"type": "turnout", "participants": 1, "electorate": 3}
    await communicator.disconnect()


def test_outsiders_and_anonymous_visitors_are_refused():
    run_in_own_loop(_outsiders_refused)


async def _outsiders_refused():
    ballot, _, outsider = await sync_to_async(setup_ballot)()
    communicator = WebsocketCommunicator(application, f"/ws/votes/{ballot.pk}/", headers=[ORIGIN])
    connected, code = await communicator.connect()
    assert (connected, code) == (False, CLOSE_UNAUTHENTICATED)
    cookie = await sync_to_async(session_cookie)(outsider)
    communicator = WebsocketCommunicator(
        application, f"/ws/votes/{ballot.pk}/", headers=[ORIGIN, cookie]
    )
    connected, code = await communicator.connect()
    assert (connected, code) == (False, CLOSE_FORBIDDEN)
