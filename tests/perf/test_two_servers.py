"""Scaling out: a post made through one server process reaches a reader on another.

Two Daphne processes share nothing but PostgreSQL and Redis (the channel layer), as in
production behind nginx. Runs in the PostgreSQL + Redis CI pass.
"""

import json
import time

import pytest
from django.conf import settings
from django.db import connection
from websockets.sync.client import connect

from tests.factories import UserFactory, make_member
from tests.reliability.servers import DaphneServer, SignedInClient, session_cookie_for
from tests.threads.factories import make_facilitator, make_theme, make_thread

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not settings.REDIS_URL,
        reason="two server processes share a PostgreSQL database and a Redis channel layer",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def two_servers():
    # This worker's own Redis database (settings_test), so parallel runs never cross.
    servers = [DaphneServer(redis_url=settings.REDIS_URL) for _ in range(2)]
    try:
        yield [server.start() for server in servers]
    finally:
        for server in servers:
            server.stop()


def test_a_post_through_one_server_reaches_a_reader_on_the_other(college, two_servers):
    writer_server, reader_server = two_servers
    facilitator = make_facilitator(college)
    thread = make_thread(make_theme(college, facilitator), facilitator)
    writer = make_member(college, user=UserFactory(email="ecrit@club.example")).user
    reader = make_member(college, user=UserFactory(email="lit@club.example")).user

    with connect(
        f"ws://127.0.0.1:{reader_server.port}/ws/fils/{thread.pk}/",
        additional_headers={
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_cookie_for(reader)}",
            "Origin": f"http://{reader_server.host}",
        },
        open_timeout=20,
    ) as socket:
        socket.send(json.dumps({"type": "catch_up", "since": thread.revision}))
        assert json.loads(socket.recv(timeout=20))["type"] in {"presence", "catch_up"}

        status, _headers, _body = SignedInClient(writer_server, writer).post(
            f"/colleges/fils/{thread.pk}/repondre/", {"body": "Vu aussi chez nous."}
        )
        assert status == 302

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            message = json.loads(socket.recv(timeout=deadline - time.monotonic()))
            if message["type"] == "post":
                break
        else:
            pytest.fail("the post never reached the other server's reader")
    assert "Vu aussi chez nous." in message["html"]
    assert message["id"] == thread.posts.latest("pk").pk
