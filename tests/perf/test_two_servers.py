"""Scaling out: a post made through one server process reaches a reader on another.

Two Daphne processes share nothing but PostgreSQL and Redis (the channel layer), as in
production behind nginx. Runs in the PostgreSQL + Redis CI pass.
"""

import http.client
import json
import re
import time
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from websockets.sync.client import connect

from tests.factories import UserFactory, make_member
from tests.perf.servers import DaphneServer, server_env
from tests.threads.factories import make_facilitator, make_theme, make_thread

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not settings.REDIS_URL,
        reason="two server processes share a PostgreSQL database and a Redis channel layer",
    ),
    pytest.mark.django_db(transaction=True),
]


def session_for(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


@pytest.fixture
def two_servers():
    env = server_env()
    servers = [DaphneServer(env), DaphneServer(env)]
    try:
        yield [server.wait() for server in servers]
    finally:
        for server in servers:
            server.stop()


def post_through(server, thread, session: str, body: str) -> int:
    cookie = f"sessionid={session}"
    page = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    page.request("GET", f"/colleges/fils/{thread.pk}/", headers={"Cookie": cookie})
    response = page.getresponse()
    html = response.read().decode()
    assert response.status == 200
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    cookie += f"; csrftoken={csrf_cookie.group(1)}"
    page.request(
        "POST",
        f"/colleges/fils/{thread.pk}/repondre/",
        body=urlencode({"csrfmiddlewaretoken": token, "body": body}),
        headers={
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": server.origin + f"/colleges/fils/{thread.pk}/",
        },
    )
    response = page.getresponse()
    response.read()
    return response.status


def test_a_post_through_one_server_reaches_a_reader_on_the_other(college, two_servers):
    writer_server, reader_server = two_servers
    facilitator = make_facilitator(college)
    thread = make_thread(make_theme(college, facilitator), facilitator)
    writer = make_member(college, user=UserFactory(email="ecrit@club.example")).user
    reader = make_member(college, user=UserFactory(email="lit@club.example")).user

    with connect(
        f"ws://127.0.0.1:{reader_server.port}/ws/fils/{thread.pk}/",
        additional_headers={
            "Cookie": f"sessionid={session_for(reader)}",
            "Origin": reader_server.origin,
        },
        open_timeout=20,
    ) as socket:
        socket.send(json.dumps({"type": "catch_up", "since": thread.revision}))
        assert json.loads(socket.recv(timeout=20))["type"] in {"presence", "catch_up"}

        status = post_through(writer_server, thread, session_for(writer), "Vu aussi chez nous.")
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
