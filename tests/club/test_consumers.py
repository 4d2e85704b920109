"""The person's own socket refuses anonymous visitors and greets signed-in people.

Runs on the configured channel layer: in-memory by default, Redis in the second CI pass.
"""

import pytest
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from club.asgi import application
from club.core.notifications.consumers import CLOSE_UNAUTHENTICATED
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://localhost")


async def test_anonymous_connection_is_refused():
    communicator = WebsocketCommunicator(application, "/ws/me/", headers=[ORIGIN])
    connected, code = await communicator.connect()
    assert connected is False
    assert code == CLOSE_UNAUTHENTICATED


async def test_signed_in_person_is_accepted_and_answered():
    from asgiref.sync import sync_to_async

    def login_cookie():
        user = UserFactory()
        client = Client()
        client.force_login(user)
        return user, client.cookies[settings.SESSION_COOKIE_NAME].value

    user, session = await sync_to_async(login_cookie)()
    communicator = WebsocketCommunicator(
        application,
        "/ws/me/",
        headers=[ORIGIN, (b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode())],
    )
    connected, _ = await communicator.connect()
    assert connected is True
    assert await communicator.receive_json_from() == {"type": "hello", "user": user.pk, "unread": 0}
    await communicator.send_json_to({"type": "ping"})
    assert await communicator.receive_json_from() == {"type": "pong"}
    await communicator.disconnect()


async def test_foreign_origin_is_refused():
    communicator = WebsocketCommunicator(
        application, "/ws/me/", headers=[(b"origin", b"https://evil.example")]
    )
    connected, _ = await communicator.connect()
    assert connected is False
